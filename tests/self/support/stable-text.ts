/**
 * The normalizer of pinned failure renderings: each value that legitimately differs from one run to the next
 * is replaced by a placeholder, and nothing else is touched, so that any change of layout still shows.
 * What a run can fix instead is fixed by its caller (the fast-check seed, the member ports), not normalized.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A quote as it appears in text, or escaped inside a JSON string. */
const Q = '\\\\?"';

/** Each rule: what varies, and what stands for it. */
const RUN_VARIANCE: readonly [RegExp, string][] = [
  // The port the built-in reference server listens on.
  [/\b(127\.0\.0\.1|\[::1\]):\d+/g, '$1:<port>'],
  // The run id in the names of the members the run creates.
  [/\bconformance-[0-9a-f]{8}-/g, 'conformance-<run-id>-'],
  // The id the server gave a member.
  [new RegExp(`(${Q}id${Q}:\\s*${Q})${UUID}`, 'g'), '$1<member-id>'],
  // How long a response took, in the text and in the JSON.
  [/\b\d+ ms\b/g, '<duration> ms'],
  [/("durationMs":\s*)\d+/g, '$1<duration>'],
  // The trace and span ids of a request (its traceparent header, and the failure's record of them).
  [/\b00-[0-9a-f]{32}-[0-9a-f]{16}-01\b/g, '00-<trace-id>-<span-id>-01'],
  [/("traceId":\s*")[0-9a-f]{32}"/g, '$1<trace-id>"'],
  [/("spanId":\s*")[0-9a-f]{16}"/g, '$1<span-id>"'],
  // The Date header of a response.
  [/\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, '<date>'],
];

/** The text with every run-to-run value replaced by its placeholder. */
export function stableText(text: string): string {
  return RUN_VARIANCE.reduce((out, [pattern, placeholder]) => out.replace(pattern, placeholder), text);
}
