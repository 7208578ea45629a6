import { sendCreate } from '../cleanup/unprefixed';
import type { ApiClient, ApiResponse, CallOptions } from '../http/client';
import { ConformanceFailure } from '../http/failure';
import type { ExpectedStatus } from '../http/expect';
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

  /** Every member of the pool, page by page, as the target lists it (the pool may hold members of others). */
  async list(poolId = this.v2.poolId): Promise<V2Member[]> {
    const members: V2Member[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const response = await this.api.call('listMembersV2', {
        path: { pool_id: poolId },
        query: { limit: PAGE, marker },
        expect: 200,
      });
      const page = (response.json as { members: V2Member[] }).members;
      for (const member of page) {
        if (seen.has(member.id))
          throw new ConformanceFailure(`the v2.0 listing repeats member ${member.id}`, response.exchange);
        seen.add(member.id);
        members.push(member);
      }
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) return members;
      marker = last.id;
    }
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
    const stored = (await this.list(poolId)).filter(
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
