import { sendCreate } from './cleanup/unprefixed';
import type { MemberApi } from './cleanup/journal';
import {
  shownMember,
  type ApiClient,
  type ApiResponse,
  type CallOptions,
  type OperationId,
} from './http/client';
import type { ExpectedStatus } from './http/expect';
import { isRecord, objectText } from './json';
import type { TargetConfig } from './settings/target';
import type { Endpoint } from './target/allocator';
import type { CasesAtOnce } from './generators/property';
import { workerConcurrency } from './settings/client';

/** Which pool a request goes to: the configured pool unless another is named. */
export interface InPool {
  pool?: string;
}

/** A request whose answer the test judges: by the status it demands, or not at all (`check: false`). */
export type Judged = InPool &
  Pick<CallOptions, 'token' | 'burst'> &
  ({ expect: ExpectedStatus; check?: never } | { check: false; expect?: never }) & {
    /** Fields of the member written as these JSON texts (`"weight": 1e2`); the body holds their numbers. */
    spellings?: Readonly<Record<string, string>> | undefined;
  };

/** A member as the target answered it, and the answer. */
export interface Answered<M> {
  response: ApiResponse;
  member: M;
}

const OPERATIONS: Record<MemberApi, Record<'create' | 'read' | 'delete', OperationId>> = {
  v2: { create: 'createMemberV2', read: 'showMemberV2', delete: 'deleteMemberV2' },
  v3: { create: 'createMemberV3', read: 'showMemberV3', delete: 'deleteMemberV3' },
};

/** The member in the body of a create or read answer (`{"member": {...}}`). */
export function memberIn<M = { id: string }>(response: ApiResponse): M {
  return (response.json as { member: M }).member;
}

/** The body with each change applied: a value replaces or adds a field, undefined removes it. */
export function edited(body: object, changes: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete result[field];
    else result[field] = value;
  }
  return result;
}

function isJudged(options: InPool | Judged): options is Judged {
  return (
    ('expect' in options && options.expect !== undefined) || ('check' in options && options.check === false)
  );
}

/**
 * The verbs both member APIs share, on the configured pool unless an option names another: create (a valid
 * body, or with createRaw any value at all), read and delete.
 */
export abstract class MemberVerbs<
  M extends { id: string; address: string; protocol_port: number },
  B extends object,
> {
  constructor(
    protected readonly client: ApiClient,
    readonly target: TargetConfig,
    readonly namePrefix: string,
  ) {}

  protected abstract readonly api: MemberApi;

  /**
   * How many cases of a property whose cases are independent may run at once, asked afresh before each case: as
   * many writes as the bound of the pool lets into flight now (gate.ts), so that cases widen against a slow target
   * and go one at a time against a busy load balancer; and always one at a time where each write must wait for
   * the load balancer to settle (octavia), since writes side by side would only meet it busy.
   */
  get casesAtOnce(): CasesAtOnce {
    if (this.target.profile.waitForActiveBetweenWrites) return () => 1;
    const bound = this.client.writeBound(OPERATIONS[this.api].create, this.poolPath(this.pool));
    return () => bound?.limit ?? workerConcurrency();
  }

  /** How many cases of a property whose cases only read may run at once: as many reads as are let into flight. */
  get readsAtOnce(): CasesAtOnce {
    const bounds = this.client.bounds;
    return () => bounds?.reads.limit ?? workerConcurrency();
  }

  /** The API's settings: its pools. */
  protected abstract readonly settings: { readonly poolId: string; readonly otherPoolId?: string };

  /** The pool every verb acts on unless told otherwise. */
  get pool(): string {
    return this.settings.poolId;
  }

  /** The second pool, when one is configured (TARGET_V2_OTHER_POOL_ID, TARGET_V3_OTHER_POOL_ID). */
  get otherPool(): string | undefined {
    return this.settings.otherPoolId;
  }
  protected abstract poolPath(pool: string): Record<string, string>;

  /**
   * The status of a valid create: v2.0, the profile's (any 2xx where no source names one, docs/readings.md §4,
   * §5); v3, the 201 of the helper endpoint (docs/readings.md §2).
   */
  protected abstract readonly createSuccess: ExpectedStatus;

  /**
   * Creates a valid member. Without `expect` (or `check: false`) it must be answered with `createSuccess`, and
   * the member of the answer is returned; with it, the answer is the test's verdict and is returned as it came.
   */
  create(body: B, options: Judged): Promise<ApiResponse>;
  create(body: B, options?: InPool): Promise<Answered<M>>;
  async create(body: B, options: InPool | Judged = {}): Promise<ApiResponse | Answered<M>> {
    if (isJudged(options)) return this.createRaw(body, options);
    const response = await this.createRaw(body, { pool: options.pool, expect: this.createSuccess });
    return { response, member: memberIn<M>(response) };
  }

  /** Sends any value as the member of a create: for bodies that are deliberately not valid members. */
  createRaw(body: unknown, { pool = this.pool, spellings, ...judged }: Judged): Promise<ApiResponse> {
    const spelled = spellings && isRecord(body) ? `{"member":${objectText(body, spellings)}}` : undefined;
    return sendCreate(this.api, pool, body, this.namePrefix, () =>
      this.client.call(OPERATIONS[this.api].create, {
        path: this.poolPath(pool),
        ...(spelled === undefined ? { json: { member: body } } : { raw: spelled }),
        ...judged,
      }),
    );
  }

  async read(id: string, { pool = this.pool }: InPool = {}): Promise<Answered<M>> {
    const response = await this.client.call(OPERATIONS[this.api].read, {
      path: this.memberPath(id, pool),
      expect: 200,
    });
    return { response, member: memberIn<M>(response) };
  }

  /** A read of the member whose status a rule judges: 200 while it is there, 404 once it is gone. */
  show(id: string, { pool = this.pool }: InPool = {}): Promise<ApiResponse> {
    return this.client.call(OPERATIONS[this.api].read, {
      path: this.memberPath(id, pool),
      expect: [200, 404],
    });
  }

  /** Deletes the member; one already gone (404) is no failure here (V2-DELETE-GONE judges a live one's). */
  delete(id: string, { pool = this.pool }: InPool = {}): Promise<ApiResponse> {
    return this.client.call(OPERATIONS[this.api].delete, {
      path: this.memberPath(id, pool),
      expect: [204, 404],
    });
  }

  /** A delete whose status a rule judges (a second delete of a deleted member): sent unchecked. */
  deleteRaw(id: string, { pool = this.pool }: InPool = {}): Promise<ApiResponse> {
    return this.unchecked('delete', id, pool);
  }

  /** A read or delete whose answer must have the status `expect` (a refusal: a member of a pool that does not exist). */
  refusedVerb(
    verb: 'read' | 'delete',
    id: string,
    { pool = this.pool, expect }: InPool & { expect: ExpectedStatus },
  ): Promise<ApiResponse> {
    return this.client.call(OPERATIONS[this.api][verb], { path: this.memberPath(id, pool), expect });
  }

  /** A read or delete judged by nobody: bookkeeping and repair, never a verdict. */
  protected unchecked(verb: 'read' | 'delete', id: string, pool: string): Promise<ApiResponse> {
    return this.client.call(OPERATIONS[this.api][verb], { path: this.memberPath(id, pool), check: false });
  }

  /** The whole listing of the pool, page after page. */
  abstract listing(options?: InPool): Promise<M[]>;

  /** The members of the pool that hold the given endpoint. */
  async holding(endpoint: Endpoint, { pool = this.pool }: InPool = {}): Promise<M[]> {
    return (await this.listing({ pool })).filter(
      (m) => m.address === endpoint.address && m.protocol_port === endpoint.port,
    );
  }

  /** The members of the pool on the endpoint, handed to clean-up: what a refused create may have stored. */
  async storedOn(endpoint: Endpoint, { pool = this.pool }: InPool = {}): Promise<M[]> {
    const stored = await this.holding(endpoint, { pool });
    for (const member of stored) this.adopt(member, pool);
    return stored;
  }

  /** A member that a create stored though its answer did not say so: deleted by clean-up like a created one. */
  protected adopt(member: { id: string; address?: unknown; protocol_port?: unknown }, pool: string): void {
    this.client.adopt(OPERATIONS[this.api].create, this.poolPath(pool), member.id, shownMember(member));
  }

  /** The path of the pool's members, or of one member of it, as the contract writes it (no base URL). */
  pathOf(memberId?: string, { pool = this.pool }: InPool = {}): string {
    return memberId === undefined
      ? this.client.pathOf(OPERATIONS[this.api].create, this.poolPath(pool))
      : this.client.pathOf(OPERATIONS[this.api].read, this.memberPath(memberId, pool));
  }

  /** The methods the contract offers on the members of a pool, or on one member (docs/readings.md §2). */
  methodsOn(on: 'members' | 'member'): string[] {
    return this.client.methodsOn(OPERATIONS[this.api][on === 'members' ? 'create' : 'read']);
  }

  /**
   * A request the contract does not describe, to `path` as written (ApiClient.offContract); any other method
   * than GET counts as a create of this API, which it may turn out to be.
   */
  offContract(method: string, path: string, json?: unknown): Promise<ApiResponse> {
    return this.client.offContract(method, path, {
      ...(json !== undefined ? { json } : {}),
      ...(method !== 'GET' ? { writeOf: OPERATIONS[this.api].create } : {}),
    });
  }

  private memberPath(id: string, pool: string): Record<string, string> {
    return { ...this.poolPath(pool), member_id: id };
  }
}
