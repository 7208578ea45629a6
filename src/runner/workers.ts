import { ConfigError } from '../target/config';

export const DEFAULT_WORKERS = 2;

/** Parallel workers against the target: CONFORMANCE_WORKERS, 2 by default (gentle on a real cloud). */
export function conformanceWorkers(env: Record<string, string | undefined>): number {
  const text = env.CONFORMANCE_WORKERS;
  if (text === undefined || text === '') return DEFAULT_WORKERS;
  if (!/^[1-9]\d*$/.test(text))
    throw new ConfigError('CONFORMANCE_WORKERS', `"${text}" must be a positive whole number`);
  return Number(text);
}
