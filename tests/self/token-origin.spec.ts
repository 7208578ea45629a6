/**
 * The run's client sends the token to the origin of TARGET_URL only. A target whose `members_links` name
 * another origin gets no verdict from the check that needed the link, with the reason, and the other origin
 * gets no request at all: neither from a v2.0 listing that follows the links nor from the read of the pool
 * that tells a busy 409 from a duplicate rejection (src/http/settle.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanupClient } from '../../src/cleanup/client';
import type { ApiClient } from '../../src/http/client';
import { parseTargetEnv } from '../../src/settings';
import { v2ListingPages } from '../../src/v2/listing-pages';
import { expect, test } from './support/harness';

const POOL = '5a9a3e9e-d1aa-448e-af37-a70171f2a332';
const SUBNET = '9f6c6a3e-2a1b-4c4e-8a55-3f4e2b1c0d9e';
const TOKEN = 'tok-Origin-5b8e11';

/** The run's settings for a v2.0 target at `url`. */
const targetAt = (url: string) =>
  parseTargetEnv({
    TARGET_URL: url,
    TARGET_TOKEN: TOKEN,
    TARGET_V2_POOL_ID: POOL,
    TARGET_V2_SUBNET_ID: SUBNET,
    TARGET_V2_ADDRESS_CIDR: '192.168.0.0/24',
  });
const MEMBERS = `/v2.0/lbaas/pools/${POOL}/members`;

interface Listening {
  url: string;
  /** Each request: method, path and the token it carried. */
  seen: { method: string; path: string; token: string | undefined }[];
  close(): Promise<void>;
}

async function listen(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Listening['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      token: req.headers['x-auth-token'] as string | undefined,
    });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } satisfies Listening;
}

/**
 * A target whose listings are empty pages with a "next" link to `elsewhere`, and which answers every create
 * with a 409 that is not a busy one.
 */
function linkingTarget(elsewhere: () => string) {
  return listen((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST')
      return json(409, { NeutronError: { message: 'the pair is held', type: 'Conflict', detail: '' } });
    // A member on another pair: a walk reads on past a page that holds one, and stops at an empty one.
    json(200, {
      members: [{ id: 'm-1', address: '192.168.0.1', protocol_port: 81 }],
      members_links: [{ rel: 'next', href: `${elsewhere()}${MEMBERS}?limit=1&marker=m-1` }],
    });
  });
}

const CASES: {
  name: string;
  /** How the refusal names the link, given the other origin. */
  link: (elsewhere: string) => string;
  call: (api: ApiClient, base: string) => Promise<unknown>;
}[] = [
  {
    name: 'a v2.0 listing that follows members_links',
    link: () => 'the "next" link of members_links',
    call: async (api, base) => {
      for await (const page of v2ListingPages(api, base, POOL, 10)) void page;
    },
  },
  {
    name: 'the read of the pool after a 409 to a create',
    link: (elsewhere) => `GET ${elsewhere}${MEMBERS}?limit=1&marker=m-1`,
    call: (api) =>
      api.call('createMemberV2', {
        path: { pool_id: POOL },
        json: { member: { address: '192.168.0.9', protocol_port: 80, subnet_id: SUBNET } },
        check: false,
      }),
  },
];

for (const { name, link, call } of CASES) {
  test(`${name}: a link to another origin is not followed, the check has no verdict`, async () => {
    const foreign = await listen((_, res) => res.end('{}'));
    const target = await linkingTarget(() => foreign.url);
    const { api, dispose } = await cleanupClient(targetAt(target.url));
    try {
      const error = await call(api, target.url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(error)).toMatch(/^NoVerdictError: no verdict: /);
      expect(String(error)).toContain(`${link(foreign.url)} names ${foreign.url}`);
      expect(String(error)).toContain(
        `names ${foreign.url}, not the origin of TARGET_URL (${target.url}): the token goes only to TARGET_URL`,
      );
      expect(foreign.seen).toEqual([]);
      expect(target.seen.length).toBeGreaterThan(0);
      expect(target.seen.every((r) => r.token === TOKEN)).toBe(true);
    } finally {
      await dispose();
      await target.close();
      await foreign.close();
    }
  });
}

test('a link on the origin of TARGET_URL is followed, with the token', async () => {
  let pages = 0;
  const target = await listen((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const first = pages++ === 0;
    const links = first ? [{ rel: 'next', href: `${MEMBERS}?limit=1&marker=m-1` }] : [];
    res.end(JSON.stringify({ members: first ? [{ id: 'm-1' }] : [], members_links: links }));
  });
  const { api, dispose } = await cleanupClient(targetAt(target.url));
  try {
    for await (const page of v2ListingPages(api, target.url, POOL, 10)) void page;
    expect(target.seen.map((r) => [r.path, r.token])).toEqual([
      [`${MEMBERS}?limit=10`, TOKEN],
      [`${MEMBERS}?limit=1&marker=m-1`, TOKEN],
    ]);
  } finally {
    await dispose();
    await target.close();
  }
});
