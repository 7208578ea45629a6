import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/** A variable that holds a positive whole number: `fallback` when unset or empty; a ConfigError naming it otherwise. */
export function positiveWholeNumber(env: Env, variable: string, fallback: number): number {
  const text = env[variable];
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new ConfigError(variable, `"${text}" must be a positive whole number`);
  return Number(text);
}
