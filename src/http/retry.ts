import type { Layer, OutgoingRequest, Reply } from './layer';

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

/** Whether an answer is a refusal to wait out (429, or 503 with Retry-After) rather than one to judge. */
export function isRefusal(status: number, retryAfter: string | undefined): boolean {
  return refusalWaitMs(status, retryAfter, 0) !== undefined;
}

/** A refusal as the retry loop needs it: its status and the wait it asks for (ms). */
export interface Refusal {
  status: number;
  askedMs: number;
}

/** One wait of the retry loop, before the request was sent again. */
export interface RetryNote {
  status: number;
  waitedMs: number;
}

/**
 * The retry loop, the suite's only one: sends, and while `refusal` says the answer is a refusal, waits as it asks
 * within the bounds above (and while `fits` allows the wait), then sends again. Returns the last answer, the waits
 * before it, and whether it is still a refusal.
 */
export async function withRetries<A>(
  send: () => Promise<A>,
  refusal: (answer: A, retriesSoFar: number) => Refusal | undefined,
  fits: (waitMs: number) => boolean = () => true,
): Promise<{ answer: A; retries: RetryNote[]; refused: boolean }> {
  const retries: RetryNote[] = [];
  for (;;) {
    const answer = await send();
    const refused = refusal(answer, retries.length);
    if (refused === undefined) return { answer, retries, refused: false };
    const wait = nextRetryWaitMs(refused.askedMs, retries);
    if (wait === undefined || !fits(wait)) return { answer, retries, refused: true };
    retries.push({ status: refused.status, waitedMs: wait });
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** An HTTP answer as a refusal of the client's: 429, or 503 with Retry-After. */
export function httpRefusal(
  answer: { status: number; headers: Record<string, string> },
  retriesSoFar: number,
): Refusal | undefined {
  const askedMs = refusalWaitMs(answer.status, answer.headers['retry-after'], retriesSoFar);
  return askedMs === undefined ? undefined : { status: answer.status, askedMs };
}

/** The layer that waits out refusals (withRetries) and sends the request again through the layer below. */
export class Retries implements Layer {
  constructor(private readonly below: Layer) {}

  async send(request: OutgoingRequest): Promise<Reply> {
    const { answer, retries, refused } = await withRetries(() => this.below.send(request), httpRefusal);
    return { ...answer, retries: [...answer.retries, ...retries], refused };
  }
}
