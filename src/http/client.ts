import type { Contract } from '../contract/spec';
import type { Attempt } from './attempt';
import { parseJson } from '../json';
import type { TargetConfig } from '../settings/target';
import { isSuccess, memberWrite, type SettleLayer } from './settle-layer';
import { checkContract, checkStatus } from './contract-check';
import { TOKEN_HEADER, type Exchange } from './exchange';
import { demandedPairs, expectStatus, type ExpectedStatus } from './expect';
import type { RequestGate, WorkerBounds } from './gate';
import { exchangeOf, type OperationId, type OutgoingRequest } from './layer';
import { NoVerdict } from './no-verdict';
import { authHeaders, operationUrl, secretsOf, type Query, type TokenChoice } from './request';
import type { Trace } from './trace';

export type { OperationId } from './layer';
export { SHOWN_VIOLATIONS } from './contract-check';

export interface CallOptions {
  path?: Record<string, string>;
  query?: Query;
  /** Serialised with JSON.stringify. */
  json?: unknown;
  /** Sent byte for byte (malformed bodies), labelled application/json. */
  raw?: string | Buffer;
  /** Which token to send: the target's (default), another one, or none at all. */
  token?: TokenChoice;
  /** The status the requirement demands; checked before the contract, since it is the test's own verdict. */
  expect?: ExpectedStatus;
  /** false: no status or contract check at all (clean-up and set-up reads). */
  check?: boolean;
  /**
   * Sent at once with the others of its burst, past the bounds on requests in flight (its resends after a busy
   * 409 are not): for requests whose simultaneity is the rule under test.
   */
  burst?: boolean;
  /** A create sent to see whether its pool takes writes (probePool): a busy 409 is its answer, not waited out. */
  probe?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
  exchange: Exchange;
}

/** A member's address and port as an answer showed them (each absent when not a string / a number). */
export interface ShownMember {
  address?: string;
  port?: number;
}

/** The address and port of a member body as the target sent it. */
export function shownMember(body: { address?: unknown; protocol_port?: unknown } | undefined): ShownMember {
  return {
    ...(typeof body?.address === 'string' ? { address: body.address } : {}),
    ...(typeof body?.protocol_port === 'number' ? { port: body.protocol_port } : {}),
  };
}

export interface ClientHooks {
  /**
   * Called with every successful create, so the member is deleted again whatever happens next; `sentAt` is
   * when the create that made it was sent (ms since the epoch); `shown`, its address and port as the
   * create's answer (or the listing that found it) showed them.
   */
  onCreated(
    operationId: OperationId,
    path: Record<string, string>,
    memberId: string,
    sentAt: number,
    shown?: ShownMember,
  ): void;
  /**
   * Called when a delete was answered with success or 404, so clean-up need not delete it again; either way
   * clean-up confirms it is gone by a read (a 404 to the delete is no proof).
   */
  onDeleted?(
    memberId: string,
    deletion: { operationId: OperationId; path: Record<string, string>; status: number },
  ): void;
  /** Called before every write, to enforce the read-only mode and the write budget. */
  beforeWrite(operationId: OperationId, method: string): void;
  /** Called with every response, for the report. */
  onExchange?(exchange: Exchange): void;
  /**
   * Called with every status a check demands of the target, as `<operationId> <status>` pairs, one per status it
   * accepts: the report lists them under the test's requirement, and a self-test finds each in the
   * expectation map of requirements.yaml.
   */
  onDemand?(pairs: string[]): void;
  /**
   * Called once for every request sent, each resend and each read of the busy and settle logic included (no
   * operation for those), for the report's cost of the run.
   */
  onRequest?(request: { method: string; operationId?: OperationId }): void;
  /**
   * The trace the requests sent now belong to (the running test's); undefined, or absent: the client's own, one
   * for its whole life.
   */
  trace?(): Trace | undefined;
  /** Called with every HTTP request sent, each resend included, and what came of it: for the run's HAR. */
  onAttempt?(attempt: Attempt): void;
}

/**
 * The member API's calls as the tests make them, on the layers of stack.ts: each call's request is built (URL,
 * token), sent through the layers, handed to the hooks (evidence, clean-up), waited for until it has settled
 * (octavia), then checked: the status the test demands, then the contract (contract-check.ts).
 */
export class ApiClient {
  constructor(
    /** The layers below (stack.ts composes them and this client). */
    private readonly layers: SettleLayer,
    private readonly contract: Contract,
    private readonly target: TargetConfig,
    private readonly hooks: ClientHooks,
    /** What bounds its requests in flight (stack.ts), for callers that pace their own work by it. */
    readonly bounds?: WorkerBounds,
  ) {}

  /** The bound on creates in flight to the pool of a create operation (gate.ts); none when the client has none. */
  writeBound(createOperation: OperationId, path: Record<string, string>): RequestGate | undefined {
    const { path: template } = this.operation(createOperation);
    return this.bounds?.writes.of(operationUrl(this.target.url, template, path), 'create');
  }

  private operation(operationId: OperationId) {
    const operation = this.contract.operations.get(operationId);
    if (!operation) throw new Error(`operation ${operationId} is not in the contract`);
    return operation;
  }

  /** Valid member bodies on fresh endpoints, by create operation, for probePool. */
  private readonly freshMembers = new Map<OperationId, () => object>();

  /** Lets probePool create a fresh member with this operation: `fresh` gives a valid body on a new endpoint. */
  probeWith(operationId: OperationId, fresh: () => object): void {
    this.freshMembers.set(operationId, fresh);
  }

  /**
   * Sent before a create still refused with a 409 after the whole settle time is judged (settle.ts outlasted):
   * one create of a fresh member in the same pool. Accepted, it shows that the pool takes writes, so that the
   * refusal was no busy state; refused too, it shows nothing more. Its member is cleaned up as any other.
   */
  private async probePool(operationId: OperationId, path: Record<string, string>): Promise<void> {
    const fresh = this.freshMembers.get(operationId);
    if (!fresh) return;
    await this.call(operationId, { path, json: { member: fresh() }, check: false, probe: true }).catch(
      () => undefined,
    );
  }

  async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResponse> {
    const operation = this.operation(operationId);
    const path = options.path ?? {};
    const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    const request: OutgoingRequest = {
      method: operation.method.toUpperCase(),
      url: operationUrl(this.target.url, operation.path, path, options.query),
      headers: {
        ...authHeaders(this.target, options.token),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
      secrets: secretsOf(this.target, options.token),
      operationId,
      ...(options.burst ? { ungated: true } : {}),
    };
    const write = memberWrite(operationId, operationUrl(this.target.url, operation.path, path), path, body);
    const { reply, busy } = await this.layers.send(request, write, options.probe);
    const exchange = exchangeOf(reply);
    this.hooks.onExchange?.(exchange);
    if (write && busy) {
      if (busy.kind === 'stuck') throw busy.error;
      if (write.kind === 'create') await this.probePool(operationId, path);
      throw this.layers.settler.outlasted(exchange, write, busy.budget);
    }
    // Still refused after every retry: no answer to judge, whatever the test expected (or did not check).
    if (reply.refused) throw NoVerdict.refused(exchange);
    const result: ApiResponse = {
      status: reply.status,
      headers: reply.headers,
      text: reply.text,
      json: parseJson(reply.text),
      exchange,
    };
    this.noteCreated(operationId, path, result);
    if (write && isSuccess(result.status) && this.target.profile.waitForActiveBetweenWrites)
      await this.layers.settled(write, reply);
    if (options.check !== false) {
      if (options.expect !== undefined) {
        this.hooks.onDemand?.(demandedPairs(operationId, options.expect));
        checkStatus(operationId, options.expect, result);
      }
      checkContract(this.contract, operationId, result);
    }
    return result;
  }

  /** The path of an operation (its template filled in, each value encoded), without the target's base URL. */
  pathOf(operationId: OperationId, path: Record<string, string>): string {
    return operationUrl('', this.operation(operationId).path, path);
  }

  /** The methods the contract offers on the path of an operation (its own and the others on that path). */
  methodsOn(operationId: OperationId): string[] {
    const { path } = this.operation(operationId);
    return [...this.contract.operations.values()]
      .filter((operation) => operation.path === path)
      .map((operation) => operation.method.toUpperCase());
  }

  /**
   * A request outside the contract: a method a path does not offer, a path that names nothing. `path` (and its
   * query) is sent after the target's base URL as written, a malformed percent-escape included, with the target's
   * token, through the same layers as every call and told to the hooks; its answer is checked by no contract
   * (its rule judges it) and no write is waited for. A method other than GET is permitted as a write of `writeOf`
   * (TARGET_READ_ONLY, TARGET_MAX_WRITES).
   */
  async offContract(
    method: string,
    path: string,
    { json, writeOf }: { json?: unknown; writeOf?: OperationId } = {},
  ): Promise<ApiResponse> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const { reply } = await this.layers.send({
      method,
      url: `${this.target.url}${path}`,
      headers: {
        ...authHeaders(this.target),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
      secrets: secretsOf(this.target),
      ...(writeOf !== undefined ? { operationId: writeOf } : {}),
    });
    const exchange = exchangeOf(reply);
    this.hooks.onExchange?.(exchange);
    if (reply.refused) throw NoVerdict.refused(exchange);
    return {
      status: reply.status,
      headers: reply.headers,
      text: reply.text,
      json: parseJson(reply.text),
      exchange,
    };
  }

  /**
   * The member ids of GET /v2.0/lbaas/pools/{pool_id} (OpenStack's `{"pool": {"members": [{"id"}]}}`), a read
   * outside the contract for clean-up only; empty when the target has no such endpoint.
   */
  async poolMemberIds(poolId: string): Promise<string[]> {
    const { reply } = await this.layers.send({
      method: 'GET',
      url: `${this.target.url}/v2.0/lbaas/pools/${encodeURIComponent(poolId)}`,
      headers: authHeaders(this.target),
      secrets: secretsOf(this.target),
      ungated: true,
    });
    const body = parseJson(reply.text) as { pool?: { members?: { id?: unknown }[] } } | undefined;
    const members = reply.status === 200 ? body?.pool?.members : undefined;
    return Array.isArray(members)
      ? members.map((m) => m.id).filter((id): id is string => typeof id === 'string')
      : [];
  }

  /** A member a create stored although its answer did not say so: handed on like a created one (onCreated). */
  adopt(
    createOperation: OperationId,
    path: Record<string, string>,
    memberId: string,
    shown?: ShownMember,
  ): void {
    // When its create was sent is not known here: it counts as alive from when it was found.
    this.hooks.onCreated(createOperation, path, memberId, Date.now(), shown);
  }

  private noteCreated(operationId: OperationId, path: Record<string, string>, response: ApiResponse): void {
    if (
      operationId.startsWith('delete') &&
      path.member_id &&
      (isSuccess(response.status) || response.status === 404)
    ) {
      this.hooks.onDeleted?.(path.member_id, { operationId, path, status: response.status });
    }
    if (!operationId.startsWith('create') || !isSuccess(response.status)) return;
    type Body = { id?: unknown; address?: unknown; protocol_port?: unknown };
    const body = response.json as (Body & { member?: Body }) | undefined;
    const id = body?.member?.id ?? body?.id;
    const sentAt = Date.now() - response.exchange.durationMs;
    if (typeof id === 'string' && id !== '')
      this.hooks.onCreated(operationId, path, id, sentAt, shownMember(body?.member ?? body));
  }

  /**
   * Fails unless a response of an unchecked call (`check: false`) has the expected status: for reads whose
   * body the caller judges its own way. The status is demanded like a checked call's.
   */
  expectStatus(
    operationId: OperationId,
    response: ApiResponse,
    expected: ExpectedStatus,
    why?: string,
  ): void {
    this.hooks.onDemand?.(demandedPairs(operationId, expected));
    expectStatus(response, expected, why);
  }
}

export { TOKEN_HEADER };
export type { Exchange };
