/**
 * YAML parsed once per text across processes (src/cache/disk-cache.ts): the contract, the catalogue and the
 * profiles are read by every worker, and the yaml library is loaded only when a text is new.
 */
import { cachedSync } from './disk-cache';

/** The value of a YAML text; throws the yaml library's error when the text is not YAML. */
export function parseYaml(text: string): unknown {
  return cachedSync('yaml-1', text, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only on a cache miss
    const { parse } = require('yaml') as typeof import('yaml');
    return parse(text) as unknown;
  });
}
