/**
 * A client of the member APIs, as an SDK or a script would be one: run as its own process, it sends its
 * requests to PROXY_URL (any base URL) with the TARGET_* settings of a served reference server. It makes the
 * steps CLIENT_STEPS names (comma-separated; all of STEPS when unset), in the order of STEPS, and deletes what it
 * created at the end. It prints one line per request: method, path, status.
 */
const base = process.env.PROXY_URL ?? '';
const env = process.env;
const headers = { 'content-type': 'application/json', 'x-auth-token': env.TARGET_TOKEN ?? '' };

/** What the client reads of an answer: a member's id, a page's members and next_marker. */
interface Answer {
  member?: { id: string };
  members?: unknown[];
  page_info?: { next_marker?: string };
}

/** Sends once, and again after Retry-After while the target refuses for its rate (at most five times). */
async function send(
  method: string,
  path: string,
  body?: unknown,
  raw?: string,
): Promise<{ status: number; json?: Answer }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    console.log(`${method} ${path} ${response.status}`);
    const retryAfter = Number(response.headers.get('retry-after') ?? 'NaN');
    if ((response.status === 429 || response.status === 503) && retryAfter >= 0 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      continue;
    }
    let json: Answer | undefined;
    try {
      json = text ? (JSON.parse(text) as Answer) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  }
}

const v2 = `/v2.0/lbaas/pools/${env.TARGET_V2_POOL_ID}/members`;
const v3 = `/v3/${env.TARGET_PROJECT_ID}/elb/pools/${env.TARGET_V3_POOL_ID}/members`;
const member = (address: string, extra: object = {}) => ({
  member: { address, protocol_port: 8080, subnet_id: env.TARGET_V2_SUBNET_ID, weight: 5, ...extra },
});
const created: string[] = [];

/** A create; what it made is deleted at the end. */
async function create(collection: string, body: unknown, raw?: string) {
  const made = await send('POST', collection, body, raw);
  if (made.status >= 200 && made.status < 300 && made.json?.member?.id)
    created.push(`${collection}/${made.json.member.id}`);
  return made;
}

/** What the client can do, by name, in the order it does it. */
export const STEPS = {
  /** A create with a name, read back; the same pair again (a duplicate). */
  'create-and-read-back': async () => {
    const made = await create(v2, member('192.168.200.10', { name: 'client-a' }));
    if (made.json?.member?.id) await send('GET', `${v2}/${made.json.member.id}`);
    await create(v2, member('192.168.200.10'));
  },
  'weight-101': () => create(v2, member('192.168.200.11', { weight: 101 })),
  'port-65536': () => create(v2, member('192.168.200.12', { protocol_port: 65536 })),
  'name-256': () => create(v2, member('192.168.200.13', { name: 'n'.repeat(256) })),
  'malformed-body': () => create(v2, undefined, '{'),
  'unwrapped-body': () => create(v2, member('192.168.200.15').member),
  'body-over-1-mib': () => create(v2, member('192.168.200.14', { padding: 'x'.repeat(1024 * 1024) })),
  /** Three v3 members, walked page by page following next_marker. */
  'v3-walk': async () => {
    // two IPv4 members and an IPv6 one in their subnets, and one IP-as-a-backend member (no subnet)
    const members: [string, string | undefined][] = [
      ['120.10.200.1', env.TARGET_V3_SUBNET_ID],
      ['120.10.200.2', env.TARGET_V3_SUBNET_ID],
      ['2001:db8:a583:6a::c1', env.TARGET_V3_SUBNET6_ID],
      ['120.10.200.3', undefined],
    ];
    for (const [i, [address, subnet]] of members.entries()) {
      await create(v3, {
        member: { address, protocol_port: 9000 + i, ...(subnet ? { subnet_cidr_id: subnet } : {}) },
      });
    }
    let marker: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await send('GET', `${v3}?limit=1${marker ? `&marker=${marker}` : ''}`);
      marker = page.json?.page_info?.next_marker;
      if (!marker || (page.json?.members ?? []).length === 0) break;
    }
  },
  'v3-bad-query': () => send('GET', `${v3}?limit=5&page_reverse=maybe`),
} satisfies Record<string, () => Promise<unknown>>;

export type Step = keyof typeof STEPS;

async function main(): Promise<void> {
  const wanted = env.CLIENT_STEPS?.split(',');
  for (const [name, step] of Object.entries(STEPS)) if (!wanted || wanted.includes(name)) await step();
  for (const path of created) await send('DELETE', path);
}

if (process.argv[1]?.endsWith('member-client.ts')) void main();
