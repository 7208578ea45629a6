import { readFileSync } from 'node:fs';
import { PROFILES, PROFILES_DIR, type ProfileName } from '../target/profiles';
import { parseYaml } from '../cache/yaml';
import { packageFile } from '../package-paths';

export { PROFILES, type ProfileName };

/**
 * What a requirement needs from the target before it can run; missing ones make it skip. `members`: members in
 * the pool to page through and filter. The suite creates them; under TARGET_READ_ONLY=1 the check runs on the
 * members the pool already holds, and skips when it holds none.
 */
export const NEEDS = [
  'write',
  'members',
  'other-pool',
  'subnet-cidr',
  'project-id',
  'ipv6',
  'v2-ipv6-subnet',
  'v3-udp-pool',
] as const;
export type Need = (typeof NEEDS)[number];

/** What an expectation rests on (docs/readings.md): exactly one source. */
export type Rest =
  /** A vendor sentence: `docs/vendor/<file>.txt:<lines>` and the words found at those lines. */
  | { kind: 'page'; cite: string; quote: string }
  /** A profile's source, as docs/readings.md §4 quotes it. */
  | { kind: 'profile'; profile: ProfileName; quote: string }
  /** The contract of the endpoints the suite also calls, in the words of docs/readings.md §2. */
  | { kind: 'contract'; quote: string }
  /** An open reading: the title of its docs/readings.md §5 entry and the reference-server choices that play it. */
  | { kind: 'open'; title: string; choices: string[] };

/** One expectation a requirement's tests hold a target to, and what it rests on. */
export interface Expectation {
  holds: string;
  /** The statuses it demands, as `<operationId> <status>` pairs (`createMemberV2 4xx`); empty when none. */
  statuses: string[];
  /** The one profile it applies under; undefined: every profile of the requirement. */
  profile?: ProfileName;
  rests: Rest;
}

export interface Requirement {
  id: string;
  endpoint: string;
  title: string;
  source: string;
  quote: string;
  profiles: ProfileName[];
  needs: Need[];
  /** The expectation map: every expectation its tests hold a target to. */
  expects: Expectation[];
}

export const CATALOGUE_FILE = packageFile('requirements.yaml');

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

/** A profile tag names a file of profiles/. */
function profileTag(name: unknown, where: string, index: number): ProfileName {
  if (typeof name === 'string' && PROFILES.includes(name)) return name;
  return fail(
    index,
    `${where} is ${JSON.stringify(name)}, which names no profile file (${PROFILES_DIR}/<name>.yaml); the profiles: ${PROFILES.join(', ')}`,
  );
}

function profilesField(entry: Record<string, unknown>, index: number): ProfileName[] {
  const value = entry.profiles ?? [];
  if (!Array.isArray(value)) fail(index, '"profiles" must be a list');
  return value.map((name: unknown) => profileTag(name, '"profiles" has one that', index));
}

/** `<operationId> <status>|<status>...`, a status being three digits, 2xx or 4xx. */
const STATUS_SPEC = /^([A-Za-z0-9]+) ((?:\d{3}|[24]xx)(?:\|(?:\d{3}|[24]xx))*)$/;

function restOf(value: unknown, where: string, index: number): Rest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(index, `${where}: "rests" must be a mapping`);
  const rest = value as Record<string, unknown>;
  const kinds = ['page', 'profile', 'contract', 'open'].filter((k) => k in rest);
  if (kinds.length !== 1)
    fail(
      index,
      `${where}: "rests" must name exactly one of page, profile, contract, open (it names ${kinds.join(', ') || 'none'})`,
    );
  const text = (key: string): string => {
    const v = rest[key];
    if (typeof v !== 'string' || v.trim() === '')
      fail(index, `${where}: "rests.${key}" must be a non-empty string`);
    return v;
  };
  switch (kinds[0]) {
    case 'page':
      return { kind: 'page', cite: text('page'), quote: text('quote') };
    case 'profile': {
      const profile = profileTag(text('profile'), `${where}: "rests.profile"`, index);
      return { kind: 'profile', profile, quote: text('quote') };
    }
    case 'contract':
      return { kind: 'contract', quote: text('contract') };
    default: {
      const choices = rest.choices;
      if (
        !Array.isArray(choices) ||
        choices.length === 0 ||
        choices.some((c) => typeof c !== 'string' || c === '')
      )
        fail(
          index,
          `${where}: "rests.choices" must list the reference-server choices that play the open reading`,
        );
      return { kind: 'open', title: text('open'), choices: choices as string[] };
    }
  }
}

function expectsField(entry: Record<string, unknown>, index: number): Expectation[] {
  const value = entry.expects;
  if (!Array.isArray(value) || value.length === 0)
    fail(index, '"expects" must list at least one expectation (the expectation map)');
  return value.map((item: unknown, n) => {
    const where = `expects[${n}]`;
    if (typeof item !== 'object' || item === null) fail(index, `${where} must be a mapping`);
    const raw = item as Record<string, unknown>;
    const holds = raw.holds;
    if (typeof holds !== 'string' || holds.trim() === '')
      fail(index, `${where}: "holds" must be a non-empty string`);
    let statuses: string[] = [];
    if (raw.status !== undefined) {
      const match = typeof raw.status === 'string' ? STATUS_SPEC.exec(raw.status) : null;
      if (!match)
        fail(
          index,
          `${where}: "status" must read "<operationId> <status>|<status>" (a status: 3 digits, 2xx or 4xx)`,
        );
      statuses = (match[2] ?? '').split('|').map((one) => `${match[1]} ${one}`);
    }
    const profile =
      raw.profile === undefined ? undefined : profileTag(raw.profile, `${where}: "profile"`, index);
    return {
      holds,
      statuses,
      ...(profile !== undefined ? { profile } : {}),
      rests: restOf(raw.rests, where, index),
    };
  });
}

export function parseCatalogue(text: string): Requirement[] {
  const raw: unknown = parseYaml(text);
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
      profiles: profilesField(entry, index),
      needs: listField(entry, 'needs', NEEDS, index),
      expects: expectsField(entry, index),
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
