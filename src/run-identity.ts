import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The identity of one conformance run, shared by all its workers through the environment. Every member the
 * run creates carries NAME_PREFIX + run id in its name, so that `npm run sweep` can find leftovers.
 */
export const NAME_PREFIX = 'conformance-';

export function runId(env: Record<string, string | undefined> = process.env): string {
  env.CONFORMANCE_RUN_ID ??= randomBytes(4).toString('hex');
  return env.CONFORMANCE_RUN_ID;
}

/** A number derived from the run id, to spread runs over the port range. */
export function runSeed(id: string): number {
  return Number.parseInt(id.slice(0, 8), 16) || 0;
}

export function memberNamePrefix(id: string): string {
  return `${NAME_PREFIX}${id}-`;
}

/**
 * A directory that every process of one run (the runner, Playwright's main process, its workers) shares,
 * for bookkeeping across workers: the write budget, the journal of created members, the preflight's requests.
 * Created on first use.
 */
export function runDir(id: string = runId()): string {
  const dir = runDirOf(id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Where the directory of the run `id` is, made or not: for a reader that must not make it. */
export function runDirOf(id: string): string {
  return path.join(tmpdir(), `lb-member-conformance-${id}`);
}
