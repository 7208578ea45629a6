/**
 * The configured pools as clean-up sees them: whole listings (every page) and deletes, through the suite's
 * ApiClient without any verdict (check: false), so that a faulty target cannot stop clean-up half-way and
 * profile-specific behaviour of the client (retries, waiting for a busy load balancer) applies to it too.
 */
import type { ApiClient, ApiResponse, OperationId } from '../http/client';
import type { TargetConfig } from '../settings/target';
import { v2ListingPages } from '../v2/listing-pages';
import type { MemberApi, MemberPlace } from './journal';

export interface PoolMember extends MemberPlace {
  id: string;
  name: unknown;
  address: unknown;
  port: unknown;
}

const PAGE = 500;
/** A pool larger than this many pages is not walked further: a listing that never ends is not followed. */
const MAX_PAGES = 10_000;

/** Every configured pool: the v2.0 ones, then the v3 ones (when the profile offers v3). */
export function configuredPools(target: TargetConfig): MemberPlace[] {
  const pools: MemberPlace[] = [];
  for (const poolId of [target.v2?.poolId, target.v2?.otherPoolId])
    if (poolId) pools.push({ api: 'v2', poolId });
  for (const poolId of [target.v3?.poolId, target.v3?.otherPoolId, target.v3?.udpPoolId])
    if (poolId) pools.push({ api: 'v3', poolId });
  return pools;
}

function failure(what: string, response: ApiResponse): Error {
  return new Error(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
}

interface RawMember {
  id?: unknown;
  name?: unknown;
  address?: unknown;
  protocol_port?: unknown;
}

function toMember(place: MemberPlace, raw: RawMember): PoolMember | undefined {
  if (typeof raw.id !== 'string' || raw.id === '') return undefined;
  return { ...place, id: raw.id, name: raw.name, address: raw.address, port: raw.protocol_port };
}

/** Every member of the pool, page after page, each once. */
export async function listPool(
  api: ApiClient,
  target: TargetConfig,
  place: MemberPlace,
): Promise<PoolMember[]> {
  const byId = new Map<string, PoolMember>();
  const pages = place.api === 'v2' ? v2Pages(api, target, place.poolId) : v3Pages(api, target, place.poolId);
  let read = 0;
  for await (const raws of pages) {
    let fresh = 0;
    for (const raw of raws) {
      const member = toMember(place, raw);
      if (member && !byId.has(member.id)) {
        byId.set(member.id, member);
        fresh++;
      }
    }
    // A page with nothing new ends the walk too: a target that repeats pages must not keep clean-up busy.
    if (fresh === 0 || ++read >= MAX_PAGES) break;
  }
  return [...byId.values()];
}

async function* v2Pages(api: ApiClient, target: TargetConfig, poolId: string): AsyncGenerator<RawMember[]> {
  for await (const response of v2ListingPages(api, target.url, poolId, PAGE)) {
    const members = (response.json as { members?: unknown } | undefined)?.members;
    if (response.status !== 200 || !Array.isArray(members))
      throw failure(`listing v2.0 pool ${poolId}`, response);
    yield members as RawMember[];
  }
}

async function* v3Pages(api: ApiClient, target: TargetConfig, poolId: string): AsyncGenerator<RawMember[]> {
  let marker: string | undefined;
  for (;;) {
    const response = await api.call('listMembersV3', {
      path: { project_id: target.v3?.projectId ?? '', pool_id: poolId },
      query: { limit: PAGE, marker },
      check: false,
    });
    const body = response.json as { members?: unknown; page_info?: { next_marker?: unknown } } | undefined;
    if (response.status !== 200 || !Array.isArray(body?.members))
      throw failure(`listing v3 pool ${poolId}`, response);
    const raws = body.members as RawMember[];
    yield raws;
    const next = body.page_info?.next_marker;
    if (raws.length === 0 || typeof next !== 'string' || next === '') return;
    marker = next;
  }
}

const DELETE: Record<MemberApi, OperationId> = { v2: 'deleteMemberV2', v3: 'deleteMemberV3' };

/**
 * Deletes one member. Returns the status the delete was answered with, a success or 404; either way clean-up
 * then confirms the member gone by a read (a 404 to the delete is no proof).
 */
export async function deleteMember(
  api: ApiClient,
  target: TargetConfig,
  place: MemberPlace,
  id: string,
): Promise<number> {
  const path: Record<string, string> = { pool_id: place.poolId, member_id: id };
  if (place.api === 'v3') path.project_id = target.v3?.projectId ?? '';
  const response = await api.call(DELETE[place.api], { path, check: false });
  if (response.status === 404) return 404;
  if (response.status < 200 || response.status > 299)
    throw failure(
      `deleting ${place.api === 'v2' ? 'v2.0' : 'v3'} member ${id} of pool ${place.poolId}`,
      response,
    );
  return response.status;
}

/** "v3 pool <id>: member <id> "<name>" <address>:<port>", leaving out what is not known. */
export function describe(member: PoolMember): string {
  const api = member.api === 'v2' ? 'v2.0' : 'v3';
  const name = member.name === undefined ? '' : ` ${JSON.stringify(member.name)}`;
  const where =
    member.address === undefined && member.port === undefined
      ? ''
      : ` ${String(member.address)}:${String(member.port)}`;
  return `${api} pool ${member.poolId}: member ${member.id}${name}${where}`;
}
