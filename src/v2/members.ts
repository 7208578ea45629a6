import { ConformanceFailure } from '../http/failure';
import type { ApiClient, ApiResponse } from '../http/client';
import type { ExpectedStatus } from '../http/expect';
import type { Query } from '../http/request';
import { edited, MemberVerbs, type InPool, type Judged } from '../member-verbs';
import { expectHeld } from '../rules/enforce';
import { storedNothing, type RefusedCreate } from '../rules/refused';
import { v2ListingPages } from './listing-pages';
import type { Cidr } from '../target/cidr';
import type { EndpointAllocator, Endpoint } from '../target/allocator';
import type { TargetConfig, V2Target } from '../settings/target';

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

/** The create body of a valid member (docs/vendor/v2.0-add-backend-server.txt:28-75). */
export type V2MemberBody = {
  address: string;
  protocol_port: number;
  subnet_id?: string;
  name?: string;
  weight?: number;
  admin_state_up?: boolean;
  tenant_id?: string;
};

/** What a test chooses of a valid member: its optional fields; undefined leaves one out. */
export type V2Fields = Partial<Omit<V2MemberBody, 'address' | 'protocol_port'>>;

const PAGE = 500;

/** The v2.0 member API as the tests use it: valid bodies from the allocator, create, read back, list, find. */
export class V2Members extends MemberVerbs<V2Member, V2MemberBody> {
  protected readonly api = 'v2';

  protected get createSuccess(): ExpectedStatus {
    return this.target.profile.v2CreateSuccess;
  }

  constructor(
    client: ApiClient,
    target: TargetConfig,
    protected readonly settings: V2Target,
    /** Absent in read-only mode, where nothing is created. */
    private readonly allocator: EndpointAllocator | undefined,
    namePrefix: string,
  ) {
    super(client, target, namePrefix);
  }

  /** Where the test's members go: the address range of TARGET_V2_ADDRESS_CIDR. */
  get endpoints(): EndpointAllocator {
    if (!this.allocator) throw new Error('no address range to create members from (TARGET_READ_ONLY=1?)');
    return this.allocator;
  }

  /** The subnet_id of the members, when one is configured (TARGET_V2_SUBNET_ID). */
  get subnetId(): string | undefined {
    return this.settings.subnetId;
  }

  /** An IPv6 subnet of the project, which a create must refuse as its subnet_id (TARGET_V2_SUBNET6_ID). */
  get subnet6Id(): string | undefined {
    return this.settings.subnet6Id;
  }

  /** The subnet of subnet_id, when TARGET_V2_SUBNET_CIDR gives it. */
  get subnetCidr(): Cidr | undefined {
    return this.settings.subnetCidr;
  }

  protected poolPath(pool: string): Record<string, string> {
    return { pool_id: pool };
  }

  /** A valid member on the given (or a fresh) endpoint, named with the run's prefix, with the fields chosen. */
  member(
    fields: V2Fields = {},
    { endpoint = this.endpoints.next() }: { endpoint?: Endpoint } = {},
  ): V2MemberBody {
    const base: V2MemberBody = {
      address: endpoint.address,
      protocol_port: endpoint.port,
      name: `${this.namePrefix}${endpoint.address}-${endpoint.port}`,
      ...(this.settings.subnetId !== undefined ? { subnet_id: this.settings.subnetId } : {}),
    };
    return edited(base, fields) as V2MemberBody;
  }

  /**
   * A create that `requirement` refuses: sent expecting a 4xx (a member accepted after all is deleted at once),
   * then the pool is read for what the create may have stored on the endpoint, which storedNothing judges.
   */
  async refusedCreate(requirement: RefusedCreate, body: unknown, endpoint: Endpoint): Promise<void> {
    await this.rejectedCreate(body, { expect: '4xx' });
    expectHeld([storedNothing(requirement, await this.storedOn(endpoint), endpoint)]);
  }

  /**
   * A create that must be rejected (`expect` a 4xx): a member the target accepted after all is deleted at once,
   * so that the cases fast-check tries next (shrinking) do not collide with it, and the failure is thrown.
   */
  rejectedCreate(body: unknown, judged: Judged): Promise<ApiResponse> {
    return this.createRaw(body, judged).catch(async (error: unknown) => {
      await this.discardAccepted(error, judged);
      throw error;
    });
  }

  /** After a create that was to be rejected failed its test: deletes the member when the target accepted it. */
  private async discardAccepted(error: unknown, { pool = this.pool }: InPool = {}): Promise<void> {
    const exchange = error instanceof ConformanceFailure ? error.exchange : undefined;
    if (!exchange || exchange.method !== 'POST' || exchange.status < 200 || exchange.status > 299) return;
    let id: unknown;
    try {
      const body = JSON.parse(exchange.responseBody) as { member?: { id?: unknown }; id?: unknown };
      id = body.member?.id ?? body.id;
    } catch {
      return;
    }
    if (typeof id === 'string' && id !== '') await this.unchecked('delete', id, pool);
  }

  /** A listing of the pool with this query: its status the test demands (`expect`), or nobody (`check: false`). */
  listRaw(query: Query, { pool = this.pool, spellings: _, ...judged }: Judged): Promise<ApiResponse> {
    return this.client.call('listMembersV2', { path: { pool_id: pool }, query, ...judged });
  }

  /**
   * One page of the listing with this query, for a rule to judge: only its status (200) and that it holds a
   * `members` array are demanded here.
   */
  async listPage(
    query: Query,
    { pool = this.pool }: InPool = {},
  ): Promise<{ response: ApiResponse; members: V2Member[] }> {
    const response = await this.listRaw(query, { pool, check: false });
    this.client.expectStatus('listMembersV2', response, 200, 'a page of the listing');
    const body = response.json as { members?: unknown } | undefined;
    if (!Array.isArray(body?.members))
      throw new ConformanceFailure('the v2.0 listing has no "members" array', response.exchange);
    return { response, members: body.members as V2Member[] };
  }

  /**
   * Every member of the pool, page by page, as the target lists it (the pool may hold members of others).
   * A bookkeeping read: the listing is not checked against the contract, since members that others created
   * are no evidence against the running test; only what the bookkeeping needs (an id, the address and port)
   * is required. Pages follow `members_links` "next" (docs/readings.md §2); a target that sends no links is paged
   * by marker while its pages are full.
   */
  async listing({ pool = this.pool }: InPool = {}): Promise<V2Member[]> {
    const members: V2Member[] = [];
    const seen = new Set<string>();
    for await (const response of v2ListingPages(this.client, this.target.url, pool, PAGE)) {
      this.client.expectStatus('listMembersV2', response, 200, 'a listing of the pool');
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
  private async deleteUnreadable(pool: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const id of await this.client.poolMemberIds(pool)) {
      if ((await this.unchecked('read', id, pool)).status !== 400) continue;
      await this.unchecked('delete', id, pool);
      deleted.push(id);
    }
    return deleted;
  }

  /**
   * Fails when the pool holds a member made from any of the bodies of rejected creates (same address and
   * port, or the same run-prefixed name): a rejected create must change nothing. What it finds is handed to
   * clean-up.
   */
  async expectNoneStored(rejected: readonly object[], { pool = this.pool }: InPool = {}): Promise<void> {
    if (rejected.length === 0) return;
    const bodies = rejected as readonly Record<string, unknown>[];
    const pairs = new Set(
      bodies.map((m) => `${JSON.stringify(m.address)}|${JSON.stringify(m.protocol_port)}`),
    );
    const names = new Set(
      bodies
        .map((m) => m.name)
        .filter((n): n is string => typeof n === 'string' && n.startsWith(this.namePrefix)),
    );
    const listing = await this.listing({ pool }).catch(async (error: unknown) => {
      if (!(error instanceof ConformanceFailure)) throw error;
      // A rejected create that broke the listing (Octavia stores an address sent as a JSON number, then
      // fails every listing of the pool with 400): clean up what can be found before failing.
      const deleted = await this.deleteUnreadable(pool).catch(() => []);
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
    for (const member of stored) this.adopt(member, pool);
    if (stored.length > 0) {
      const list = stored.map((m) => `${m.address}:${m.protocol_port} "${m.name}" (id ${m.id})`).join(', ');
      throw new ConformanceFailure(`rejected creates were stored anyway: the pool now holds ${list}`);
    }
  }
}
