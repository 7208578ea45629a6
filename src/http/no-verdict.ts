import { bareMessage, failureEvidence, recordFailure } from '../evidence';
import { formatExchange, type Exchange } from './exchange';

/** How every no-verdict message starts; the report reads it (isNoVerdict), never a requirement id. */
export const NO_VERDICT_PREFIX = 'no verdict:';

/**
 * A check that could not be made, so the test has no verdict: the message names no requirement, and the
 * report shows the test's requirements as inconclusive rather than failed. Either the target would not answer
 * (refused) or gave no answer at all (unanswered), or the run's own limits forbade sending the request
 * (TARGET_MAX_WRITES).
 */
export class NoVerdict extends Error {
  constructor(
    reason: string,
    readonly exchange?: Exchange,
  ) {
    super(`${NO_VERDICT_PREFIX} ${reason}`);
    this.name = 'NoVerdictError';
    recordFailure(failureEvidence(this.message, { kind: 'no-verdict', ...(exchange ? { exchange } : {}) }));
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

/** Whether an error message (as a test's error or a report carries it) is a NoVerdict's. */
export function isNoVerdict(message: string): boolean {
  return bareMessage(message).startsWith(NO_VERDICT_PREFIX);
}
