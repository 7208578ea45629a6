/**
 * Structured evidence of failures, for the conformance report: what the failure messages say in prose, kept as
 * data so that no reporter has to parse text. ConformanceFailure and checkProperty record here, the test's
 * clean-up records the members a delete left in place, and the client's hooks record what every request cost
 * (src/cost.ts); the `evidence` fixture (src/fixtures/evidence.ts) opens the sink before each test and attaches what
 * belongs to the test as the `conformance-evidence` attachment: every test has a cost, passed or failed.
 * Tests in one worker run one at a time, so one sink per worker process is enough.
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
import { toCurl, type Exchange } from './http/exchange';

export const EVIDENCE_ATTACHMENT = 'conformance-evidence';

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
 * What an error of a test is evidence of, as the code that threw it typed it:
 * - `violation`: an answer that breaks a rule (a ConformanceFailure, or a property whose case threw one);
 * - `no-verdict`: a check that could not be made (a NoVerdict: no answer, refused, the run's own limits);
 * - `untyped`: an error no check made (a timeout, an interruption, an error of the suite's own code): it says
 *   nothing about the target, so it is no verdict either.
 */
export type FailureKind = 'violation' | 'no-verdict' | 'untyped';

/** What one failure of a test shows: the message, and where there is one, the exchange that broke the rule. */
export interface FailureEvidence {
  kind: FailureKind;
  /** The requirement a cross-cutting check counts the failure against; absent: the test's own requirement(s). */
  requirement?: string;
  /** The whole error message, as the test's error carries it. */
  message: string;
  /** The request and response, token already redacted. */
  exchange?: Exchange;
  violations?: ViolationEvidence[];
  property?: PropertyEvidence;
  /** A curl command replaying the request; the token is read from $TARGET_TOKEN. */
  curl?: string;
}

/** A request the client repeated after 429/503 with Retry-After. */
export interface RetryEvidence {
  method: string;
  path: string;
  retries: { status: number; waitedMs: number }[];
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
  /** One entry per error of the test, in the order of the test's errors. */
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
  failures: FailureEvidence[];
  retried: RetryEvidence[];
  leftovers: LeftoverEvidence[];
  cost: TestCost;
  demanded: Set<string>;
}

let sink: Sink | undefined;

const emptySink = (): Sink => ({
  failures: [],
  retried: [],
  leftovers: [],
  cost: emptyCost(),
  demanded: new Set(),
});

/** Starts collecting for one test; whatever an earlier test left is dropped. */
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
  parts: Omit<FailureEvidence, 'message' | 'curl'>,
): FailureEvidence {
  return {
    message: plainText(message),
    ...parts,
    ...(parts.exchange ? { curl: toCurl(parts.exchange) } : {}),
  };
}

/** Records the evidence of an error about to be thrown (a no-op outside a test). */
export function recordFailure(evidence: FailureEvidence): void {
  sink?.failures.push(evidence);
}

/** Notes a member that its delete left in place (a no-op outside a test). */
export function recordLeftover(leftover: LeftoverEvidence): void {
  sink?.leftovers.push(leftover);
}

/** Notes the statuses a check demanded, as `<operationId> <status>` pairs (a no-op outside a test). */
export function recordDemand(pairs: readonly string[]): void {
  for (const pair of pairs) sink?.demanded.add(pair);
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
 * The evidence of a test's errors: for each error, the last recorded evidence with the same message
 * (a property records many failures while it shrinks; the last one is the error thrown), else the message
 * as an untyped error: no check recorded it (a timeout, an interruption, an error of the suite's own code).
 */
export function evidenceFor(errors: readonly { message?: string }[], recorded: Sink): TestEvidence {
  const failures = errors.map((error) => {
    const message = error.message ?? '';
    const match = [...recorded.failures].reverse().find((f) => sameMessage(f.message, message));
    return match ?? failureEvidence(message, { kind: 'untyped' });
  });
  return {
    failures,
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

/** The message, plain, without the "Error: " that some renderings of an error put in front of it. */
export function bareMessage(text: string): string {
  return plainText(text)
    .replace(/^(\w*Error|ConformanceFailure): /, '')
    .trim();
}

/** Whether two renderings of an error's message are the same message. */
export function sameMessage(a: string, b: string): boolean {
  return bareMessage(a) === bareMessage(b);
}
