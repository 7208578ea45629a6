import { sendCreate } from '../cleanup/unprefixed';
import type { ApiClient, ApiResponse, CallOptions } from '../http/client';
import { ConformanceFailure } from '../http/failure';
import { expectStatus, type ExpectedStatus } from '../http/expect';
import { v2ListingPages } from './listing-pages';
import type { EndpointAllocator, Endpoint } from '../target/allocator';
import type { TargetConfig, V2Target } from '../target/config';

export interface V2Member {
  id: string;
  tenant_id?: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_id?: string | null;
  admin_state_up: boolean;
  weight: number;
  operating_status: string;
  [field: string]: unknown;
}

const PAGE = 500;

/** The v2.0 member API as the tests use it: valid bodies from the allocator, create, read back, list, find. */
export class V2Members {
  constructor(
    private readonly api: ApiClient,
    readonly target: TargetConfig,
    readonly v2: V2Target,
    readonly endpoints: EndpointAllocator,
    readonly namePrefix: string,
  ) {}

  /** A valid member on the given (or a fresh) endpoint; overrides replace or, with undefined, remove fields. */
  member(
    overrides: Record<string, unknown> = {},
    endpoint: Endpoint = this.endpoints.next(),
  ): Record<string, unknown> {
    const base: Record<string, unknown> = {
      address: endpoint.address,
      protocol_port: endpoint.port,
      name: `${this.namePrefix}${endpoint.address}-${endpoint.port}`,
    };
    if (this.v2.subnetId !== undefined) base.subnet_id = this.v2.subnetId;
    for (const [field, value] of Object.entries(overrides)) {
      if (value === undefined) delete base[field];
      else base[field] = value;
    }
    return base;
  }

  create(
    member: unknown,
    expect: ExpectedStatus | undefined,
    poolId = this.v2.poolId,
    extra: CallOptions = {},
  ): Promise<ApiResponse> {
    return sendCreate('v2', poolId, member, this.namePrefix, () =>
      this.api.call('createMemberV2', { path: { pool_id: poolId }, json: { member }, expect, ...extra }),
    );
  }

  /** Creates and returns the member of the 201 response. */
  async createOk(
    member: unknown,
    poolId = this.v2.poolId,
  ): Promise<{ response: ApiResponse; member: V2Member }> {
    const response = await this.create(member, 201, poolId);
    return { response, member: (response.json as { member: V2Member }).member };
  }

  async show(id: string, poolId = this.v2.poolId): Promise<{ response: ApiResponse; member: V2Member }> {
    const response = await this.api.call('showMemberV2', {
      path: { pool_id: poolId, member_id: id },
      expect: 200,
    });
    return { response, member: (response.json as { member: V2Member }).member };
  }

  async delete(id: string, poolId = this.v2.poolId): Promise<void> {
    await this.api.call('deleteMemberV2', { path: { pool_id: poolId, member_id: id }, expect: [204, 404] });
  }

  /**
   * After a create that was to be rejected failed its test: deletes the member when the target accepted it
   * after all, at once, so that the cases fast-check tries next (shrinking) do not collide with it.
   */
  async discardAccepted(error: unknown, poolId = this.v2.poolId): Promise<void> {
    const exchange = error instanceof ConformanceFailure ? error.exchange : undefined;
    if (!exchange || exchange.method !== 'POST' || exchange.status < 200 || exchange.status > 299) return;
    let id: unknown;
    try {
      const body = JSON.parse(exchange.responseBody) as { member?: { id?: unknown }; id?: unknown };
      id = body.member?.id ?? body.id;
    } catch {
      return;
    }
    if (typeof id === 'string' && id !== '')
      await this.api.call('deleteMemberV2', { path: { pool_id: poolId, member_id: id }, check: false });
  }

  /**
   * Every member of the pool, page by page, as the target lists it (the pool may hold members of others).
   * A bookkeeping read: the listing is not checked against the contract, since members that others created
   * are no evidence against the running test; only what the bookkeeping needs (an id, the address and port)
   * is required. Pages follow `members_links` "next" (docs/readings.md §2); a target that sends no links is paged
   * by marker while its pages are full.
   */
  async list(poolId = this.v2.poolId): Promise<V2Member[]> {
    const members: V2Member[] = [];
    const seen = new Set<string>();
    for await (const response of v2ListingPages(this.api, this.target.url, poolId, PAGE)) {
      expectStatus(response, 200, 'a listing of the pool');
      const body = response.json as { members?: unknown } | undefined;
      if (!Array.isArray(body?.members))
        throw new ConformanceFailure('the v2.0 listing has no "members" array', response.exchange);
      for (const member of body.members as V2Member[]) {
        if (typeof member?.id !== 'string' || member.id === '')
          throw new ConformanceFailure('the v2.0 listing holds a member without an id', response.exchange);
        if (seen.has(member.id))
          throw new ConformanceFailure(`the v2.0 listing repeats member ${member.id}`, response.exchange);
        seen.add(member.id);
        members.push(member);
      }
    }
    return members;
  }

  /**
   * Members the pool's own record names (GET /v2.0/lbaas/pools/{pool_id}, OpenStack's `pool.members`) that
   * cannot be read back one by one: deleted, so that a target whose listing broke on them recovers. Only
   * for clean-up after a failure; a target without that endpoint has nothing to recover.
   */
  async deleteUnreadable(poolId = this.v2.poolId): Promise<string[]> {
    const deleted: string[] = [];
    const pool = await this.api.poolMemberIds(poolId);
    for (const id of pool) {
      const shown = await this.api.call('showMemberV2', {
        path: { pool_id: poolId, member_id: id },
        check: false,
      });
      if (shown.status !== 400) continue;
      await this.api.call('deleteMemberV2', { path: { pool_id: poolId, member_id: id }, check: false });
      deleted.push(id);
    }
    return deleted;
  }

  /** The members of the pool that hold the given endpoint. */
  async holding(endpoint: Endpoint, poolId = this.v2.poolId): Promise<V2Member[]> {
    return (await this.list(poolId)).filter(
      (m) => m.address === endpoint.address && m.protocol_port === endpoint.port,
    );
  }

  /**
   * Fails when the pool holds a member made from any of the bodies of rejected creates (same address and
   * port, or the same run-prefixed name): a rejected create must change nothing. What it finds is handed to
   * clean-up.
   */
  async expectNoneStored(
    rejected: readonly Record<string, unknown>[],
    adopt: (id: string) => void,
    poolId = this.v2.poolId,
  ): Promise<void> {
    if (rejected.length === 0) return;
    const pairs = new Set(
      rejected.map((m) => `${JSON.stringify(m.address)}|${JSON.stringify(m.protocol_port)}`),
    );
    const names = new Set(
      rejected
        .map((m) => m.name)
        .filter((n): n is string => typeof n === 'string' && n.startsWith(this.namePrefix)),
    );
    const listing = await this.list(poolId).catch(async (error: unknown) => {
      if (!(error instanceof ConformanceFailure)) throw error;
      // A rejected create that broke the listing (Octavia stores an address sent as a JSON number, then
      // fails every listing of the pool with 400): clean up what can be found before failing.
      const deleted = await this.deleteUnreadable(poolId).catch(() => []);
      const recovered =
        deleted.length > 0
          ? ` (clean-up deleted ${deleted.length} unreadable member(s): ${deleted.join(', ')})`
          : '';
      throw new ConformanceFailure(
        `the pool cannot be listed after creates that were rejected, so they changed it${recovered}: ` +
          (error.message.split('\n')[0] ?? ''),
        error.exchange,
      );
    });
    const stored = listing.filter(
      (m) =>
        pairs.has(`${JSON.stringify(m.address)}|${JSON.stringify(m.protocol_port)}`) || names.has(m.name),
    );
    for (const member of stored) adopt(member.id);
    if (stored.length > 0) {
      const list = stored.map((m) => `${m.address}:${m.protocol_port} "${m.name}" (id ${m.id})`).join(', ');
      throw new ConformanceFailure(`rejected creates were stored anyway: the pool now holds ${list}`);
    }
  }
}
