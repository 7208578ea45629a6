import { validateResponse, type ContractViolation } from '../contract/validator';
import { parseJson } from '../json';
import type { Contract } from '../contract/spec';
import type { TargetConfig } from '../target/config';
import { summariseBody, TOKEN_HEADER, type Exchange } from './exchange';
import { redactExchange } from './redact';
import { ConformanceFailure } from './failure';
import { requirementForViolation, successRequirement } from './attribution';
import {
  demandedPairs,
  describeExpected,
  expectStatus,
  expectsSuccess,
  statusMatches,
  type ExpectedStatus,
} from './expect';
import { NoVerdict } from './no-verdict';
import type { RequestGate } from './gate';
import { nextRetryWaitMs, refusalWaitMs } from './retry';
import { BusyTimeout, Settler, type MemberWrite } from './settle';
import { NoAnswer, type HttpTransport } from './transport';

export type OperationId =
  | 'createMemberV2'
  | 'listMembersV2'
  | 'showMemberV2'
  | 'deleteMemberV2'
  | 'listMembersV3'
  | 'createMemberV3'
  | 'showMemberV3'
  | 'deleteMemberV3';

type QueryValue = string | number | boolean;

export interface CallOptions {
  path?: Record<string, string>;
  query?: Record<string, QueryValue | QueryValue[] | undefined>;
  /** Serialised with JSON.stringify. */
  json?: unknown;
  /** Sent byte for byte (malformed bodies), labelled application/json. */
  raw?: string | Buffer;
  /** Which token to send: the target's (default), another one, or none at all. */
  token?: { kind: 'target' } | { kind: 'none' } | { kind: 'other'; value: string };
  /** The status the requirement demands; checked before the contract, since it is the test's own verdict. */
  expect?: ExpectedStatus;
  /** false: no status or contract check at all (clean-up and set-up reads). */
  check?: boolean;
  /**
   * Sent at once with the others of its burst, past the CONFORMANCE_CONCURRENCY bound: for requests whose
   * simultaneity is the rule under test.
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
}

const CONNECTION_RESET = /ECONNRESET|socket hang up/;

/** A failure message lists this many contract violations; the evidence keeps them all. */
export const SHOWN_VIOLATIONS = 10;

function buildUrl(
  base: string,
  template: string,
  path: Record<string, string>,
  options: CallOptions,
): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined) throw new Error(`path parameter ${name} missing for ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const query = search.toString();
  return `${base}${filled}${query ? `?${query}` : ''}`;
}

/**
 * Sends requests described by the contract's operations and checks every response against it: the status
 * must be listed, the content type and body must match the schema. Retries 429, and 503 with Retry-After,
 * within the bounds of retry.ts; a request still refused after that throws NoVerdict.
 */
export class ApiClient {
  /** Confined to the origin of TARGET_URL: the token goes nowhere else (transport.ts, linkOnTarget). */
  private readonly http: HttpTransport;

  constructor(
    http: HttpTransport,
    private readonly contract: Contract,
    private readonly target: TargetConfig,
    private readonly hooks: ClientHooks,
    /** Bounds the requests in flight at once (CONFORMANCE_CONCURRENCY); none: no bound. */
    private readonly gate?: RequestGate,
  ) {
    this.http = http.confinedTo(target.url);
  }

  private settlerInstance: Settler | undefined;

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

  /** The credentials of this client's requests, scrubbed by value from every exchange it shows. */
  private secrets(token: NonNullable<CallOptions['token']>): string[] {
    return [
      ...(this.target.token !== undefined ? [this.target.token] : []),
      ...(token.kind === 'other' ? [token.value] : []),
    ];
  }

  private settler(): Settler {
    this.settlerInstance ??= new Settler(
      this.http,
      {
        Accept: 'application/json',
        ...(this.target.token !== undefined ? { 'X-Auth-Token': this.target.token } : {}),
      },
      (method) => this.hooks.onRequest?.({ method }),
    );
    return this.settlerInstance;
  }

  async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResponse> {
    const operation = this.contract.operations.get(operationId);
    if (!operation) throw new Error(`operation ${operationId} is not in the contract`);
    const method = operation.method.toUpperCase();
    const path = options.path ?? {};
    if (method !== 'GET') this.hooks.beforeWrite(operationId, method);

    const url = buildUrl(this.target.url, operation.path, path, options);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.token ?? { kind: 'target' };
    if (token.kind === 'target' && this.target.token !== undefined)
      headers['X-Auth-Token'] = this.target.token;
    if (token.kind === 'other') headers['X-Auth-Token'] = token.value;
    const data = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    if (data !== undefined) headers['Content-Type'] = 'application/json';

    const retries: Exchange['retries'] = [];
    const write = memberWrite(operationId, buildUrl(this.target.url, operation.path, path, {}), path, data);
    const busy = write && !options.probe && this.settler().budget();
    for (;;) {
      // Set when the request really goes out (after any wait at the gate), as every send is counted.
      let started = Date.now();
      // Always bytes: Playwright JSON-encodes a string that is not valid JSON, which would hide malformed bodies.
      const send = async () => {
        started = Date.now();
        this.hooks.onRequest?.({ method, operationId });
        const response = await this.http.send(url, {
          method,
          headers,
          body: data === undefined ? undefined : Buffer.from(data),
        });
        return { response, text: response.body.toString('utf8') };
      };
      // A kept-alive connection the target closes just as a request goes out resets it before any answer:
      // a GET, which changes nothing, is sent once more, as HTTP clients do.
      const fetch = () =>
        send()
          .catch((error: unknown) => {
            if (method !== 'GET' || !CONNECTION_RESET.test(String(error))) throw error;
            return send();
          })
          .catch((error: unknown) => {
            if (error instanceof NoVerdict) throw error;
            throw NoVerdict.unanswered(method, url, error);
          });
      const { response, text } = this.gate && !options.burst ? await this.gate.send(fetch) : await fetch();
      const responseHeaders = response.headers;
      const exchange = redactExchange(
        {
          method,
          url,
          requestHeaders: headers,
          requestBody: summariseBody(data),
          status: response.status,
          statusText: response.statusText,
          responseHeaders,
          responseBody: text,
          durationMs: Date.now() - started,
          retries: [...retries],
        },
        this.secrets(token),
      );
      // Busy resends (409) have bounds of their own (settle.ts): the retry bounds count the refusals since the
      // last busy answer, as each resend after a busy wait is a request of its own to the rate limiter.
      const lastBusy = retries.map((r) => r.status).lastIndexOf(409);
      const refusals = retries.slice(lastBusy + 1);
      const wait = refusalWaitMs(exchange.status, responseHeaders['retry-after'], refusals.length);
      if (wait === undefined) this.gate?.answered();
      else this.gate?.refused();
      const next = wait === undefined ? undefined : nextRetryWaitMs(wait, refusals);
      if (next !== undefined) {
        retries.push({ status: exchange.status, waitedMs: next });
        await new Promise((resolve) => setTimeout(resolve, next));
        continue;
      }
      if (
        write &&
        busy &&
        exchange.status === 409 &&
        (await answered(this.settler().isBusy(write, text, started)))
      ) {
        const stuck = this.settler().knownStuck(exchange, write);
        const waitedMs = stuck ? false : await busy.wait();
        if (waitedMs !== false) {
          retries.push({ status: 409, waitedMs });
          continue;
        }
        this.hooks.onExchange?.(exchange);
        if (!stuck && write.kind === 'create') await this.probePool(operationId, path);
        throw stuck ?? this.settler().outlasted(exchange, write, busy);
      }
      if (write && isSuccess(exchange.status)) this.settler().accepted(write);
      this.hooks.onExchange?.(exchange);
      // Still refused after every retry: no answer to judge, whatever the test expected (or did not check).
      if (wait !== undefined) throw NoVerdict.refused(exchange);
      const result: ApiResponse = {
        status: exchange.status,
        headers: responseHeaders,
        text,
        json: parseJson(text),
        exchange,
      };
      this.noteCreated(operationId, path, result);
      if (write && isSuccess(result.status) && this.target.profile.waitForActiveBetweenWrites)
        await this.waitSettled(write, result);
      if (options.check !== false) {
        if (options.expect !== undefined) {
          this.hooks.onDemand?.(demandedPairs(operationId, options.expect));
          this.checkStatus(operationId, options.expect, result);
        }
        this.checkContract(operationId, result);
      }
      return result;
    }
  }

  /**
   * The member ids of GET /v2.0/lbaas/pools/{pool_id} (OpenStack's `{"pool": {"members": [{"id"}]}}`), a read
   * outside the contract for clean-up only; empty when the target has no such endpoint.
   */
  async poolMemberIds(poolId: string): Promise<string[]> {
    this.hooks.onRequest?.({ method: 'GET' });
    const response = await answered(
      this.http.get(
        `${this.target.url}/v2.0/lbaas/pools/${encodeURIComponent(poolId)}`,
        this.settler().headers,
      ),
    );
    const body = parseJson(response.body.toString('utf8')) as
      { pool?: { members?: { id?: unknown }[] } } | undefined;
    const members = response.status === 200 ? body?.pool?.members : undefined;
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

  /** Under the octavia profile, the next write must not meet this one's PENDING_* state (docs/readings.md §4). */
  private async waitSettled(write: MemberWrite, response: ApiResponse): Promise<void> {
    const body = response.json as { member?: { id?: unknown } } | undefined;
    const id = write.kind === 'delete' ? write.memberId : body?.member?.id;
    if (typeof id !== 'string' || id === '') return;
    try {
      await answered(this.settler().settled(write, id));
    } catch (error) {
      if (error instanceof BusyTimeout) throw new ConformanceFailure(error.message, response.exchange);
      throw error;
    }
  }

  private noteCreated(operationId: OperationId, path: Record<string, string>, response: ApiResponse): void {
    if (
      operationId.startsWith('delete') &&
      path.member_id &&
      (isSuccess(response.status) || response.status === 404)
    ) {
      this.hooks.onDeleted?.(path.member_id, { operationId, path, status: response.status });
    }
    if (!operationId.startsWith('create') || response.status < 200 || response.status > 299) return;
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

  private checkStatus(operationId: OperationId, expected: ExpectedStatus, response: ApiResponse): void {
    if (statusMatches(expected, response.status)) return;
    // A success answered with another success status breaks the operation's success rule, not the test's.
    const bothSuccess = expectsSuccess(expected) && isSuccess(response.status);
    const id = bothSuccess ? successRequirement(operationId) : undefined;
    throw new ConformanceFailure(
      `expected status ${describeExpected(expected)}, got ${response.status}`,
      response.exchange,
      undefined,
      id,
    );
  }

  private checkContract(operationId: OperationId, response: ApiResponse): void {
    const violations = validateResponse(this.contract, {
      operationId,
      status: response.status,
      contentType: response.headers['content-type'],
      body: response.text,
    });
    const first = violations[0];
    if (!first) return;
    const id = requirementForViolation(operationId, first);
    const shown = violations.slice(0, SHOWN_VIOLATIONS).map((v: ContractViolation) => `  - ${v.message}`);
    const more = violations.length - shown.length;
    const lines = [...shown, ...(more > 0 ? [`  … and ${more} more`] : [])].join('\n');
    throw new ConformanceFailure(
      `the response breaks the contract of ${operationId}:\n${lines}`,
      response.exchange,
      violations.map((v) => ({
        kind: v.kind,
        message: v.message,
        ...(v.pointer !== undefined ? { pointer: v.pointer } : {}),
        ...(v.value !== undefined ? { value: v.value } : {}),
      })),
      id,
    );
  }
}

/**
 * A read of the busy and settle logic (or of clean-up) that got no answer leaves the call it serves without a
 * verdict, as an unanswered request of the call itself does.
 */
async function answered<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NoAnswer) throw NoVerdict.unanswered(error.method, error.url, error);
    throw error;
  }
}

/** The member writes of both APIs, which the busy rule of settle.ts applies to. */
const WRITES: Partial<Record<OperationId, MemberWrite['kind']>> = {
  createMemberV2: 'create',
  deleteMemberV2: 'delete',
  createMemberV3: 'create',
  deleteMemberV3: 'delete',
};

/** A member write as settle.ts needs it; undefined for a read. */
function memberWrite(
  operationId: OperationId,
  url: string,
  path: Record<string, string>,
  data: string | Buffer | undefined,
): MemberWrite | undefined {
  const kind = WRITES[operationId];
  if (kind === 'delete') return { kind, membersUrl: url.replace(/\/[^/]*$/, ''), memberId: path.member_id };
  if (kind !== 'create') return undefined;
  const body = data === undefined ? undefined : parseJson(data.toString());
  const member = (body as { member?: Record<string, unknown> } | undefined)?.member;
  const pair =
    typeof member === 'object' && member !== null && 'address' in member && 'protocol_port' in member
      ? { address: member.address, port: member.protocol_port }
      : undefined;
  return { kind: 'create', membersUrl: url, ...(pair ? { pair } : {}) };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

export { TOKEN_HEADER };
