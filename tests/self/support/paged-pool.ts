/**
 * An in-memory v3 pool that answers listings (limit up to 2000, marker, next_marker; 2000 without limit) and
 * member reads, in place of an ApiClient: for checking how V3Members reads listings of thousands of members,
 * page by page, with the pool changing between two requests or a marker that is off by one.
 */
import type { ApiClient, ApiResponse, CallOptions } from '../../../src/http/client';
import type { Exchange } from '../../../src/http/exchange';
import type { TargetConfig } from '../../../src/settings';
import { V3Members, type V3Member } from '../../../src/v3/members';

const MAX = 2000;

export interface PagedPool {
  members: V3Member[];
  /** The query of every listing, in order. */
  listings: Record<string, unknown>[];
  /** Where a page after a marker starts, relative to right after it (1: skips one, -1: repeats the marker). */
  shift: number;
  /** Runs before every listing after the first one since it was set. */
  betweenPages?: () => void;
  v3(judging?: string[]): V3Members;
}

export function member(n: number): V3Member {
  return {
    id: `m-${String(n).padStart(5, '0')}`,
    name: n % 2 === 0 ? 'even' : 'odd',
    project_id: 'p',
    address: `10.0.${Math.floor(n / 250)}.${n % 250}`,
    protocol_port: 80,
    weight: 1,
    admin_state_up: true,
    operating_status: 'ONLINE',
    ip_version: 'v4',
  };
}

function reply(status: number, body: unknown): ApiResponse {
  const text = JSON.stringify(body);
  const exchange: Exchange = {
    method: 'GET',
    url: 'http://127.0.0.1/',
    requestHeaders: {},
    status,
    statusText: '',
    responseHeaders: {},
    responseBody: text.slice(0, 200),
    durationMs: 0,
    retries: [],
  };
  return { status, headers: {}, text, json: body, exchange };
}

export function pagedPool(count: number): PagedPool {
  const pool: PagedPool = {
    members: Array.from({ length: count }, (_, n) => member(n)),
    listings: [],
    shift: 0,
    v3: (judging = []) =>
      new V3Members(
        api,
        {} as TargetConfig,
        { projectId: 'p', poolId: 'pool' },
        undefined,
        undefined,
        '',
        judging,
      ),
  };
  const list = (query: NonNullable<CallOptions['query']>): ApiResponse => {
    if (pool.listings.length > 0) pool.betweenPages?.();
    pool.listings.push({ ...query });
    const { limit, marker, ...filters } = query;
    const matching = pool.members.filter((m) =>
      Object.entries(filters).every(([name, value]) => String(m[name]) === String(value)),
    );
    const after =
      limit === undefined || marker === undefined ? 0 : matching.findIndex((m) => m.id === marker) + 1;
    const start = Math.max(0, after === 0 ? 0 : after + pool.shift);
    const items = matching.slice(start, start + Number(limit ?? MAX));
    const more = start + items.length < matching.length;
    const last = items.at(-1);
    return reply(200, {
      members: items,
      page_info: {
        ...(items[0] ? { previous_marker: items[0].id } : {}),
        ...(more && last ? { next_marker: last.id } : {}),
        current_count: items.length,
      },
    });
  };
  const api = {
    call: async (operationId: string, options: CallOptions = {}): Promise<ApiResponse> => {
      if (operationId === 'listMembersV3') return list(options.query ?? {});
      if (operationId === 'showMemberV3') {
        const found = pool.members.find((m) => m.id === options.path?.member_id);
        return found ? reply(200, { member: found }) : reply(404, {});
      }
      throw new Error(`${operationId} is not played here`);
    },
  } as unknown as ApiClient;
  return pool;
}
