/** The settings of the HTTP client: requests in flight, the settle time, and the secrets its records must not show. */
import { ConfigError } from './config-error';
import { positiveWholeNumber } from './number';
import { conformanceWorkers } from './suite';

type Env = Record<string, string | undefined>;

/**
 * Requests in flight at the start of a run, by default: 4 per worker of the default two. The bounds then adapt
 * (gate.ts): they grow on slow answers, and shrink on refusals and, for writes, on busy load balancers.
 */
export const DEFAULT_CONCURRENCY = 8;

/** CONFORMANCE_CONCURRENCY: requests the whole run starts with in flight against the target. */
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
