// One file of profiles/ read into a profile: every field checked, a malformed one named with its file.
import type { OneStatus } from '../http/expect';
import { isRecord } from '../json';
import type { IntegerRange, Limits, OverlayPatch, Profile, Refusals } from './profiles';
import { parseYaml } from '../cache/yaml';

/** What one profile file holds, checked. */
export interface ProfileFile {
  profile: Profile;
  /** Whether this is the default profile (exactly one file says so). */
  isDefault: boolean;
  /** The patches of openapi/ that make the contract this profile reads. */
  overlays: OverlayPatch[];
}

const FLAGS = [
  'v2SubnetRequired',
  'v2Ipv6Allowed',
  'v3Offered',
  'waitForActiveBetweenWrites',
  'routerRefusalMessage',
] as const;
const REFUSALS = ['invalidMember', 'unknownPool', 'duplicate', 'badToken', 'invalidQuery'] as const;
const TOP_LEVEL = ['default', 'source', 'limits', 'flags', 'v2CreateSuccess', 'refusals', 'overlays'];

/** A profile's name is its file's name without `.yaml`. */
export const PROFILE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Reads the profile `name` from the text of `file`. `shared` gives the limits every profile has unless its file
 * names another value; `contractFiles` the documents of openapi/ an overlay may patch.
 */
export function parseProfileFile(
  file: string,
  name: string,
  text: string,
  shared: Readonly<Omit<Limits, 'weight'>>,
  contractFiles: readonly string[],
): ProfileFile {
  const fail = (field: string, message: string): never => {
    throw new Error(`${file}: "${field}" ${message}`);
  };
  if (!PROFILE_NAME.test(name))
    throw new Error(`${file}: a profile's file name must read <name>.yaml, the name as ${PROFILE_NAME}`);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: not YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(raw)) throw new Error(`${file}: a profile must be a YAML mapping`);
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL.includes(key))
      fail(key, `is not a field of a profile; its fields: ${TOP_LEVEL.join(', ')}`);

  const mapping = (value: unknown, field: string): Record<string, unknown> =>
    isRecord(value) ? value : fail(field, 'must be a mapping');
  const nonEmpty = (value: unknown, field: string): string =>
    typeof value === 'string' && value.trim() !== '' ? value : fail(field, 'must be a non-empty string');
  const integer = (value: unknown, field: string): number =>
    Number.isSafeInteger(value) && (value as number) >= 0
      ? (value as number)
      : fail(field, `must be an integer of 0 or more (it is ${JSON.stringify(value)})`);
  const range = (value: unknown, field: string): IntegerRange => {
    const r = mapping(value, field);
    const [min, max] = [integer(r.min, `${field}.min`), integer(r.max, `${field}.max`)];
    if (min > max) fail(field, `has min ${min} over max ${max}`);
    return { min, max };
  };
  const known = (object: Record<string, unknown>, field: string, keys: readonly string[]): void => {
    for (const key of Object.keys(object))
      if (!keys.includes(key)) fail(`${field}.${key}`, `is not one of ${keys.join(', ')}`);
  };

  /** `{ status, source }`: a status of `family` (3 digits, or the family itself) and the words naming it. */
  const status = (value: unknown, field: string, family: '2xx' | '4xx'): OneStatus => {
    const entry = mapping(value, field);
    known(entry, field, ['status', 'source']);
    nonEmpty(entry.source, `${field}.source`);
    const given = entry.status;
    const first = family === '2xx' ? 200 : 400;
    if (given === family) return family;
    if (Number.isInteger(given) && (given as number) >= first && (given as number) <= first + 99)
      return given as number;
    return fail(
      `${field}.status`,
      `must be ${family} or a ${family} status (it is ${JSON.stringify(given)})`,
    );
  };

  const limitsRaw = mapping(raw.limits, 'limits');
  const sharedKeys = Object.keys(shared) as (keyof typeof shared)[];
  known(limitsRaw, 'limits', ['weight', ...sharedKeys]);
  const limits: Limits = { weight: range(limitsRaw.weight, 'limits.weight'), ...shared };
  for (const key of sharedKeys) {
    if (limitsRaw[key] === undefined) continue;
    const field = `limits.${key}`;
    Object.assign(limits, {
      [key]: typeof shared[key] === 'number' ? integer(limitsRaw[key], field) : range(limitsRaw[key], field),
    });
  }

  const flagsRaw = mapping(raw.flags, 'flags');
  known(flagsRaw, 'flags', FLAGS);
  const flag = (key: (typeof FLAGS)[number]): boolean =>
    typeof flagsRaw[key] === 'boolean' ? flagsRaw[key] : fail(`flags.${key}`, 'must be true or false');

  const refusalsRaw = mapping(raw.refusals, 'refusals');
  known(refusalsRaw, 'refusals', REFUSALS);
  const refusals = Object.fromEntries(
    REFUSALS.map((key) => [key, status(refusalsRaw[key], `refusals.${key}`, '4xx')]),
  ) as unknown as Refusals;

  if (raw.default !== undefined && typeof raw.default !== 'boolean') fail('default', 'must be true or false');
  nonEmpty(raw.source, 'source');
  return {
    profile: {
      name,
      limits,
      v2SubnetRequired: flag('v2SubnetRequired'),
      v2Ipv6Allowed: flag('v2Ipv6Allowed'),
      v3Offered: flag('v3Offered'),
      waitForActiveBetweenWrites: flag('waitForActiveBetweenWrites'),
      routerRefusalMessage: flag('routerRefusalMessage'),
      v2CreateSuccess: status(raw.v2CreateSuccess, 'v2CreateSuccess', '2xx'),
      refusals,
    },
    isDefault: raw.default === true,
    overlays: overlaysOf(raw.overlays ?? [], contractFiles, fail),
  };
}

function overlaysOf(
  value: unknown,
  contractFiles: readonly string[],
  fail: (field: string, message: string) => never,
): OverlayPatch[] {
  if (!Array.isArray(value)) return fail('overlays', 'must be a list');
  return value.map((item: unknown, n): OverlayPatch => {
    const field = `overlays[${n}]`;
    if (!isRecord(item)) return fail(field, 'must be a mapping');
    for (const key of Object.keys(item))
      if (!['file', 'pointer', 'merge', 'append', 'why'].includes(key))
        fail(`${field}.${key}`, 'is not one of file, pointer, merge, append, why');
    const { file, pointer, merge, append, why } = item;
    if (typeof file !== 'string' || !contractFiles.includes(file))
      fail(`${field}.file`, `must name a document of openapi/: ${contractFiles.join(', ')}`);
    if (typeof pointer !== 'string' || !pointer.startsWith('/'))
      fail(`${field}.pointer`, 'must be a JSON pointer into the document (starting with /)');
    if ((merge === undefined) === (append === undefined))
      fail(field, 'must have exactly one of merge (a mapping) and append');
    if (merge !== undefined && !isRecord(merge)) fail(`${field}.merge`, 'must be a mapping');
    if (typeof why !== 'string' || why.trim() === '')
      fail(`${field}.why`, 'must say which reading the patch follows');
    return {
      file: file as string,
      pointer: pointer as string,
      ...(merge !== undefined ? { merge: merge as Record<string, unknown> } : { append }),
      why: why as string,
    };
  });
}
