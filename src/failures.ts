/**
 * The failures of the suite, one typed hierarchy: what the code that throws one knows about it is its class, never
 * its text.
 * - ConformanceFailure: an answer that breaks a rule (a violation);
 * - NoVerdict: a check that could not be made (no answer, refused, the run's own limits);
 * - PropertyCounterexample: a property's counterexample, a violation when its case broke a rule, untyped otherwise;
 * - ConfigError (src/settings/config-error.ts): a setting the run cannot use.
 * Thrown inside a test, each records its evidence (src/evidence.ts) under an id and carries that id as its
 * `cause`, an EvidenceLink: Playwright keeps an error's cause through its reports, so the conformance report
 * finds the evidence of each error of a test by id, whatever the message says.
 */
import { requirement as catalogued } from './catalogue/requirements';
import {
  failureEvidence,
  recordFailure,
  type FailureEvidence,
  type PropertyEvidence,
  type ViolationEvidence,
} from './evidence';
import { formatExchange, type Exchange } from './http/exchange';

/**
 * The cause of a recorded failure: its message is the id of the failure's evidence record, and nothing else.
 * It has no name and no stack, so the terminal shows only `[cause]: <id>` under the failure.
 */
export class EvidenceLink extends Error {
  constructor(readonly id: string) {
    super(id);
    this.name = '';
    this.stack = id;
  }
}

/** What an evidence record says besides its kind and message. */
type EvidenceParts = Omit<FailureEvidence, 'id' | 'kind' | 'message' | 'curl'>;

/** The root of the hierarchy: a failure that records its evidence and links to it. */
export abstract class SuiteFailure extends Error {
  abstract readonly kind: FailureEvidence['kind'];
  /** The id of the evidence this failure recorded; undefined when it was made outside a test. */
  evidenceId: string | undefined;

  /** Records the evidence (a no-op outside a test) and links to it; called last by each constructor. */
  protected record(parts: EvidenceParts = {}): void {
    this.evidenceId = recordFailure(failureEvidence(this.message, { kind: this.kind, ...parts }));
    if (this.evidenceId !== undefined) this.cause = new EvidenceLink(this.evidenceId);
  }
}

/**
 * A response that breaks the rules. It counts against the requirement of the test that threw it, unless it was
 * made with `against`: a cross-cutting check (the contract of every response, its content type) names the
 * requirement it breaks as data, and the report attributes it from that field alone. The `[ID]` in front of
 * such a message is for the reader; nothing parses it back.
 */
export class ConformanceFailure extends SuiteFailure {
  readonly kind = 'violation';
  /** The requirement this failure counts against; undefined: the requirement(s) of the test that threw it. */
  readonly requirement: string | undefined;

  constructor(
    message: string,
    readonly exchange?: Exchange,
    /** The contract violations behind a contract failure, with their JSON pointers. */
    readonly violations?: readonly ViolationEvidence[],
    requirement?: string,
  ) {
    const text = requirement ? `[${requirement}] ${message}` : message;
    super(exchange ? `${text}\n${formatExchange(exchange)}` : text);
    this.name = 'ConformanceFailure';
    this.requirement = requirement;
    this.record({
      ...(requirement ? { requirement } : {}),
      ...(exchange ? { exchange } : {}),
      ...(violations ? { violations: [...violations] } : {}),
    });
  }

  /** A failure of a cross-cutting check, counted against `requirement` whichever test found it. */
  static against(
    requirement: string,
    message: string,
    exchange?: Exchange,
    violations?: readonly ViolationEvidence[],
  ): ConformanceFailure {
    return new ConformanceFailure(message, exchange, violations, catalogued(requirement).id);
  }
}

/** How every no-verdict message starts, for the reader; the report goes by the class, never by this text. */
const NO_VERDICT_PREFIX = 'no verdict:';

/**
 * A check that could not be made, so the test has no verdict: the message names no requirement, and the
 * report shows the test's requirements as inconclusive rather than failed. Either the target would not answer
 * (refused) or gave no answer at all (unanswered), or the run's own limits forbade sending the request
 * (TARGET_MAX_WRITES).
 */
export class NoVerdict extends SuiteFailure {
  readonly kind = 'no-verdict';

  constructor(
    reason: string,
    readonly exchange?: Exchange,
  ) {
    super(`${NO_VERDICT_PREFIX} ${reason}`);
    this.name = 'NoVerdictError';
    this.record(exchange ? { exchange } : {});
  }

  /**
   * The target kept refusing the request with 429 (or 503 with Retry-After) after every retry the client
   * allows. Its answer says nothing about any requirement (docs/readings.md §5: a 429 or 503 with
   * Retry-After is not a verdict).
   */
  static refused(exchange: Exchange): NoVerdict {
    const waited = exchange.retries.reduce((sum, r) => sum + r.waitedMs, 0);
    const retryAfter = exchange.responseHeaders['retry-after'];
    return new NoVerdict(
      `the target kept refusing the request with ${exchange.status}` +
        `${retryAfter === undefined ? '' : ` (Retry-After: ${retryAfter})`} after ${exchange.retries.length} ` +
        `retries that waited ${waited} ms in all, so this check could not be made\n${formatExchange(exchange)}`,
      exchange,
    );
  }

  /**
   * The request got no answer: the connection was refused, reset or closed, or stayed silent past the
   * transport's timeout. Nothing came back to judge.
   */
  static unanswered(method: string, url: string, error: unknown): NoVerdict {
    const why = error instanceof Error ? error.message : String(error);
    return new NoVerdict(`${method} ${url} got no answer (${why}), so this check could not be made`);
  }
}

/**
 * A property's counterexample: the message of the case's error, then the seed, path and replay line. It is a
 * violation, counted as its case's ConformanceFailure is, when the case broke a rule; a case that threw
 * anything else broke no rule the suite checks, and the property's failure is as untyped as its cause.
 */
export class PropertyCounterexample extends SuiteFailure {
  readonly kind: 'violation' | 'untyped';

  constructor(message: string, cause: unknown, property: PropertyEvidence) {
    super(message);
    // The name Playwright prints in front of the message: the case's own error speaks, not the wrapper.
    this.name = 'Error';
    const inner = cause instanceof ConformanceFailure ? cause : undefined;
    this.kind = inner ? 'violation' : 'untyped';
    this.record({
      ...(inner?.requirement ? { requirement: inner.requirement } : {}),
      ...(inner?.exchange ? { exchange: inner.exchange } : {}),
      ...(inner?.violations ? { violations: [...inner.violations] } : {}),
      property,
    });
  }
}

/** A setting the run cannot use: names the variable and says what is wrong with it. */
export abstract class SettingsFailure extends SuiteFailure {
  readonly kind = 'settings';
}
