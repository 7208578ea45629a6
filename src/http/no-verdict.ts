import { bareMessage, failureEvidence, recordFailure } from '../evidence';
import { formatExchange, type Exchange } from './exchange';

/** How every no-verdict message starts; the report reads it (isNoVerdict), never a requirement id. */
export const NO_VERDICT_PREFIX = 'no verdict:';

/**
 * The target would not answer the request: it kept refusing it with 429 (or 503 with Retry-After) after every
 * retry the client allows. Its answer says nothing about any requirement (API-NOTES §5: "A 429 or 503 with
 * Retry-After is not a verdict"), so the test that sent it has none: the message names no requirement, and the
 * report shows the test's requirements as inconclusive rather than failed.
 */
export class NoVerdict extends Error {
  constructor(readonly exchange: Exchange) {
    const waited = exchange.retries.reduce((sum, r) => sum + r.waitedMs, 0);
    const retryAfter = exchange.responseHeaders['retry-after'];
    super(
      `${NO_VERDICT_PREFIX} the target kept refusing the request with ${exchange.status}` +
        `${retryAfter === undefined ? '' : ` (Retry-After: ${retryAfter})`} after ${exchange.retries.length} ` +
        `retries that waited ${waited} ms in all, so this check could not be made\n${formatExchange(exchange)}`,
    );
    this.name = 'NoVerdictError';
    recordFailure(failureEvidence(this.message, { exchange }));
  }
}

/** Whether an error message (as a test's error or a report carries it) is a NoVerdict's. */
export function isNoVerdict(message: string): boolean {
  return bareMessage(message).startsWith(NO_VERDICT_PREFIX);
}
