// The vendor profiles: one file of profiles/ each (docs/readings.md §4), read and checked once, when this module
// is first imported; a malformed file stops the program with its file and field named.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OneStatus } from '../http/expect';
import { packageFile } from '../package-paths';
import { parseProfileFile } from './profile-file';

/** A profile's name: the name of its file in profiles/, without `.yaml`. */
export type ProfileName = string;

/**
 * The status each kind of refusal must have: the one a source of the profile names, or '4xx' (any client
 * error) where none does. The vendor pages name no status of a refusal; the OpenStack Octavia API reference
 * names 400 for invalid input and 404 for what it cannot find (docs/readings.md §4, §5).
 */
export interface Refusals {
  /** A v2.0 create whose body is not JSON, holds no member object, or a member with an invalid value. */
  invalidMember: OneStatus;
  /** A request naming a pool that does not exist. */
  unknownPool: OneStatus;
  /** A v2.0 create of an (address, protocol_port) pair the pool already holds. */
  duplicate: OneStatus;
  /** A request without X-Auth-Token, or with a token that is not valid. */
  badToken: OneStatus;
  /** A v3 listing with an invalid limit, or with limit and an invalid marker. */
  invalidQuery: OneStatus;
}

/** An inclusive range of integers. */
export interface IntegerRange {
  min: number;
  max: number;
}

/** The bounds of the values a request may carry: the one table every rule and generator reads them from. */
export interface Limits {
  /** v2.0 member weight (docs/readings.md §4: 0..100 huawei, 0..256 octavia). */
  weight: IntegerRange;
  /** protocol_port of both APIs. */
  port: IntegerRange;
  /** The longest name, in characters. */
  nameLength: number;
  /** The longest tenant_id, in characters. */
  tenantIdLength: number;
  /** The longest address, in characters. */
  addressLength: number;
  /** A v2.0 create body over this many bytes may be refused for its size (docs/readings.md §5). */
  bodyBytes: number;
  /** The v3 listing's limit parameter; its maximum is also the page a request without limit gets. */
  pageLimit: IntegerRange;
}

const COMMON_LIMITS: Omit<Limits, 'weight'> = {
  port: { min: 1, max: 65535 },
  nameLength: 255,
  tenantIdLength: 255,
  addressLength: 64,
  bodyBytes: 1024 * 1024,
  pageLimit: { min: 0, max: 2000 },
};

/** The limits every profile shares (the ones a rule needs before a profile is chosen). */
export const SHARED_LIMITS: Readonly<Omit<Limits, 'weight'>> = COMMON_LIMITS;

/** The limits that differ between vendors (docs/readings.md §4); every rule not here is common. */
export interface Profile {
  name: ProfileName;
  limits: Limits;
  /** huawei: subnet_id is mandatory and IPv4 only; octavia: optional, IPv6 accepted. */
  v2SubnetRequired: boolean;
  v2Ipv6Allowed: boolean;
  /** Whether the vendor offers the v3 API at all. */
  v3Offered: boolean;
  /** Octavia answers 409 "immutable" while the load balancer is PENDING_*: wait for ACTIVE between writes. */
  waitForActiveBetweenWrites: boolean;
  /**
   * Whether the refusals the router makes on its own (a method a path does not offer, a path that names
   * nothing) carry the API's error body with its message; Octavia's router (pecan) leaves it empty
   * (docs/readings.md §4).
   */
  routerRefusalMessage: boolean;
  /**
   * The status of a valid v2.0 create: the one a source of the profile names, or '2xx' (any success) where none
   * does. The vendor's v2.0 page names no status at all; the Octavia API reference names 201
   * (docs/readings.md §4, §5).
   */
  v2CreateSuccess: OneStatus;
  refusals: Refusals;
}

/** One change to a document of openapi/, at a JSON pointer into it as written (before $refs are resolved). */
export interface OverlayPatch {
  readonly file: string;
  readonly pointer: string;
  /** Merged into the schema object at `pointer` (shallow: a key given here replaces the document's). */
  readonly merge?: Readonly<Record<string, unknown>>;
  /** Appended to the array at `pointer`. */
  readonly append?: unknown;
  /** The rule of docs/readings.md §4 behind the change. */
  readonly why: string;
}

/** The profiles of a folder: their names (the default first), each one's profile, contract patches and file. */
export interface ProfileSet {
  names: readonly [ProfileName, ...ProfileName[]];
  table: Readonly<Record<ProfileName, Profile>>;
  overlays: Readonly<Record<ProfileName, readonly OverlayPatch[]>>;
  files: Readonly<Record<ProfileName, string>>;
}

export const PROFILES_DIR = packageFile('profiles');

/** Reads every `<name>.yaml` of `dir`: exactly one says `default: true`; the others follow by name. */
export function loadProfiles(dir: string = PROFILES_DIR): ProfileSet {
  const contractFiles = readdirSync(packageFile('openapi')).filter((f) => f.endsWith('.yaml'));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const read = files.map((f) => {
    const file = path.join(dir, f);
    return {
      file,
      ...parseProfileFile(
        file,
        f.slice(0, -'.yaml'.length),
        readFileSync(file, 'utf8'),
        COMMON_LIMITS,
        contractFiles,
      ),
    };
  });
  const defaults = read.filter((r) => r.isDefault);
  if (defaults.length !== 1)
    throw new Error(
      `${dir}: exactly one profile file must say "default: true" (${defaults.length === 0 ? 'none does' : defaults.map((d) => d.file).join(', ')})`,
    );
  const ordered = [...defaults, ...read.filter((r) => !r.isDefault)];
  const byName = <T>(of: (r: (typeof read)[number]) => T): Record<ProfileName, T> =>
    Object.fromEntries(ordered.map((r) => [r.profile.name, of(r)]));
  return {
    names: ordered.map((r) => r.profile.name) as [ProfileName, ...ProfileName[]],
    table: byName((r) => r.profile),
    overlays: byName((r) => r.overlays),
    files: byName((r) => r.file),
  };
}

/** The profiles this repository's code and tests name directly; profiles/ must hold them. */
type NamedInCode = 'huawei' | 'octavia';

/** `table`, typed so that the profiles code names directly need no check of their presence. */
export function withNamed<T>(
  table: Readonly<Record<ProfileName, T>>,
): Readonly<Record<ProfileName, T>> & Readonly<Record<NamedInCode, T>> {
  for (const name of ['huawei', 'octavia'] as const)
    if (table[name] === undefined) throw new Error(`${PROFILES_DIR}: no ${name}.yaml`);
  return table as Readonly<Record<ProfileName, T>> & Readonly<Record<NamedInCode, T>>;
}

/** The profiles of profiles/. */
export const LOADED_PROFILES: ProfileSet = loadProfiles();

/** The names of the profiles, the default first. */
export const PROFILES = LOADED_PROFILES.names;

export const PROFILE_TABLE = withNamed(LOADED_PROFILES.table);
