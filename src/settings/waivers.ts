/**
 * CONFORMANCE_WAIVERS: a YAML file of known deviations a run accepts until a date (docs/waivers.md). Read
 * and checked whole before any test runs; every problem is a ConfigError naming the variable, the file and the
 * entry. What a waiver does to a requirement's status is decided with the verdict (src/reporter/model.ts).
 */
import { readText } from '../read-text';
import path from 'node:path';
import { catalogue } from '../catalogue/requirements';
import { isRecord } from '../json';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

export const WAIVERS_VARIABLE = 'CONFORMANCE_WAIVERS';

export interface Waiver {
  /** The id of the requirement whose failure is accepted. */
  requirement: string;
  /** Why: the vendor's ticket, the deviation, who accepted it. */
  reason: string;
  /** The last day the waiver holds, YYYY-MM-DD, in UTC: through that day included. */
  expires: string;
}

const FIELDS: readonly (keyof Waiver)[] = ['requirement', 'reason', 'expires'];

/** Whether the waiver holds on the UTC day of `at` (the run's start): up to its `expires` day included. */
export function waiverLiveOn(waiver: Pick<Waiver, 'expires'>, at: Date): boolean {
  return at.toISOString().slice(0, 10) <= waiver.expires;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}

/** A YYYY-MM-DD day of the calendar (no 2026-02-30), or a description of what is wrong with it. */
function dayProblem(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : undefined;
  const match = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `must be a date written YYYY-MM-DD, such as 2026-12-31 (it is ${kindOf(value)})`;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? undefined : `"${text}" is not a day of the calendar`;
}

/**
 * The waivers of a YAML text: a list of `{requirement, reason, expires}` mappings, each requirement in `known`
 * and waived once. An empty text is an empty list. `file` names the text in messages.
 */
export function parseWaivers(
  text: string,
  file: string,
  known: ReadonlySet<string> = new Set(catalogue().keys()),
): Waiver[] {
  const fail = (problem: string): never => {
    throw new ConfigError(WAIVERS_VARIABLE, `${file}: ${problem}`);
  };
  let raw: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a run has waivers
    const { parse } = require('yaml') as typeof import('yaml');
    raw = parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`not YAML: ${(message.split('\n')[0] ?? '').replace(/:$/, '')}`);
  }
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw))
    return fail(`must be a YAML list of waivers, each {requirement, reason, expires}; it is ${kindOf(raw)}`);
  const seen = new Map<string, number>();
  return raw.map((entry: unknown, index): Waiver => {
    const at = `entry ${index + 1}`;
    if (!isRecord(entry))
      return fail(`${at} must be a mapping {requirement, reason, expires}; it is ${kindOf(entry)}`);
    const { requirement } = entry;
    const named = typeof requirement === 'string' && requirement !== '' ? `${at} (${requirement})` : at;
    for (const key of Object.keys(entry))
      if (!(FIELDS as readonly string[]).includes(key))
        fail(`${named}: "${key}" is not a field of a waiver; its fields are ${FIELDS.join(', ')}`);
    for (const field of FIELDS) if (!(field in entry)) fail(`${named}: "${field}" is missing`);
    if (typeof requirement !== 'string' || requirement.trim() === '')
      return fail(`${at}: "requirement" must be a requirement id (it is ${kindOf(requirement)})`);
    if (!known.has(requirement))
      fail(
        `${at}: "${requirement}" is not a requirement of requirements.yaml (the command's --list names them)`,
      );
    const earlier = seen.get(requirement);
    if (earlier !== undefined)
      fail(`${named}: ${requirement} is waived twice (entry ${earlier} waives it too)`);
    seen.set(requirement, index + 1);
    const { reason, expires } = entry;
    if (typeof reason !== 'string' || reason.trim() === '')
      fail(`${named}: "reason" must be a sentence saying why (it is ${kindOf(reason)})`);
    const problem = dayProblem(expires);
    if (problem !== undefined) fail(`${named}: "expires" ${problem}`);
    return { requirement, reason: (reason as string).trim(), expires: expires as string };
  });
}

/** The waivers CONFORMANCE_WAIVERS names, read and checked; none when it is unset or empty. */
export function waiversFromEnv(env: Env = process.env): Waiver[] {
  const file = env[WAIVERS_VARIABLE]?.trim();
  if (!file) return [];
  const read = readText(file);
  if ('problem' in read) throw new ConfigError(WAIVERS_VARIABLE, `${file}: ${read.problem}`);
  return parseWaivers(read.text, file);
}

/**
 * The environment with CONFORMANCE_WAIVERS made absolute against `cwd`: Playwright runs in the project folder,
 * while the user named the file from wherever the command was started.
 */
export function withWaiversPathResolved(env: Env, cwd: string = process.cwd()): Env {
  const file = env[WAIVERS_VARIABLE]?.trim();
  return file ? { ...env, [WAIVERS_VARIABLE]: path.resolve(cwd, file) } : env;
}
