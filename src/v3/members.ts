import type { ApiClient, ApiResponse, CallOptions } from '../http/client';
import type { ExpectedStatus } from '../http/expect';
import { ConformanceFailure } from '../http/failure';
import { NoVerdict } from '../http/no-verdict';
import { everyListing } from '../rules/every-listing';
import {
  createdDefaults,
  createdTimes,
  listedAsSent,
  subnetAddress,
  AS_SENT,
  type CreatedMember,
  type KnownSubnet,
} from '../rules/v3-members';
import { walkForward } from '../rules/v3-paging';
import { expectHeld } from '../rules/enforce';
import { edited, MemberVerbs, type InPool, type Judged } from '../member-verbs';
import type { Endpoint, EndpointAllocator } from '../target/allocator';
import type { TargetConfig, V3Target } from '../settings/target';
import { SHARED_LIMITS } from '../target/profiles';

export interface V3Member {
  id: string;
  name: string;
  project_id: string;
  address: string;
  protocol_port: number;
  weight: number;
  admin_state_up: boolean;
  subnet_cidr_id?: string | null;
  operating_status: string;
  ip_version: string;
  member_type?: string;
  instance_id?: string;
  [field: string]: unknown;
}

export interface PageInfo {
  previous_marker?: string;
  next_marker?: string;
  current_count: number;
}

export interface Page {
  response: ApiResponse;
  members: V3Member[];
  info: PageInfo;
}

export type Filters = Record<string, string[]>;

/** The create body of a valid member (subnet_cidr_id absent: IP as a backend). */
export type V3MemberBody = {
  address: string;
  protocol_port: number;
  subnet_cidr_id?: string;
  name?: string;
  weight?: number;
  admin_state_up?: boolean;
};

/** What a test chooses of a valid member: its optional fields; undefined leaves one out. */
export type V3Fields = Partial<Pick<V3MemberBody, 'name' | 'weight' | 'admin_state_up'>>;

/** How one listing request is sent and judged: 200 unless `expect` says otherwise. */
export interface PageOptions extends InPool {
  expect?: ExpectedStatus;
  token?: CallOptions['token'];
}

/** A whole listing, or the listing a check compares with: of the configured pool unless named, filtered. */
export interface ListingOptions extends InPool {
  filters?: Filters;
}

/** The kinds of member a pool can hold: IPv4 or IPv6 in a subnet, or IP as a backend (no subnet). */
export type MemberKind = 'v4' | 'v6' | 'ip';

/** How many times a walk is repeated when the pool changed under it (someone else wrote to it meanwhile). */
const STABILITY_ATTEMPTS = 3;

/** The most members a page may hold (limit 0..2000), and what a request without limit gets. */
export const MAX_LIMIT = SHARED_LIMITS.pageLimit.max;

/**
 * A walk takes about this many pages at most: on a listing of thousands a page of 1 would take thousands of
 * requests, and forty pages catch a broken marker as surely as thousands do.
 */
export const WALK_PAGES = 40;

/** A listing read past this many pages of MAX_LIMIT is not followed further: it does not end. */
const MAX_LISTING_PAGES = 1000;

/** The rules a listing read past its first page breaks when a page does not start right after its marker. */
const CONTINUATION_RULES = ['V3-MARKER-CONTINUITY', 'V3-WALK-FORWARD'];

/** The pool changed while it was being read (someone else wrote to it): what was read proves nothing. */
export class PoolChanged extends NoVerdict {}

/** The v3 member API as the tests use it: members of each kind, pages, whole walks in both directions. */
export class V3Members extends MemberVerbs<V3Member, V3MemberBody> {
  protected readonly api = 'v3';
  protected readonly createSuccess = 201;

  constructor(
    client: ApiClient,
    target: TargetConfig,
    protected readonly settings: V3Target,
    /** Absent in read-only mode, where nothing is created. */
    private readonly endpoints4: EndpointAllocator | undefined,
    private readonly endpoints6: EndpointAllocator | undefined,
    namePrefix: string,
    /** The requirements of the test that reads through it (see `broken`). */
    private readonly judging: readonly string[] = [],
  ) {
    super(client, target, namePrefix);
  }

  /** The IPv4 subnet, when TARGET_V3_SUBNET_CIDR gives its whole range. */
  private get knownSubnet(): KnownSubnet | undefined {
    const { subnetId, subnetCidr } = this.settings;
    return subnetId && subnetCidr ? { id: subnetId, cidr: subnetCidr } : undefined;
  }

  /** The members this test created, by id, with what their creates sent: what every listing holds them to. */
  private readonly made = new Map<string, CreatedMember>();

  /** Sends the create, and keeps what a success created for the rules of its listing (src/rules/v3-members.ts). */
  override async createRaw(body: unknown, options: Judged): Promise<ApiResponse> {
    const response = await super.createRaw(body, options);
    if (response.status !== this.createSuccess || typeof body !== 'object' || body === null) return response;
    const id = (response.json as { member?: { id?: unknown } } | null | undefined)?.member?.id;
    const date = Date.parse(response.headers['date'] ?? '');
    if (typeof id === 'string')
      this.made.set(id, {
        weightGiven: 'weight' in body,
        subnetGiven: 'subnet_cidr_id' in body,
        sent: Object.fromEntries(AS_SENT.map((field) => [field, (body as Record<string, unknown>)[field]])),
        answeredAt: Number.isNaN(date) ? Date.now() : date,
      });
    return response;
  }

  /** A pool whose protocol is none of TCP, HTTP, HTTPS (TARGET_V3_UDP_POOL_ID). */
  get udpPool(): string | undefined {
    return this.settings.udpPoolId;
  }

  protected poolPath(pool: string): Record<string, string> {
    return { project_id: this.settings.projectId, pool_id: pool };
  }

  get kinds(): MemberKind[] {
    return this.endpoints6 ? ['v4', 'v6', 'ip'] : ['v4', 'ip'];
  }

  endpoint(kind: MemberKind): Endpoint {
    if (kind === 'v6') {
      if (!this.endpoints6) throw new Error('no IPv6 range is configured (TARGET_V3_ADDRESS6_CIDR)');
      return this.endpoints6.next();
    }
    if (!this.endpoints4) throw new Error('no address range to create members from (TARGET_READ_ONLY=1?)');
    return this.endpoints4.next();
  }

  /** A valid member of the given kind on a fresh endpoint, named with the run's prefix, with the fields chosen. */
  member(kind: MemberKind, fields: V3Fields = {}): V3MemberBody {
    const { address, port } = this.endpoint(kind);
    const subnet =
      kind === 'v6' ? this.settings.subnet6?.id : kind === 'v4' ? this.settings.subnetId : undefined;
    const base: V3MemberBody = {
      address,
      protocol_port: port,
      name: `${this.namePrefix}${address}-${port}`,
      ...(subnet ? { subnet_cidr_id: subnet } : {}),
    };
    return edited(base, fields) as V3MemberBody;
  }

  /**
   * One listing request; checks that every member's ip_version agrees with its address, and its project_id
   * with the path's. A request without limit asks for the whole listing: when the target answers it with its
   * default page and names a next_marker (a pool of more than 2000 members), the rest is read too (see
   * `rest`), so that the caller sees the listing whole; `response` and `info` are those of the request the
   * caller asked for.
   */
  async page(query: CallOptions['query'] = {}, options: PageOptions = {}): Promise<Page> {
    const first = await this.request(query, options);
    if (query.limit !== undefined || first.response.status !== 200) return first;
    return { ...first, members: await this.rest(first, query, options) };
  }

  private async request(query: CallOptions['query'], options: PageOptions): Promise<Page> {
    const response = await this.client.call('listMembersV3', {
      path: this.poolPath(options.pool ?? this.pool),
      query,
      expect: options.expect ?? 200,
      token: options.token,
    });
    const body = (response.json ?? {}) as { members?: V3Member[]; page_info?: PageInfo };
    const members = body.members ?? [];
    if (response.status === 200) {
      const findings = [
        ...everyListing(members, this.settings.projectId),
        ...createdDefaults(members, this.made),
        ...createdTimes(members, this.made),
        ...listedAsSent(members, this.made),
        ...subnetAddress(members, this.knownSubnet),
      ];
      expectHeld(findings, response.exchange, { against: true });
    }
    return { response, members, info: body.page_info ?? { current_count: 0 } };
  }

  /**
   * The members of a listing asked for without limit: those of its first answer, then, while the last page
   * read names a next_marker, the following pages (limit 2000, the same filters). Each one is read from the
   * next-to-last member seen, so that it must start with the last one: a page that does not breaks
   * V3-MARKER-CONTINUITY, unless the pool changed meanwhile (then PoolChanged, no verdict).
   */
  private async rest(
    first: Page,
    query: NonNullable<CallOptions['query']>,
    options: PageOptions,
  ): Promise<V3Member[]> {
    const { marker: _marker, page_reverse: _reverse, ...filters } = query;
    const members = [...first.members];
    const seen = new Set(ids(members));
    for (let page = first, pages = 1; page.info.next_marker !== undefined; pages++) {
      const last = members[members.length - 1];
      if (!last || page.members.length === 0) break;
      if (pages > MAX_LISTING_PAGES)
        throw ConformanceFailure.against(
          'V3-WALK-FORWARD',
          `the listing has not ended after ${pages} pages of ${MAX_LIMIT}`,
          page.response.exchange,
        );
      const before = members[members.length - 2];
      page = await this.request(
        { ...filters, limit: MAX_LIMIT, marker: (before ?? last).id },
        { pool: options.pool, token: options.token },
      );
      const fresh = before ? await this.afterOverlap(page, before, last, seen, options.pool) : page.members;
      if (fresh.length === 0) break;
      expectHeld(walkForward([[...seen], ids(fresh)]), page.response.exchange, {
        against: true,
        context: 'the listing read past its first page',
      });
      for (const member of fresh) {
        seen.add(member.id);
        members.push(member);
      }
    }
    return members;
  }

  /** The members of a page read from `before` that follow `last`, which must come first on it. */
  private async afterOverlap(
    page: Page,
    before: V3Member,
    last: V3Member,
    seen: ReadonlySet<string>,
    pool: string | undefined,
  ): Promise<V3Member[]> {
    const at = page.members.findIndex((m) => m.id === last.id);
    if (at === 0) return page.members.slice(1);
    const starts = page.members[0]?.id ?? '(nothing: the page is empty)';
    // It breaks both continuation rules: a test of either reports it as its own, any other test as a break of
    // V3-MARKER-CONTINUITY, so that it is never taken for a break of the rule that test checks.
    const own = CONTINUATION_RULES.some((id) => this.judging.includes(id));
    const broken = (why: string) =>
      new ConformanceFailure(
        `reading the listing past its first page: the page after marker ${before.id} (limit ` +
          `${MAX_LIMIT}) starts with ${starts}, ${why}; on the page before, ${last.id} came right after ${before.id}`,
        page.response.exchange,
        undefined,
        own ? undefined : CONTINUATION_RULES[0],
      );
    if (at > 0) {
      // Members between two neighbours are either new (someone added them) or listed already (a broken marker).
      if (page.members.slice(0, at).some((m) => seen.has(m.id))) throw broken('a member listed before it');
      throw new PoolChanged(`members were added to the pool while its listing was read`);
    }
    if (await this.holds(last.id, pool)) throw broken(`and ${last.id}, still in the pool, is not on it`);
    throw new PoolChanged(`member ${last.id} was removed from the pool while its listing was read`);
  }

  /** Whether a read of the member finds it (404: it is gone). */
  private async holds(id: string, pool = this.pool): Promise<boolean> {
    return (await this.unchecked('read', id, pool)).status !== 404;
  }

  /**
   * For each create sent (its endpoint and name), the members of one listing of the pool it may have stored: on
   * its endpoint, or named as it (a member stored from an address that is no IP address is on no endpoint);
   * handed to clean-up like created ones.
   */
  async storedBy(
    sent: readonly { endpoint: Endpoint; name: string }[],
    { pool = this.pool }: InPool = {},
  ): Promise<V3Member[][]> {
    const listing = await this.listing({ pool });
    return sent.map(({ endpoint, name }) => {
      const stored = listing.filter(
        (m) => m.name === name || (m.address === endpoint.address && m.protocol_port === endpoint.port),
      );
      for (const member of stored) this.adopt(member, pool);
      return stored;
    });
  }

  /** A listing of the pool under another project's path, which must get `expect` (a refusal). */
  listAs(projectId: string, expect: ExpectedStatus): Promise<ApiResponse> {
    return this.client.call('listMembersV3', {
      path: { project_id: projectId, pool_id: this.pool },
      query: {},
      expect,
    });
  }

  /** A listing request judged by nobody: for tests that look at the form of whatever comes back. */
  listRaw(
    query: CallOptions['query'],
    { pool = this.pool, project = this.settings.projectId }: InPool & { project?: string } = {},
  ): Promise<ApiResponse> {
    return this.client.call('listMembersV3', {
      path: { project_id: project, pool_id: pool },
      query,
      check: false,
    });
  }

  /** The unpaginated listing (no limit), whole: past the default page of 2000 when the pool holds more. */
  async listing({ pool, filters = {} }: ListingOptions = {}): Promise<V3Member[]> {
    return (await this.page(filters, { pool })).members;
  }

  /**
   * Walks forward from no marker, following next_marker, until a page has none or is empty. The page size
   * is `limit`, raised to expectedTotal / WALK_PAGES when the walk would otherwise take more pages than that.
   * Stops with a failure after more pages than the pool could fill, so a walk that never ends is a verdict,
   * not a hang.
   */
  async walkForward(
    limit: number,
    { filters = {}, expectedTotal }: { filters?: Filters; expectedTotal: number },
  ): Promise<Page[]> {
    const size = Math.min(MAX_LIMIT, Math.max(limit, Math.ceil(expectedTotal / WALK_PAGES)));
    const pages: Page[] = [];
    const bound = Math.ceil(expectedTotal / Math.max(size, 1)) + 2;
    let marker: string | undefined;
    for (;;) {
      const page = await this.page({ ...filters, limit: size, marker });
      pages.push(page);
      marker = page.info.next_marker;
      if (marker === undefined || page.members.length === 0) return pages;
      if (pages.length > bound) {
        throw new ConformanceFailure(
          `the forward walk with limit ${size} has not ended after ${pages.length} pages for ${expectedTotal} members`,
          page.response.exchange,
        );
      }
    }
  }

  /**
   * Walks back from the given page with page_reverse=true and marker=previous_marker, until a reverse page is
   * empty or holds fewer than limit members (docs/readings.md §5: both end a backward walk), or fails after
   * more than `bound` pages.
   */
  async walkBackward(
    from: Page,
    limit: number,
    { filters = {}, bound }: { filters?: Filters; bound: number },
  ): Promise<Page[]> {
    const pages: Page[] = [];
    let current = from;
    for (;;) {
      const marker = current.info.previous_marker ?? current.members[0]?.id;
      if (marker === undefined) return pages;
      const page = await this.page({ ...filters, limit, marker, page_reverse: true });
      if (page.members.length === 0) return pages;
      pages.push(page);
      if (page.members.length < limit) return pages;
      if (pages.length > bound) {
        throw new ConformanceFailure(
          `the backward walk has not ended after ${pages.length} pages`,
          page.response.exchange,
        );
      }
      current = page;
    }
  }

  /**
   * Runs a check that compares pages with a listing (it gets the listing taken before it), and trusts a
   * failure only when the pool's members were the same before and after (as a set): on a shared account
   * someone else may write meanwhile. A pass needs no such proof, since every page agreed with the listing.
   * A pool that changes during every attempt leaves no verdict (NoVerdict). `known` is a listing read
   * earlier (by the test, for all its cases): the first attempt compares with it instead of reading the
   * listing again, and a failure is still confirmed against a fresh listing.
   */
  async whileStable<T>(
    check: (full: V3Member[]) => Promise<T>,
    { filters = {}, known }: { filters?: Filters; known?: V3Member[] } = {},
  ): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < STABILITY_ATTEMPTS; attempt++) {
      try {
        const before = attempt === 0 && known ? known : await this.listing({ filters });
        let error: unknown;
        try {
          return await check(before);
        } catch (e) {
          error = e;
        }
        lastError = error;
        if (error instanceof PoolChanged) continue;
        const after = await this.listing({ filters });
        if (idSet(before) === idSet(after)) throw error;
      } catch (e) {
        if (!(e instanceof PoolChanged)) throw e;
        lastError = e;
      }
    }
    throw new PoolChanged(
      `the pool changed during each of ${STABILITY_ATTEMPTS} attempts to check it: someone else is writing to it` +
        (lastError instanceof Error ? ` (last attempt: ${lastError.message.split('\n')[0]})` : ''),
    );
  }
}

function idSet(members: readonly V3Member[]): string {
  return members
    .map((m) => m.id)
    .sort()
    .join(',');
}

export function ids(members: readonly { id: string }[]): string[] {
  return members.map((m) => m.id);
}
