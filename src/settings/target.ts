/** The TARGET_* settings: the target, its profile, its pools and address ranges, read-only and the write budget. */
import { PROFILES, type ProfileName } from '../catalogue/requirements';
import { Cidr } from '../target/cidr';
import { PROFILE_TABLE, type Profile } from '../target/profiles';
import { ConfigError } from './config-error';
import { DEFAULT_PROFILE } from './default-profile';

export interface V2Target {
  poolId: string;
  /** Mandatory under huawei; under octavia the member defaults to the load balancer's VIP subnet. */
  subnetId?: string;
  addressCidr?: Cidr;
  subnetCidr?: Cidr;
  /** An IPv6 subnet the project can see, which a v2.0 create must refuse as its subnet_id. */
  subnet6Id?: string;
  otherPoolId?: string;
}

export interface V3Target {
  projectId: string;
  poolId: string;
  subnetId?: string;
  addressCidr?: Cidr;
  subnetCidr?: Cidr;
  subnet6?: { id: string; addressCidr: Cidr };
  otherPoolId?: string;
  /** A pool whose protocol is none of TCP, HTTP, HTTPS, which must refuse IP-as-a-backend members. */
  udpPoolId?: string;
}

export interface TargetConfig {
  /** Base URL without a trailing slash. */
  url: string;
  token?: string;
  projectId?: string;
  profile: Profile;
  readOnly: boolean;
  maxWrites?: number;
  /** Absent when the v2.0 variables are not set: its requirements are then skipped, saying so. */
  v2?: V2Target;
  /** Absent when the v3 variables are not set or the profile does not offer v3. */
  v3?: V3Target;
}

type Env = Record<string, string | undefined>;

const V2_VARS = ['TARGET_V2_POOL_ID', 'TARGET_V2_SUBNET_ID', 'TARGET_V2_ADDRESS_CIDR'] as const;
const V3_VARS = ['TARGET_V3_POOL_ID', 'TARGET_V3_SUBNET_ID', 'TARGET_V3_ADDRESS_CIDR'] as const;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function identifier(env: Env, name: string): string | undefined {
  const id = value(env, name);
  if (id !== undefined && !/^[A-Za-z0-9._~:-]+$/.test(id)) {
    throw new ConfigError(name, `"${id}" is not a usable id: it may hold only letters, digits and . _ ~ : -`);
  }
  return id;
}

function required(env: Env, name: string, why: string): string {
  const id = identifier(env, name);
  if (id === undefined) throw new ConfigError(name, `is not set, but ${why}`);
  return id;
}

/** Refuses the id of `name` when it is also the id of one of `others`: it must name another `thing`. */
function distinct(
  name: string,
  id: string | undefined,
  others: readonly (readonly [string, string | undefined])[],
  thing: { noun: 'pool' | 'subnet'; mustBe: string },
): void {
  const same = others.find(([, other]) => id !== undefined && id === other);
  if (same)
    throw new ConfigError(name, `names the same ${thing.noun} as ${same[0]}; it must be ${thing.mustBe}`);
}

function cidr(env: Env, name: string, kind: 'ipv4' | 'ipv6'): Cidr | undefined {
  const text = value(env, name);
  if (text === undefined) return undefined;
  let parsed: Cidr;
  try {
    parsed = Cidr.parse(text);
  } catch (error) {
    throw new ConfigError(name, (error as Error).message);
  }
  if (parsed.kind !== kind)
    throw new ConfigError(name, `"${text}" is an ${parsed.kind} range; an ${kind} range is expected`);
  return parsed;
}

function within(
  inner: Cidr | undefined,
  innerName: string,
  outer: Cidr | undefined,
  outerName: string,
): void {
  if (inner && outer && !outer.containsCidr(inner)) {
    throw new ConfigError(innerName, `${inner.text} is not inside ${outerName}=${outer.text}`);
  }
}

function parseUrl(env: Env): string {
  const text = value(env, 'TARGET_URL');
  if (text === undefined) throw new ConfigError('TARGET_URL', 'is not set');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      'TARGET_URL',
      `"${text}" is not a URL (expected something like https://elb.example.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('TARGET_URL', `"${text}" must use http or https, not ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('TARGET_URL', 'must be a plain base URL: no query, fragment or credentials');
  }
  return url.toString().replace(/\/+$/, '');
}

function parseProfile(env: Env): Profile {
  const name = value(env, 'TARGET_PROFILE') ?? DEFAULT_PROFILE;
  if (!(PROFILES as readonly string[]).includes(name)) {
    throw new ConfigError(
      'TARGET_PROFILE',
      `"${name}" is not a known profile; use one of ${PROFILES.join(', ')}`,
    );
  }
  return PROFILE_TABLE[name as ProfileName]!;
}

function parseReadOnly(env: Env): boolean {
  const text = value(env, 'TARGET_READ_ONLY');
  if (text === undefined || text === '0') return false;
  if (text === '1') return true;
  throw new ConfigError('TARGET_READ_ONLY', `"${text}" must be 1 (send only GET requests) or 0`);
}

function parseMaxWrites(env: Env): number | undefined {
  const text = value(env, 'TARGET_MAX_WRITES');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new ConfigError('TARGET_MAX_WRITES', `"${text}" must be a whole number of creates`);
  return Number(text);
}

const SECOND_POOL = { noun: 'pool', mustBe: 'a second pool' } as const;

function parseV2(env: Env, profile: Profile, readOnly: boolean): V2Target | undefined {
  if (V2_VARS.every((name) => value(env, name) === undefined)) return undefined;
  const why = 'the other TARGET_V2_* variables are set';
  const poolId = required(env, 'TARGET_V2_POOL_ID', why);
  const subnetId = profile.v2SubnetRequired
    ? required(env, 'TARGET_V2_SUBNET_ID', `the ${profile.name} profile makes subnet_id mandatory`)
    : identifier(env, 'TARGET_V2_SUBNET_ID');
  const { addressCidr, subnetCidr } = addressRange(env, 'V2', readOnly);
  const subnet6Id = identifier(env, 'TARGET_V2_SUBNET6_ID');
  // The IPv4 subnet takes the creates that must be refused for the IPv6 one: the same id would fail a good target.
  distinct('TARGET_V2_SUBNET6_ID', subnet6Id, [['TARGET_V2_SUBNET_ID', subnetId]], {
    noun: 'subnet',
    mustBe: 'an IPv6 subnet',
  });
  const otherPoolId = identifier(env, 'TARGET_V2_OTHER_POOL_ID');
  distinct('TARGET_V2_OTHER_POOL_ID', otherPoolId, [['TARGET_V2_POOL_ID', poolId]], SECOND_POOL);
  return { poolId, subnetId, addressCidr, subnetCidr, subnet6Id, otherPoolId };
}

const RANGE_VARIABLES = {
  V2: { address: 'TARGET_V2_ADDRESS_CIDR', subnet: 'TARGET_V2_SUBNET_CIDR' },
  V3: { address: 'TARGET_V3_ADDRESS_CIDR', subnet: 'TARGET_V3_SUBNET_CIDR' },
} as const;

/** TARGET_Vn_ADDRESS_CIDR (needed unless read-only) inside TARGET_Vn_SUBNET_CIDR (optional). */
function addressRange(
  env: Env,
  api: 'V2' | 'V3',
  readOnly: boolean,
): { addressCidr: Cidr | undefined; subnetCidr: Cidr | undefined } {
  const { address, subnet } = RANGE_VARIABLES[api];
  const addressCidr = cidr(env, address, 'ipv4');
  if (!addressCidr && !readOnly)
    throw new ConfigError(address, 'is not set, but the suite needs addresses for the members it creates');
  const subnetCidr = cidr(env, subnet, 'ipv4');
  within(addressCidr, address, subnetCidr, subnet);
  return { addressCidr, subnetCidr };
}

function parseV3(env: Env, readOnly: boolean): V3Target | undefined {
  if (V3_VARS.every((name) => value(env, name) === undefined)) return undefined;
  const why = 'the other TARGET_V3_* variables are set';
  const projectId = required(env, 'TARGET_PROJECT_ID', 'the v3 paths need {project_id}');
  const poolId = required(env, 'TARGET_V3_POOL_ID', why);
  const subnetId = readOnly
    ? identifier(env, 'TARGET_V3_SUBNET_ID')
    : required(env, 'TARGET_V3_SUBNET_ID', why);
  const { addressCidr, subnetCidr } = addressRange(env, 'V3', readOnly);
  const subnet6Id = identifier(env, 'TARGET_V3_SUBNET6_ID');
  const address6Cidr = cidr(env, 'TARGET_V3_ADDRESS6_CIDR', 'ipv6');
  if ((subnet6Id === undefined) !== (address6Cidr === undefined)) {
    const missing = subnet6Id === undefined ? 'TARGET_V3_SUBNET6_ID' : 'TARGET_V3_ADDRESS6_CIDR';
    throw new ConfigError(
      missing,
      'is not set; TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR go together',
    );
  }
  const otherPoolId = identifier(env, 'TARGET_V3_OTHER_POOL_ID');
  distinct('TARGET_V3_OTHER_POOL_ID', otherPoolId, [['TARGET_V3_POOL_ID', poolId]], SECOND_POOL);
  const udpPoolId = identifier(env, 'TARGET_V3_UDP_POOL_ID');
  // The other pools take IP-as-a-backend members, which the UDP pool must refuse: the same id would fail a good target.
  distinct(
    'TARGET_V3_UDP_POOL_ID',
    udpPoolId,
    [
      ['TARGET_V3_POOL_ID', poolId],
      ['TARGET_V3_OTHER_POOL_ID', otherPoolId],
    ],
    { noun: 'pool', mustBe: 'a pool whose protocol is none of TCP, HTTP, HTTPS' },
  );
  const subnet6 = subnet6Id && address6Cidr ? { id: subnet6Id, addressCidr: address6Cidr } : undefined;
  return { projectId, poolId, subnetId, addressCidr, subnetCidr, subnet6, otherPoolId, udpPoolId };
}

/**
 * Reads the TARGET_* contract of docs/readings.md §3. TARGET_URL must be set (the runner sets it to the built-in
 * reference server when the user did not). Throws ConfigError naming the first bad variable.
 */
export function parseTargetEnv(env: Env): TargetConfig {
  const url = parseUrl(env);
  const token = value(env, 'TARGET_TOKEN');
  if (token !== undefined && /[\r\n]/.test(token))
    throw new ConfigError('TARGET_TOKEN', 'must not contain a line break');
  const profile = parseProfile(env);
  const readOnly = parseReadOnly(env);
  const maxWrites = parseMaxWrites(env);
  const v2 = parseV2(env, profile, readOnly);
  const v3 = profile.v3Offered ? parseV3(env, readOnly) : undefined;
  const v2Pools = [v2?.poolId, v2?.otherPoolId];
  for (const [name, pool] of [
    ['TARGET_V3_POOL_ID', v3?.poolId],
    ['TARGET_V3_OTHER_POOL_ID', v3?.otherPoolId],
    ['TARGET_V3_UDP_POOL_ID', v3?.udpPoolId],
  ] as const) {
    // A v3 walk compares pages with a listing: the v2.0 tests must not write to the same pool meanwhile.
    if (pool !== undefined && v2Pools.includes(pool)) {
      throw new ConfigError(
        name,
        `names a pool the v2.0 tests also use; give the v3 tests pools of their own`,
      );
    }
  }
  if (!v2 && !v3) {
    throw new ConfigError(
      'TARGET_V2_POOL_ID',
      `is not set, and neither is TARGET_V3_POOL_ID: with TARGET_URL set, name at least one pool to test (${[...V2_VARS, ...V3_VARS].join(', ')})`,
    );
  }
  return { url, token, projectId: value(env, 'TARGET_PROJECT_ID'), profile, readOnly, maxWrites, v2, v3 };
}

/** Checks the variables that make sense without TARGET_URL, before the built-in reference server is started. */
export function checkEmbeddedEnv(env: Env): void {
  const profile = parseProfile(env);
  if (profile.name !== DEFAULT_PROFILE) {
    throw new ConfigError(
      'TARGET_PROFILE',
      `"${profile.name}" needs TARGET_URL: the built-in reference server follows the huawei profile`,
    );
  }
  parseReadOnly(env);
  parseMaxWrites(env);
}
