/**
 * A client of the member APIs, as an SDK or a script would be one: run as its own process, it sends its
 * requests to PROXY_URL (any base URL) with the TARGET_* settings of a served reference server. It creates
 * members (one twice, one with weight 101), walks a v3 listing page by page following next_marker, and
 * deletes what it created. It prints one line per request: method, path, status.
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
): Promise<{ status: number; json?: Answer }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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

async function main(): Promise<void> {
  const v2 = `/v2.0/lbaas/pools/${env.TARGET_V2_POOL_ID}/members`;
  const v3 = `/v3/${env.TARGET_PROJECT_ID}/elb/pools/${env.TARGET_V3_POOL_ID}/members`;
  const member = (address: string, extra: object = {}) => ({
    member: { address, protocol_port: 8080, subnet_id: env.TARGET_V2_SUBNET_ID, weight: 5, ...extra },
  });
  const created: string[] = [];
  /** A create; what it made is deleted at the end. */
  const create = async (collection: string, body: unknown) => {
    const made = await send('POST', collection, body);
    if (made.status === 201) created.push(`${collection}/${made.json?.member?.id}`);
  };
  await create(v2, member('192.168.200.10', { name: 'client-a' }));
  await create(v2, member('192.168.200.10'));
  await create(v2, member('192.168.200.11', { weight: 101 }));
  for (const [i, address] of ['120.10.200.1', '120.10.200.2', '2001:db8:a583:6a::c1'].entries()) {
    const subnet = address.includes(':') ? env.TARGET_V3_SUBNET6_ID : env.TARGET_V3_SUBNET_ID;
    await create(v3, { member: { address, protocol_port: 9000 + i, subnet_cidr_id: subnet } });
  }
  let marker: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await send('GET', `${v3}?limit=1${marker ? `&marker=${marker}` : ''}`);
    marker = page.json?.page_info?.next_marker;
    if (!marker || (page.json?.members ?? []).length === 0) break;
  }
  for (const path of created) await send('DELETE', path);
}

void main();
