import { rmSync } from 'node:fs';
import { harEntry, type HarEntry } from '../http/har';
import { memberNamePrefix, runDir } from '../run-identity';
import { parseTargetEnv } from '../settings/target';
import { cleanupClient } from './client';
import { describeLeftover } from './confirm';
import { journalDir, readJournal } from './journal';
import { removeRunLeftovers } from './leftovers';
import { describe } from './pools';

type Env = Record<string, string | undefined>;

/** What the removal after the run came to. */
export interface AfterRun {
  /** No leftovers, and everything the run left was removed. */
  clean: boolean;
  /** Every request it sent (redacted HAR entries, one trace), for the run's HAR. */
  exchanges: HarEntry[];
}

/**
 * After Playwright has exited, however it ended: names every member a delete of the run answered (with success or 404)
 * left in place (the tests' clean-up confirmed each delete and journalled what was still there), then removes
 * from an external target's configured pools whatever the run with this id left there
 * (src/cleanup/leftovers.ts), and says so. Nothing to remove for the built-in reference server (it is gone
 * with the run) or under TARGET_READ_ONLY=1 (nothing was created). Says whether the run left the pools clean
 * (false when there were leftovers or something could not be removed), and gives the requests it sent.
 */
export async function removeWhatTheRunLeft(
  env: Env,
  id: string,
  log: (line: string) => void,
): Promise<AfterRun> {
  const dir = runDir(id);
  const journal = journalDir(dir);
  const exchanges: HarEntry[] = [];
  const clean = await removeFrom(env, id, journal, exchanges, log);
  // The run is over: its journal and the rest of its bookkeeping (the write budget's counter, the preflight's
  // requests) go.
  rmSync(dir, { recursive: true, force: true });
  return { clean, exchanges };
}

/** The removal itself, with the journal in `journal`; each request it sends goes into `exchanges`. */
async function removeFrom(
  env: Env,
  id: string,
  journal: string,
  exchanges: HarEntry[],
  log: (line: string) => void,
): Promise<boolean> {
  try {
    const state = readJournal(journal);
    for (const leftover of state.leftovers.values()) log(`leftover: ${describeLeftover(leftover)}`);
    if (state.leftovers.size > 0)
      log(
        `${state.leftovers.size} member(s) were still there after their delete was answered: ` +
          'the target keeps what it says it removed, so the run does not conform',
      );
    const kept = state.leftovers.size === 0;
    if (!env.TARGET_URL?.trim()) return kept;
    const target = parseTargetEnv(env);
    if (target.readOnly) return kept;
    const { api, traceId, dispose } = await cleanupClient(target, (attempt) =>
      exchanges.push(harEntry(attempt)),
    );
    try {
      const result = await removeRunLeftovers(api, target, memberNamePrefix(id), state, log);
      if (result.removed.length > 0)
        log(
          `removed ${result.removed.length} member(s) that this run had left in the pools (trace ${traceId})`,
        );
      for (const { member, reason } of result.failed)
        log(`could not remove ${describe(member)}: ${reason} (trace ${traceId})`);
      if (result.failed.length > 0) log('`npm run sweep` removes what is left, by the name prefix');
      return result.failed.length === 0 && kept;
    } finally {
      await dispose();
    }
  } catch (error) {
    log(`clean-up after the run failed: ${(error as Error).message.split('\n')[0]}`);
    log('`npm run sweep` removes what is left, by the name prefix');
    return false;
  }
}
