/** The CONFORMANCE_* and FC_* settings of the suite's own behaviour: workers, property runs and replays. */
import { ConfigError } from './config-error';
import { positiveWholeNumber } from './number';

type Env = Record<string, string | undefined>;

export const DEFAULT_WORKERS = 2;

/** Parallel workers against the target: CONFORMANCE_WORKERS, 2 by default (gentle on a real cloud). */
export function conformanceWorkers(env: Env): number {
  return positiveWholeNumber(env, 'CONFORMANCE_WORKERS', DEFAULT_WORKERS);
}

/** Runs per property: modest by default so a run against a real cloud stays fast; CONFORMANCE_RUNS raises it. */
export const DEFAULT_RUNS = 20;

export function propertyRuns(env: Env = process.env): number {
  return positiveWholeNumber(env, 'CONFORMANCE_RUNS', DEFAULT_RUNS);
}

/** FC_SEED and FC_PATH: the replay of a property failure, as its replay line gives them. */
export function replayParameters(env: Env): { seed?: number; path?: string } {
  const seed = env.FC_SEED;
  if (seed === undefined || seed === '') return {};
  if (!/^-?\d+$/.test(seed))
    throw new ConfigError('FC_SEED', `"${seed}" must be the integer seed a failure printed`);
  return { seed: Number(seed), path: env.FC_PATH || undefined };
}
