import { sendCreate } from '../cleanup/unprefixed';
import type { ApiClient, ApiResponse, CallOptions } from '../http/client';
import type { ExpectedStatus } from '../http/expect';
import { ConformanceFailure } from '../http/failure';
import type { Endpoint, EndpointAllocator } from '../target/allocator';
import type { TargetConfig, V3Target } from '../target/config';

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

/** The kinds of member a pool can hold: IPv4 or IPv6 in a subnet, or IP as a backend (no subnet). */
export type MemberKind = 'v4' | 'v6' | 'ip';

/** How many times a walk is repeated when the pool changed under it (someone else wrote to it meanwhile). */
const STABILITY_ATTEMPTS = 3;

/** The v3 member API as the tests use it: members of each kind, pages, whole walks in both directions. */
export class V3Members {
  constructor(
    private readonly api: ApiClient,
    readonly target: TargetConfig,
    readonly v3: V3Target,
    /** Absent in read-only mode, where nothing is created. */
    private readonly endpoints4: EndpointAllocator | undefined,
    private readonly endpoints6: EndpointAllocator | undefined,
    readonly namePrefix: string,
  ) {}

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

  /** A valid create body for a member of the given kind; overrides replace fields. */
  member(kind: MemberKind, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const { address, port } = this.endpoint(kind);
    const subnet = kind === 'v6' ? this.v3.subnet6?.id : kind === 'v4' ? this.v3.subnetId : undefined;
    return {
      address,
      protocol_port: port,
      name: `${this.namePrefix}${address}-${port}`,
      ...(subnet ? { subnet_cidr_id: subnet } : {}),
      ...overrides,
    };
  }

  async create(member: Record<string, unknown>, poolId = this.v3.poolId): Promise<V3Member> {
    const response = await sendCreate('v3', poolId, member, this.namePrefix, () =>
      this.api.call('createMemberV3', {
        path: { project_id: this.v3.projectId, pool_id: poolId },
        json: { member },
        expect: 201,
      }),
    );
    return (response.json as { member: V3Member }).member;
  }

  async delete(id: string, poolId = this.v3.poolId): Promise<void> {
    await this.api.call('deleteMemberV3', {
      path: { project_id: this.v3.projectId, pool_id: poolId, member_id: id },
      expect: [204, 404],
    });
  }

  /** One listing request; checks that every member's ip_version agrees with its address. */
  async page(
    query: CallOptions['query'] = {},
    options: { poolId?: string; expect?: ExpectedStatus; token?: CallOptions['token'] } = {},
  ): Promise<Page> {
    const response = await this.api.call('listMembersV3', {
      path: { project_id: this.v3.projectId, pool_id: options.poolId ?? this.v3.poolId },
      query,
      expect: options.expect ?? 200,
      token: options.token,
    });
    const body = (response.json ?? {}) as { members?: V3Member[]; page_info?: PageInfo };
    const members = body.members ?? [];
    for (const member of members) {
      const expected = member.address.includes(':') ? 'v6' : 'v4';
      if (response.status === 200 && member.ip_version !== expected) {
        throw ConformanceFailure.against(
          'V3-IP-VERSION',
          `member ${member.id} has address ${member.address} but ip_version ${JSON.stringify(member.ip_version)}`,
          response.exchange,
        );
      }
    }
    return { response, members, info: body.page_info ?? { current_count: 0 } };
  }

  /** A listing request judged by nobody: for tests that look at the form of whatever comes back. */
  raw(query: CallOptions['query'], poolId = this.v3.poolId): Promise<ApiResponse> {
    return this.api.call('listMembersV3', {
      path: { project_id: this.v3.projectId, pool_id: poolId },
      query,
      check: false,
    });
  }

  /** The unpaginated listing (no limit: the default page of up to 2000). */
  async listing(filters: Filters = {}, poolId?: string): Promise<V3Member[]> {
    return (await this.page(filters, { poolId })).members;
  }

  /**
   * Walks forward from no marker, following next_marker, until a page has none or is empty. Stops with a
   * failure after more pages than the pool could fill, so a walk that never ends is a verdict, not a hang.
   */
  async walkForward(limit: number, filters: Filters = {}, expectedTotal: number): Promise<Page[]> {
    const pages: Page[] = [];
    const bound = Math.ceil(expectedTotal / Math.max(limit, 1)) + 2;
    let marker: string | undefined;
    for (;;) {
      const page = await this.page({ ...filters, limit, marker });
      pages.push(page);
      marker = page.info.next_marker;
      if (marker === undefined || page.members.length === 0) return pages;
      if (pages.length > bound) {
        throw new ConformanceFailure(
          `the forward walk with limit ${limit} has not ended after ${pages.length} pages for ${expectedTotal} members`,
          page.response.exchange,
        );
      }
    }
  }

  /**
   * Walks back from the given page with page_reverse=true and marker=previous_marker, until a reverse page is
   * empty or holds fewer than limit members (docs/readings.md §5: both end a backward walk).
   */
  async walkBackward(from: Page, limit: number, filters: Filters = {}, bound: number): Promise<Page[]> {
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
   * Runs a check that compares pages with a listing, and trusts its verdict only when the pool's members were
   * the same before and after (as a set): on a shared account someone else may write meanwhile.
   */
  async whileStable<T>(check: () => Promise<T>, filters: Filters = {}): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < STABILITY_ATTEMPTS; attempt++) {
      const before = idSet(await this.listing(filters));
      let result: T | undefined;
      let error: unknown;
      try {
        result = await check();
      } catch (e) {
        error = e;
      }
      const after = idSet(await this.listing(filters));
      if (before === after) {
        if (error !== undefined) throw error;
        return result as T;
      }
      lastError = error;
    }
    throw new Error(
      `the pool changed during each of ${STABILITY_ATTEMPTS} attempts: someone else is writing to it; no verdict` +
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
