/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): every request the suite sends carries a
 * `traceparent` header, version 00, sampled (flags 01). A trace is one test (or one clean-up, one preflight), a
 * span is one HTTP request, each resend its own: a vendor finds the very request a failure rests on in the
 * server's own logs by these ids.
 */
import { randomBytes } from 'node:crypto';

export const TRACEPARENT_HEADER = 'traceparent';

/** The ids of one request: its trace's, 32 lower-case hex digits, and its own, 16. */
export interface Span {
  traceId: string;
  spanId: string;
}

/** Random bytes drawn ahead, so that an id costs no call into the random source of its own. */
let pool = Buffer.alloc(0);
let drawn = 0;
const POOL_BYTES = 4096;

/** Random ids, never all zeros (the specification forbids those). */
function randomHex(bytes: number): string {
  for (;;) {
    if (drawn + bytes > pool.length) {
      pool = randomBytes(POOL_BYTES);
      drawn = 0;
    }
    const hex = pool.toString('hex', drawn, (drawn += bytes));
    if (/[^0]/.test(hex)) return hex;
  }
}

/** One trace: its id is fixed, each span of it new. */
export class Trace {
  readonly traceId = randomHex(16);

  /** The ids of the next request of this trace. */
  span(): Span {
    return { traceId: this.traceId, spanId: randomHex(8) };
  }
}

/** The `traceparent` header of a request: version 00, the trace id, the span id, sampled. */
export function traceparent(span: Span): string {
  return `00-${span.traceId}-${span.spanId}-01`;
}

const TRACEPARENT_FORM = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The ids a `traceparent` header names; undefined when it is absent or not a well-formed version 00 header. */
export function parseTraceparent(value: string | undefined): Span | undefined {
  const match = TRACEPARENT_FORM.exec(value?.trim() ?? '');
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]! };
}
