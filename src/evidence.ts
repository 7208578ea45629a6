/**
 * Structured evidence of failures, for the conformance report: what the failure messages say in prose, kept as
 * data so that no reporter has to parse text. The failures of src/failures.ts record here, the test's
 * clean-up records the members a delete left in place, and the client's hooks record what every request cost
 * (src/cost.ts) and every request it sent (src/http/har.ts); the `evidence` fixture (src/fixtures/evidence.ts)
 * opens the sink before each test and attaches what belongs to the test as the `conformance-evidence` attachment
 * (every test has a cost, passed or failed) and its requests as the `exchanges.har` attachment. Each test is one
 * trace (src/http/trace.ts), made when its sink opens. Tests in one worker run one at a time, so one sink per
 * worker process is enough.
 */
import {
  countRequest,
  countResends,
  emptyCost,
  memberCreated,
  memberDeleted,
  memberGone,
  type CreatedMember,
  type GoneBy,
  type SentRequest,
  type TestCost,
} from './cost';
import type { Attempt } from './http/attempt';
import { toCurl, type Exchange, type Retry } from './http/exchange';
import { harEntry, type HarEntry } from './http/har';
import { Trace } from './http/trace';

export const EVIDENCE_ATTACHMENT = 'conformance-evidence';

/** The attachment of a test's requests, a HAR (src/http/har.ts); the reporter joins them into the run's. */
export const EXCHANGES_ATTACHMENT = 'exchanges.har';
/** Not JSON's own type: Playwright's HTML report keeps such an attachment as a file to download, not inline. */
export const HAR_CONTENT_TYPE = 'application/har+json';

/** One departure of a response from the contract. */
export interface ViolationEvidence {
  kind: 'status' | 'content-type' | 'schema';
  /** JSON pointer into the response body ("" for the root); schema violations only. */
  pointer?: string;
  message: string;
  /** The offending value, shortened for display. */
  value?: unknown;
}

export interface PropertyEvidence {
  seed: number;
  path: string;
  counterexample: string;
  numRuns: number;
  numShrinks: number;
  /** The command line that replays exactly this case. */
  replay: string;
}

/**
 * What an error of a test is evidence of, as the class of the error the code threw says (src/failures.ts):
 * - `violation`: an answer that breaks a rule (a ConformanceFailure, or a property whose case threw one);
 * - `no-verdict`: a check that could not be made (a NoVerdict: no answer, refused, the run's own limits);
 * - `settings`: a setting the run cannot use (a ConfigError);
 * - `untyped`: an error no check made (a timeout, an interruption, an error of the suite's own code, a property
 *   whose case threw one): it says nothing about the target, so it is no verdict either.
 */
export type FailureKind = 'violation' | 'no-verdict' | 'settings' | 'untyped';

/** What one failure of a test shows: the message, and where there is one, the exchange that broke the rule. */
export interface FailureEvidence {
  /**
   * Names the record within its test; the error that made it carries the id as its cause (src/failures.ts).
   * Absent: an error that made no record (untyped).
   */
  id?: string;
  kind: FailureKind;
  /** The requirement a cross-cutting check counts the failure against; absent: the test's own requirement(s). */
  requirement?: string;
  /** The error's message, without the name Playwright puts in front of it. */
  message: string;
  /** The request and response, token already redacted. */
  exchange?: Exchange;
  violations?: ViolationEvidence[];
  property?: PropertyEvidence;
  /** A curl command replaying the request; the token is read from $TARGET_TOKEN. */
  curl?: string;
  /** The trace of the test that recorded it (its exchange's, when it has one). */
  traceId?: string;
}

/** A request the client repeated after 429/503 with Retry-After. */
export interface RetryEvidence {
  method: string;
  path: string;
  retries: Retry[];
}

/**
 * A member still in its pool after a delete of it was answered (with success or 404): the target kept what it said it
 * removed. No requirement's failure, but the run cannot conform with it.
 */
export interface LeftoverEvidence {
  api: 'v2' | 'v3';
  poolId: string;
  id: string;
  address?: string;
  port?: number;
  /** What showed it is still there. */
  detail: string;
}

/** The body of the `conformance-evidence` attachment. */
export interface TestEvidence {
  /** The test's trace: every request it sent carried this trace id (src/http/trace.ts). */
  traceId?: string;
  /** The record of each error of the test that a typed failure made, each with its id. */
  failures: FailureEvidence[];
  retried: RetryEvidence[];
  leftovers: LeftoverEvidence[];
  /** What the test cost the target; absent in evidence written before costs were recorded. */
  cost?: TestCost;
  /**
   * The statuses the test demanded of the target, as `<operationId> <status>` pairs (`createMemberV2 4xx`), sorted:
   * every status the client checked (ApiClient.call's `expect`, ApiClient.expectStatus).
   */
  demanded?: string[];
}

interface Sink {
  trace: Trace;
  /** Every request the test sent, each resend included, with what came of it. */
  exchanges: HarEntry[];
  failures: FailureEvidence[];
  /** How many failures were recorded: the next one's id. */
  recorded: number;
  retried: RetryEvidence[];
  leftovers: LeftoverEvidence[];
  cost: TestCost;
  demanded: Set<string>;
}

let sink: Sink | undefined;

const emptySink = (): Sink => ({
  trace: new Trace(),
  exchanges: [],
  failures: [],
  recorded: 0,
  retried: [],
  leftovers: [],
  cost: emptyCost(),
  demanded: new Set(),
});

/** The running test's trace; undefined outside a test. */
export function currentTrace(): Trace | undefined {
  return sink?.trace;
}

/** Starts collecting for one test, in a new trace; whatever an earlier test left is dropped. */
export function openEvidence(): void {
  sink = emptySink();
}

/** Stops collecting and returns what was recorded since openEvidence. */
export function closeEvidence(): Sink {
  const collected = sink ?? emptySink();
  sink = undefined;
  return collected;
}

/** Builds the evidence of a failure from its parts; the curl is derived from the exchange. */
export function failureEvidence(
  message: string,
  parts: Omit<FailureEvidence, 'id' | 'message' | 'curl'>,
): FailureEvidence {
  return {
    message: plainText(message),
    ...parts,
    ...(parts.exchange ? { curl: toCurl(parts.exchange) } : {}),
  };
}

/**
 * Records the evidence of an error about to be thrown, and returns the id it is recorded under (within the
 * test); outside a test it records nothing and returns undefined.
 */
export function recordFailure(evidence: FailureEvidence): string | undefined {
  if (!sink) return undefined;
  sink.recorded += 1;
  const id = `${EVIDENCE_ATTACHMENT} #${sink.recorded}`;
  sink.failures.push({ ...evidence, id, traceId: evidence.exchange?.traceId ?? sink.trace.traceId });
  return id;
}

/** Notes a member that its delete left in place (a no-op outside a test). */
export function recordLeftover(leftover: LeftoverEvidence): void {
  sink?.leftovers.push(leftover);
}

/** Notes the statuses a check demanded, as `<operationId> <status>` pairs (a no-op outside a test). */
export function recordDemand(pairs: readonly string[]): void {
  for (const pair of pairs) sink?.demanded.add(pair);
}

/** Keeps a request that went out, and what came of it, for the run's HAR (a no-op outside a test). */
export function recordAttempt(attempt: Attempt): void {
  sink?.exchanges.push(harEntry(attempt));
}

/** Counts a request as sent (a no-op outside a test). */
export function recordRequest(request: SentRequest): void {
  if (sink) countRequest(sink.cost, request);
}

/**
 * Notes when a member was created (its create sent) and where, deleted (its delete answered, with what status)
 * and confirmed gone; no-ops outside a test.
 */
export function recordMemberCreated(id: string, sentAt: number, place?: CreatedMember): void {
  if (sink) memberCreated(sink.cost, id, sentAt, place);
}

export function recordMemberDeleted(id: string, answeredAt = Date.now(), status?: number): void {
  if (sink) memberDeleted(sink.cost, id, answeredAt, status);
}

export function recordMemberGone(id: string, by: GoneBy): void {
  if (sink) memberGone(sink.cost, id, by);
}

/** Notes an answered exchange's resends, and lists it when it needed any (a no-op outside a test). */
export function recordExchange(exchange: Exchange): void {
  if (!sink) return;
  countResends(sink.cost, exchange.retries);
  if (exchange.retries.length === 0) return;
  const url = new URL(exchange.url);
  sink.retried.push({ method: exchange.method, path: url.pathname + url.search, retries: exchange.retries });
}

/**
 * The id of the evidence record an error links to, if any: its cause is an EvidenceLink (src/failures.ts), whose
 * message is the id alone, as thrown and as Playwright serialises it into its reports.
 */
export function evidenceIdOf(error: { cause?: unknown }): string | undefined {
  const cause = error.cause;
  if (typeof cause !== 'object' || cause === null || !('message' in cause)) return undefined;
  return typeof cause.message === 'string' ? cause.message : undefined;
}

/**
 * The evidence of a test's errors: for each error, the record whose id its cause carries. A property records many failures while it shrinks, and a check may make a failure it does
 * not throw: only the records the test's errors link to are kept. An error that links to none is untyped.
 */
export function evidenceFor(errors: readonly { cause?: unknown }[], recorded: Sink): TestEvidence {
  const linked = new Set(errors.map(evidenceIdOf));
  return {
    traceId: recorded.trace.traceId,
    failures: recorded.failures.filter((f) => linked.has(f.id)),
    retried: recorded.retried,
    leftovers: recorded.leftovers,
    cost: recorded.cost,
    demanded: [...recorded.demanded].sort(),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/**
 * Text without terminal escapes (the colours Playwright puts into its own error messages): every message and
 * reason the reports and the runner show is plain text.
 */
export function plainText(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}
