/** The settings of the HTTP client: requests in flight, the settle time, and the secrets its records must not show. */
import { ConfigError } from './config-error';
import { positiveWholeNumber } from './number';
import { conformanceWorkers } from './suite';

type Env = Record<string, string | undefined>;

/**
 * Requests in flight at once for the whole run, by default: 4 per worker of the default two. 16 takes a run
 * at 150 ms an answer from 63 s to 51 s, but a load balancer busy after each write from 35 s to 81 s, as more
 * writes meet it busy and back off (docs/benchmarks.md): a slow target that is never busy can be given more.
 */
export const DEFAULT_CONCURRENCY = 8;

/** CONFORMANCE_CONCURRENCY: requests the whole run keeps in flight at once against the target. */
export function runConcurrency(env: Env = process.env): number {
  return positiveWholeNumber(env, 'CONFORMANCE_CONCURRENCY', DEFAULT_CONCURRENCY);
}

/** One worker's share of the run's limit: the limit is split evenly over the workers, one at least each. */
export function workerConcurrency(env: Env = process.env): number {
  return Math.max(1, Math.floor(runConcurrency(env) / conformanceWorkers(env)));
}

export const DEFAULT_SETTLE_TIMEOUT_S = 60;

/** CONFORMANCE_SETTLE_TIMEOUT: how long a busy load balancer is waited out, in seconds (given here in ms). */
export function settleTimeoutMs(env: Env = process.env): number {
  const text = env.CONFORMANCE_SETTLE_TIMEOUT;
  if (text === undefined || text === '') return DEFAULT_SETTLE_TIMEOUT_S * 1000;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0)
    throw new ConfigError('CONFORMANCE_SETTLE_TIMEOUT', `"${text}" must be a positive number of seconds`);
  return Number(text) * 1000;
}

/** The run's own secrets, from its environment: the target's token and the built-in server's. */
export function runSecrets(env: Env = process.env): string[] {
  return [env.TARGET_TOKEN, env.REFERENCE_TOKEN].filter((t): t is string => !!t);
}
