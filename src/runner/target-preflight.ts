/**
 * The target preflight (docs/running.md): before Playwright starts, and in read-only runs too, one read of each
 * configured pool of an external target tells the settings only the target can refuse (the token, the pools,
 * the project, the URL) from the target's conformance. It sends no write and ends within PREFLIGHT_BUDGET_MS.
 * The built-in reference server is not asked: its settings are its own, and its faults are the run's to judge.
 */
import type { HarEntry } from '../http/har';
import { parseTargetEnv } from '../settings';
import { judgeReads, type Judgement } from './preflight-judge';
import { poolReads, sendReads } from './preflight-reads';
import { isRun } from './verdict';

type Env = Record<string, string | undefined>;

/** What the preflight found, and the requests it sent (redacted HAR entries, for the run's HAR). */
export interface Preflight extends Judgement {
  exchanges: HarEntry[];
}

/**
 * The problems (each naming its variables) and notes of the preflight, and its requests; none when TARGET_URL
 * is unset or the arguments only list or explain. Call it once the configuration check has passed: it reads the
 * same settings.
 */
export async function targetPreflight(env: Env, args: readonly string[]): Promise<Preflight> {
  if (!env.TARGET_URL?.trim() || !isRun(args)) return { problems: [], notes: [], exchanges: [] };
  const target = parseTargetEnv(env);
  const { results, exchanges } = await sendReads(poolReads(target), target.token);
  return { ...judgeReads(results, target.v3?.projectId), exchanges };
}
