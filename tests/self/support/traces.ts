/**
 * The traceparent headers a target received (support/recording-proxy.ts), read without the suite's own code:
 * each must be W3C version 00, sampled, with ids that are not all zeros; each request its own span; and a run
 * against an external target falls into traces: the preflight's reads first, the runner's clean-up last, the
 * tests' in between.
 */
import type { RecordedRequest } from './recording-proxy';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** One request the target received, with the ids of its traceparent. */
export interface ReceivedSpan {
  /** Its place in arrival order. */
  index: number;
  method: string;
  path: string;
  traceparent: string;
  traceId: string;
  spanId: string;
}

/** The ids of every request, and a problem for each one without a well-formed traceparent or with a span id used before. */
export function receivedSpans(requests: readonly RecordedRequest[]): {
  spans: ReceivedSpan[];
  problems: string[];
} {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  requests.forEach(({ method, path, traceparent }, index) => {
    const match = TRACEPARENT.exec(traceparent ?? '');
    const [, traceId = '', spanId = ''] = match ?? [];
    if (!match || /^0+$/.test(traceId) || /^0+$/.test(spanId)) {
      problems.push(`request ${index} (${method} ${path}): traceparent ${JSON.stringify(traceparent)}`);
      return;
    }
    if (seen.has(spanId))
      problems.push(`request ${index} (${method} ${path}): span ${spanId} was used before`);
    seen.add(spanId);
    spans.push({ index, method, path, traceparent: match[0], traceId, spanId });
  });
  return { spans, problems };
}

/** The spans by trace id, the traces in the order of their first request. */
export function byTrace(spans: readonly ReceivedSpan[]): Map<string, ReceivedSpan[]> {
  const traces = new Map<string, ReceivedSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return traces;
}

/** The traces of a run against an external target, and where they do not fall as a run sends them. */
export interface RunTraces {
  /** The trace of the first request: the preflight's reads, which must come before any other request. */
  preflight: ReceivedSpan[];
  /** The trace of the last request: the runner's clean-up, whose requests must come after every other one. */
  afterRun: ReceivedSpan[];
  /** The other traces: the tests'. */
  tests: Map<string, ReceivedSpan[]>;
  problems: string[];
}

export function runTraces(spans: readonly ReceivedSpan[]): RunTraces {
  const traces = byTrace(spans);
  const first = spans[0]?.traceId;
  const last = spans.at(-1)?.traceId;
  const preflight = (first !== undefined && traces.get(first)) || [];
  const afterRun = (last !== undefined && last !== first && traces.get(last)) || [];
  const problems: string[] = [];
  if (preflight.some((span, i) => span.index !== spans[i]?.index))
    problems.push(
      `the preflight's trace ${first} has requests after others: ${preflight.map((s) => s.index)}`,
    );
  const tail = spans.slice(spans.length - afterRun.length);
  if (afterRun.some((span, i) => span.index !== tail[i]?.index))
    problems.push(`the clean-up's trace ${last} has requests before others: ${afterRun.map((s) => s.index)}`);
  const tests = new Map([...traces].filter(([id]) => id !== first && id !== last));
  return { preflight, afterRun, tests, problems };
}
