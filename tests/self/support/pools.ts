/** What the configured pools of a served target hold, read straight from its API (no suite code involved). */

export type PoolKey = 'v2' | 'v2-other' | 'v3' | 'v3-other' | 'v3-udp';
export type Member = { id: string; name: unknown } & Record<string, unknown>;
export type PoolSnapshot = Record<PoolKey, Member[]>;

/** Each configured pool: its API and the variable that names it. */
const POOLS: Record<PoolKey, { api: 'v2' | 'v3'; variable: string }> = {
  v2: { api: 'v2', variable: 'TARGET_V2_POOL_ID' },
  'v2-other': { api: 'v2', variable: 'TARGET_V2_OTHER_POOL_ID' },
  v3: { api: 'v3', variable: 'TARGET_V3_POOL_ID' },
  'v3-other': { api: 'v3', variable: 'TARGET_V3_OTHER_POOL_ID' },
  'v3-udp': { api: 'v3', variable: 'TARGET_V3_UDP_POOL_ID' },
};

const PAGE = 200;

function membersPath(env: Record<string, string>, pool: PoolKey): string {
  const { api, variable } = POOLS[pool];
  return api === 'v2'
    ? `/v2.0/lbaas/pools/${env[variable]}/members`
    : `/v3/${env.TARGET_PROJECT_ID}/elb/pools/${env[variable]}/members`;
}

async function get(env: Record<string, string>, path: string): Promise<unknown> {
  const response = await fetch(`${env.TARGET_URL}${path}`, {
    headers: { 'X-Auth-Token': env.TARGET_TOKEN ?? '', Accept: 'application/json' },
  });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Every member of a pool, page after page: a v3 page names the marker of the next one; a v2.0 listing goes on
 * after the last member of a full page.
 */
async function walk(env: Record<string, string>, pool: PoolKey): Promise<Member[]> {
  const all: Member[] = [];
  for (let marker = ''; ;) {
    const page = (await get(
      env,
      `${membersPath(env, pool)}?limit=${PAGE}${marker && `&marker=${marker}`}`,
    )) as {
      members: Member[];
      page_info?: { next_marker?: string };
    };
    all.push(...page.members);
    const next =
      POOLS[pool].api === 'v3'
        ? page.page_info?.next_marker
        : page.members.length < PAGE
          ? undefined
          : page.members.at(-1)?.id;
    if (!next || page.members.length === 0) return all;
    marker = next;
  }
}

const byId = (a: Member, b: Member) => a.id.localeCompare(b.id);

/** Every member of the five configured pools, whole objects, in id order. */
export async function snapshotPools(env: Record<string, string>): Promise<PoolSnapshot> {
  const keys = Object.keys(POOLS) as PoolKey[];
  const pools = await Promise.all(keys.map((pool) => walk(env, pool)));
  return Object.fromEntries(keys.map((pool, i) => [pool, (pools[i] ?? []).sort(byId)])) as PoolSnapshot;
}

/** The members of a snapshot whose name starts with the prefix. */
export function namedWith(snapshot: PoolSnapshot, prefix: string): Member[] {
  return Object.values(snapshot)
    .flat()
    .filter((m) => typeof m.name === 'string' && m.name.startsWith(prefix));
}

/** Creates a member through the API of the served target; returns its id. */
export async function createMember(
  env: Record<string, string>,
  pool: PoolKey,
  member: Record<string, unknown>,
): Promise<string> {
  const path = membersPath(env, pool);
  const body =
    POOLS[pool].api === 'v2'
      ? { ...member, subnet_id: env.TARGET_V2_SUBNET_ID }
      : { ...member, subnet_cidr_id: env.TARGET_V3_SUBNET_ID };
  const response = await fetch(`${env.TARGET_URL}${path}`, {
    method: 'POST',
    headers: { 'X-Auth-Token': env.TARGET_TOKEN ?? '', 'Content-Type': 'application/json' },
    body: JSON.stringify({ member: body }),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { member: { id: string } }).member.id;
}
