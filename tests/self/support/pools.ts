/** What the configured pools of a served target hold, read straight from its API (no suite code involved). */

export type PoolKey = 'v2' | 'v2-other' | 'v3' | 'v3-other';
export type Member = { id: string; name: unknown } & Record<string, unknown>;
export type PoolSnapshot = Record<PoolKey, Member[]>;

async function get(env: Record<string, string>, path: string): Promise<unknown> {
  const response = await fetch(`${env.TARGET_URL}${path}`, {
    headers: { 'X-Auth-Token': env.TARGET_TOKEN ?? '', Accept: 'application/json' },
  });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function v2Pool(env: Record<string, string>, pool: string): Promise<Member[]> {
  const all: Member[] = [];
  let marker = '';
  for (;;) {
    const page = (
      (await get(env, `/v2.0/lbaas/pools/${pool}/members?limit=200${marker && `&marker=${marker}`}`)) as {
        members: Member[];
      }
    ).members;
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < 200 || !last) return all;
    marker = last.id;
  }
}

async function v3Pool(env: Record<string, string>, pool: string): Promise<Member[]> {
  const all: Member[] = [];
  let marker = '';
  for (;;) {
    const body = (await get(
      env,
      `/v3/${env.TARGET_PROJECT_ID}/elb/pools/${pool}/members?limit=200${marker && `&marker=${marker}`}`,
    )) as { members: Member[]; page_info: { next_marker?: string } };
    all.push(...body.members);
    if (!body.page_info.next_marker || body.members.length === 0) return all;
    marker = body.page_info.next_marker;
  }
}

const byId = (a: Member, b: Member) => a.id.localeCompare(b.id);

/** Every member of the four configured pools, whole objects, in id order. */
export async function snapshotPools(env: Record<string, string>): Promise<PoolSnapshot> {
  const [v2, v2Other, v3, v3Other] = await Promise.all([
    v2Pool(env, env.TARGET_V2_POOL_ID ?? ''),
    v2Pool(env, env.TARGET_V2_OTHER_POOL_ID ?? ''),
    v3Pool(env, env.TARGET_V3_POOL_ID ?? ''),
    v3Pool(env, env.TARGET_V3_OTHER_POOL_ID ?? ''),
  ]);
  return {
    v2: v2.sort(byId),
    'v2-other': v2Other.sort(byId),
    v3: v3.sort(byId),
    'v3-other': v3Other.sort(byId),
  };
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
  const v2 = pool.startsWith('v2');
  const poolId = {
    v2: env.TARGET_V2_POOL_ID,
    'v2-other': env.TARGET_V2_OTHER_POOL_ID,
    v3: env.TARGET_V3_POOL_ID,
    'v3-other': env.TARGET_V3_OTHER_POOL_ID,
  }[pool];
  const path = v2
    ? `/v2.0/lbaas/pools/${poolId}/members`
    : `/v3/${env.TARGET_PROJECT_ID}/elb/pools/${poolId}/members`;
  const body = v2
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
