/**
 * Values that are costly to make and cheap to read as JSON, kept on disk between processes: every Playwright
 * worker, runner and reporter of a run would otherwise make them anew (a dereferenced contract costs about a
 * second; parsing the YAML of the contract, the catalogue and the profiles about a quarter of one). A value is
 * keyed by what it is made from, hashed, so a changed input misses the cache. A read-only install keeps working,
 * uncached.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageFile } from '../package-paths';

const CACHE_DIR = packageFile('node_modules', '.cache', 'lb-member-conformance');

/** `kind` names what is cached and its shape: a new shape gets a new kind, so old entries are never read. */
function cachePath(kind: string, key: string): string {
  return path.join(CACHE_DIR, `${kind}-${createHash('sha256').update(key).digest('hex')}.json`);
}

function readCached<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // not cached yet, or unreadable: made anew
  }
}

/** Writes the value and returns it as a read would give it, so a value made and a value read are alike. */
function writeCached<T>(file: string, value: T): T {
  const json = JSON.stringify(value);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, json);
    renameSync(partial, file);
  } catch {
    // a read-only install keeps working, uncached
  }
  return JSON.parse(json) as T;
}

/** The value made from `key` by `make`: from the cache, or made (a throw is not cached) and then cached. */
export function cachedSync<T>(kind: string, key: string, make: () => T): T {
  const file = cachePath(kind, key);
  const hit = readCached<T>(file);
  if (hit !== undefined) return hit;
  return writeCached(file, make());
}

/** As cachedSync, for a value made asynchronously. */
export async function cached<T>(kind: string, key: string, make: () => Promise<T>): Promise<T> {
  const file = cachePath(kind, key);
  const hit = readCached<T>(file);
  if (hit !== undefined) return hit;
  return writeCached(file, await make());
}
