/*
 * Real-API noise (docs/noise.md): a 429, or a 503 with Retry-After, is not an answer to judge but a
 * "not now". The client waits as asked and sends the request again, within bounds: at most MAX_RETRIES
 * retries, each wait at most MAX_RETRY_WAIT_MS, all waits of one request together at most
 * MAX_TOTAL_RETRY_WAIT_MS. A 429 without Retry-After waits DEFAULT_429_WAIT_MS, doubling with each retry.
 */
export const MAX_RETRIES = 4;
export const MAX_RETRY_WAIT_MS = 10_000;
export const MAX_TOTAL_RETRY_WAIT_MS = 20_000;
export const DEFAULT_429_WAIT_MS = 1_000;

/** Retry-After in seconds or as an HTTP date, in ms from now (0 for a date already past). */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long the target asks the client to wait when the answer is a refusal (429, or 503 with Retry-After);
 * undefined when the answer is one to judge.
 */
export function refusalWaitMs(
  status: number,
  retryAfter: string | undefined,
  retriesSoFar: number,
  now = Date.now(),
): number | undefined {
  const asked = retryAfterMs(retryAfter, now);
  if (status === 503) return asked;
  if (status !== 429) return undefined;
  return asked ?? DEFAULT_429_WAIT_MS * 2 ** retriesSoFar;
}

/** The wait before one more retry, within the bounds; undefined when the retries or the wait budget are spent. */
export function nextRetryWaitMs(asked: number, earlier: readonly { waitedMs: number }[]): number | undefined {
  if (earlier.length >= MAX_RETRIES) return undefined;
  const budget = MAX_TOTAL_RETRY_WAIT_MS - earlier.reduce((sum, r) => sum + r.waitedMs, 0);
  if (budget <= 0) return undefined;
  return Math.min(asked, MAX_RETRY_WAIT_MS, budget);
}
