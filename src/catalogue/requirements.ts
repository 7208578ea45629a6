import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const PROFILES = ['huawei', 'octavia'] as const;
export type ProfileName = (typeof PROFILES)[number];

/**
 * What a requirement needs from the target before it can run; missing ones make it skip. `members`: members in
 * the pool to page through and filter. The suite creates them; under TARGET_READ_ONLY=1 the check runs on the
 * members the pool already holds, and skips when it holds none.
 */
export const NEEDS = ['write', 'members', 'other-pool', 'subnet-cidr', 'project-id', 'ipv6'] as const;
export type Need = (typeof NEEDS)[number];

export interface Requirement {
  id: string;
  endpoint: string;
  title: string;
  source: string;
  quote: string;
  profiles: ProfileName[];
  needs: Need[];
}

export const CATALOGUE_FILE = path.resolve(__dirname, '../../requirements.yaml');

function fail(index: number, message: string): never {
  throw new Error(`${CATALOGUE_FILE}: entry ${index + 1}: ${message}`);
}

function stringField(entry: Record<string, unknown>, key: string, index: number): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '') fail(index, `"${key}" must be a non-empty string`);
  return value;
}

function listField<T extends string>(
  entry: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  index: number,
): T[] {
  const value = entry[key] ?? [];
  if (!Array.isArray(value)) fail(index, `"${key}" must be a list`);
  for (const item of value) {
    if (!allowed.includes(item as T))
      fail(index, `"${key}" has ${JSON.stringify(item)}; allowed: ${allowed.join(', ')}`);
  }
  return value as T[];
}

export function parseCatalogue(text: string): Requirement[] {
  const raw: unknown = parse(text);
  if (!Array.isArray(raw)) throw new Error(`${CATALOGUE_FILE}: the catalogue must be a YAML list`);
  const seen = new Set<string>();
  return raw.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) fail(index, 'must be a mapping');
    const entry = item as Record<string, unknown>;
    const id = stringField(entry, 'id', index);
    if (!/^V[23]-[A-Z0-9-]+$/.test(id)) fail(index, `id ${id} must look like V2-SOME-RULE`);
    if (seen.has(id)) fail(index, `id ${id} is listed twice`);
    seen.add(id);
    return {
      id,
      endpoint: stringField(entry, 'endpoint', index),
      title: stringField(entry, 'title', index),
      source: stringField(entry, 'source', index),
      quote: stringField(entry, 'quote', index),
      profiles: listField(entry, 'profiles', PROFILES, index),
      needs: listField(entry, 'needs', NEEDS, index),
    };
  });
}

let cached: Map<string, Requirement> | undefined;

export function catalogue(): Map<string, Requirement> {
  cached ??= new Map(parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8')).map((r) => [r.id, r]));
  return cached;
}

export function requirement(id: string): Requirement {
  const found = catalogue().get(id);
  if (!found) throw new Error(`unknown requirement ${id}: it is not in ${CATALOGUE_FILE}`);
  return found;
}

/** Requirement ids named in a text as `[ID]`, in order of appearance, de-duplicated. */
export function requirementIdsIn(text: string): string[] {
  const ids = catalogue();
  const found = [...text.matchAll(/\[(V[23]-[A-Z0-9-]+)\]/g)]
    .map((m) => m[1] ?? '')
    .filter((id) => ids.has(id));
  return [...new Set(found)];
}
