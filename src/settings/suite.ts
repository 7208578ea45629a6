/** The CONFORMANCE_* and FC_* settings of the suite's own behaviour: workers, property runs and replays. */
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

export const DEFAULT_WORKERS = 2;

/** Parallel workers against the target: CONFORMANCE_WORKERS, 2 by default (gentle on a real cloud). */
export function conformanceWorkers(env: Env): number {
  const text = env.CONFORMANCE_WORKERS;
  if (text === undefined || text === '') return DEFAULT_WORKERS;
  if (!/^[1-9]\d*$/.test(text))
    throw new ConfigError('CONFORMANCE_WORKERS', `"${text}" must be a positive whole number`);
  return Number(text);
}

/** Runs per property: modest by default so a run against a real cloud stays fast; CONFORMANCE_RUNS raises it. */
export const DEFAULT_RUNS = 20;

export function propertyRuns(env: Env = process.env): number {
  const text = env.CONFORMANCE_RUNS;
  if (text === undefined || text === '') return DEFAULT_RUNS;
  if (!/^[1-9]\d*$/.test(text))
    throw new ConfigError('CONFORMANCE_RUNS', `"${text}" must be a positive whole number`);
  return Number(text);
}

/** FC_SEED and FC_PATH: the replay of a property failure, as its replay line gives them. */
export function replayParameters(env: Env): { seed?: number; path?: string } {
  const seed = env.FC_SEED;
  if (seed === undefined || seed === '') return {};
  if (!/^-?\d+$/.test(seed))
    throw new ConfigError('FC_SEED', `"${seed}" must be the integer seed a failure printed`);
  return { seed: Number(seed), path: env.FC_PATH || undefined };
}
