/**
 * The dereferenced documents of the contract, kept on disk between processes: checking and dereferencing a
 * document with swagger-parser costs about a second, paid by every Playwright worker (and a worker starts anew
 * after each failed test). A document is keyed by the hash of its text as patched for the profile, so any change
 * to openapi/ or to a profile's overlay misses the cache; only a document that passed the check is written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Bumped when what is cached changes shape. */
const FORMAT = 'dereferenced-openapi-1';

const CACHE_DIR = path.resolve(__dirname, '../../node_modules/.cache/lb-member-conformance');

function cachePath(patched: unknown): string {
  const hash = createHash('sha256').update(FORMAT).update(JSON.stringify(patched)).digest('hex');
  return path.join(CACHE_DIR, `${hash}.json`);
}

/** The dereferenced form of `patched`: from the cache, or made by `dereference` and then cached. */
export async function dereferencedOnce<T>(patched: unknown, dereference: () => Promise<T>): Promise<T> {
  const file = cachePath(patched);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // not cached yet (or unreadable): made below
  }
  const made = await dereference();
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(made));
    renameSync(partial, file);
  } catch {
    // a read-only install keeps working, uncached
  }
  return made;
}
