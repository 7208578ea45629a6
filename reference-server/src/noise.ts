import { createHash } from 'node:crypto';
import type { ChoiceName } from './choices';

/*
 * Real-API noise: a server in front of a shared cloud account refuses some requests for a moment (429 from the
 * API gateway, 503 from a busy back end, each with Retry-After) and answers slowly. Both are legitimate; the
 * suite must wait, retry and stay right (docs/readings.md §5: a 429 or 503 with Retry-After is not a
 * verdict).
 */

/** The noise scenarios: rows of the choice table (reference-server/modes/choices.ts). */
export type NoiseChoiceName = Extract<ChoiceName, 'rate-limit' | 'latency'>;

/** Every how many requests `rate-limit` refuses one. */
export const RATE_LIMIT_EVERY = 7;
/** How often a refused request is refused a second time on its retry (every Nth refusal). */
const TWICE_EVERY = 3;
/** Every how many refusals one of each kind asks for a real wait. */
const WAIT_EVERY = 100;
/** The most times in a row `rate-limit` refuses one request (the suite retries four times). */
export const MAX_REFUSALS_IN_A_ROW = 2;

export const DEFAULT_LATENCY_MS = 300;
const MAX_LATENCY_MS = 10_000;

/** The settings of the noise scenarios that are not on/off switches. */
export interface NoiseSettings {
  /** The mean delay of `latency`. */
  readonly latencyMs: number;
  /**
   * Requests whose `METHOD /path?query` contains this text are refused with 429 (Retry-After: 0) every time,
   * whatever the choices: a target that never lets the request through, for the proof that such a test has
   * no verdict. Empty: none.
   */
  readonly refusedForever: string;
  /**
   * Creates and deletes whose `METHOD /path` contains this text are answered 409 every time, once they are
   * valid, as a load balancer stuck in PENDING_UPDATE answers them (src/busy.ts): a target on which such a
   * write never has a verdict. Empty: none.
   */
  readonly busyForever: string;
}

export const DEFAULT_NOISE: NoiseSettings = {
  latencyMs: DEFAULT_LATENCY_MS,
  refusedForever: '',
  busyForever: '',
};

export type NoiseSettingsResult =
  | { readonly ok: true; readonly settings: NoiseSettings }
  | { readonly ok: false; readonly variable: string; readonly problem: string };

/** REFERENCE_LATENCY_MS, REFERENCE_RATE_LIMIT_FOREVER and REFERENCE_BUSY_FOREVER. */
export function noiseSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): NoiseSettingsResult {
  const latencyText = env.REFERENCE_LATENCY_MS ?? '';
  if (latencyText !== '' && (!/^\d{1,5}$/.test(latencyText) || Number(latencyText) > MAX_LATENCY_MS)) {
    return {
      ok: false,
      variable: 'REFERENCE_LATENCY_MS',
      problem: `expected milliseconds from 0 to ${MAX_LATENCY_MS}, got ${JSON.stringify(latencyText)}`,
    };
  }
  return {
    ok: true,
    settings: {
      latencyMs: latencyText === '' ? DEFAULT_LATENCY_MS : Number(latencyText),
      refusedForever: env.REFERENCE_RATE_LIMIT_FOREVER ?? '',
      busyForever: env.REFERENCE_BUSY_FOREVER ?? '',
    },
  };
}

/** A refusal the server sends instead of handling the request. */
export interface Refusal {
  readonly status: 429 | 503;
  readonly message: string;
  readonly retryAfter: string;
}

/** What identifies a retry of a request: the same method, target, token and body. */
export interface RequestKey {
  readonly method: string;
  /** Path and query, as sent. */
  readonly target: string;
  readonly token: string | undefined;
  readonly body: Buffer;
}

export interface Noise {
  /** The refusal for this request, or undefined to handle it. Counts the request. */
  refusal(request: RequestKey): Refusal | undefined;
  /** How long to hold this answer back, in ms. */
  delayMs(): number;
}

interface SwitchesOn {
  has(name: NoiseChoiceName): boolean;
}

/** One server's noise: deterministic from its start (request counts, never the clock or a random source). */
export function createNoise(choices: SwitchesOn, settings: NoiseSettings = DEFAULT_NOISE): Noise {
  const rateLimit = choices.has('rate-limit');
  const latency = choices.has('latency');
  let requests = 0;
  /** Refusals in all, and refusals of requests that were not retries. */
  let refusals = 0;
  let firstRefusals = 0;
  let answers = 0;
  /** fingerprint -> how many more times in a row this request is refused */
  const again = new Map<string, number>();
  /**
   * Fingerprints refused before: never refused as new again. Identical requests in flight at once (the same
   * read sent by several cases) look like one request's retries, so a refused client's retry can find its
   * pass taken by its twin; were it then refused as new, one request could be refused any number of times
   * in a row.
   */
  const refusedBefore = new Set<string>();

  // Mostly "retry at once" (Retry-After: 0, or an HTTP date already reached), so a run stays fast; in every
  // WAIT_EVERY refusals, one of each kind makes the client really wait: the first (a 429 asking 1 s), so that any
  // run that meets a refusal meets a real wait too, and the last (a 503 until the next whole second).
  const refuse = (n: number): Refusal => {
    const waits = n % WAIT_EVERY === 1 || n % WAIT_EVERY === 0;
    if (n % 2 === 1)
      return { status: 429, message: 'too many requests: slow down', retryAfter: waits ? '1' : '0' };
    const second = (waits ? Math.floor(Date.now() / 1000) + 1 : Math.floor(Date.now() / 1000)) * 1000;
    return {
      status: 503,
      message: 'the service is busy: try again later',
      retryAfter: new Date(second).toUTCString(),
    };
  };

  return {
    refusal(request) {
      requests++;
      if (
        settings.refusedForever !== '' &&
        `${request.method} ${request.target}`.includes(settings.refusedForever)
      )
        return { status: 429, message: 'too many requests: slow down', retryAfter: '0' };
      if (!rateLimit) return undefined;
      const key = fingerprint(request);
      const left = again.get(key);
      if (left !== undefined) {
        // A retry of a refused request: refused once more when its first refusal said so, then let through.
        if (left === 0) {
          again.delete(key);
          return undefined;
        }
        again.set(key, left - 1);
        return refuse(++refusals);
      }
      if (requests % RATE_LIMIT_EVERY !== 0 || refusedBefore.has(key)) return undefined;
      refusedBefore.add(key);
      firstRefusals++;
      again.set(key, firstRefusals % TWICE_EVERY === 0 ? MAX_REFUSALS_IN_A_ROW - 1 : 0);
      return refuse(++refusals);
    },
    delayMs() {
      if (!latency) return 0;
      // mean ± a third, in 11 steps of a fixed sequence
      const step = (answers++ * 7) % 11;
      const spread = Math.round(settings.latencyMs / 3);
      return settings.latencyMs - spread + Math.round((2 * spread * step) / 10);
    },
  };
}

function fingerprint(request: RequestKey): string {
  return createHash('sha256')
    .update(`${request.method} ${request.target}\n${request.token ?? ''}\n`)
    .update(request.body)
    .digest('hex');
}
