import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { test as base, expect } from '@playwright/test';
import {
  FAULTS,
  startReferenceServer,
  targetEnv,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../reference-server/src/index';

/*
 * The built-in reference server: every rule of docs/readings.md §1 and §2 in its correct mode, then one row per
 * fault proving that the fault changes the behaviour it names (and nothing else), then `npm run serve`.
 */

const ROOT = path.resolve(__dirname, '../..');
const MiB = 1024 * 1024;

interface V2Member {
  id: string;
  tenant_id: string;
  name: string | null;
  address: string;
  protocol_port: number;
  subnet_id: string | null;
  admin_state_up: boolean;
  weight: number;
  operating_status?: string;
}
interface V2List {
  members: V2Member[];
  members_links: { rel: string; href: string }[];
}
interface V3Member {
  id: string;
  name: string;
  project_id?: string;
  address: string;
  protocol_port: number;
  weight: number;
  admin_state_up: boolean;
  subnet_cidr_id: string | null;
  operating_status: string;
  ip_version: string;
  created_at: string;
  updated_at: string;
  member_type: string;
  instance_id: string;
}
interface V3List {
  request_id?: string;
  page_info: { previous_marker?: string; next_marker?: string; current_count: number };
  members: V3Member[];
}
interface NeutronError {
  NeutronError?: { message?: string; type?: string; detail?: string };
}
interface V3Error {
  error_msg?: string;
  error_code?: string;
  request_id?: string;
}

interface Reply<T> {
  status: number;
  /** content-type without parameters */
  mime: string;
  text: string;
  /** the parsed body; undefined when it is not JSON */
  body: T;
}

type Fields = Record<string, unknown>;

interface CallOptions {
  body?: unknown;
  raw?: string;
  /** null: no X-Auth-Token header; default: the server's token */
  token?: string | null;
}

/**
 * A thin client. In strict mode (the correct server) every reply is also checked against the §5 general
 * rules: never a 5xx, and every body is application/json.
 */
class Client {
  private counter = 0;

  constructor(
    readonly server: ReferenceServer,
    private readonly strict: boolean,
  ) {}

  get d(): ReferenceServer['defaults'] {
    return this.server.defaults;
  }

  async call<T = unknown>(method: string, target: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.d.token : options.token;
    if (token !== null) headers['x-auth-token'] = token;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = target.startsWith('http') ? target : `${this.server.url}${target}`;
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    const mime = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (this.strict) {
      expect(res.status, `${method} ${target} must never answer 5xx`).toBeLessThan(500);
      if (text !== '') expect(mime, `${method} ${target}: content type`).toBe('application/json');
    }
    return { status: res.status, mime, text, body: parsed as T };
  }

  v2Path(pool = this.d.v2PoolId, member?: string): string {
    return `/v2.0/lbaas/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  v3Path(pool = this.d.v3PoolId, member?: string, project = this.d.projectId): string {
    return `/v3/${project}/elb/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  /** Fresh addresses inside the address ranges, on a port the preloaded members never use. */
  private nextHost(): string {
    const n = this.counter++;
    return `${200 + Math.floor(n / 254)}.${1 + (n % 254)}`;
  }

  v2Member(overrides: Fields = {}): Fields {
    return {
      address: `192.168.${this.nextHost()}`,
      protocol_port: 80,
      subnet_id: this.d.v2SubnetId,
      ...overrides,
    };
  }

  v3Member(overrides: Fields = {}): Fields {
    return {
      address: `120.10.${this.nextHost()}`,
      protocol_port: 80,
      subnet_cidr_id: this.d.v3SubnetId,
      ...overrides,
    };
  }

  v2Create(member: Fields, pool?: string): Promise<Reply<{ member: V2Member } & NeutronError>> {
    return this.call('POST', this.v2Path(pool), { body: { member } });
  }

  v2Get(id: string, pool?: string): Promise<Reply<{ member: V2Member } & NeutronError>> {
    return this.call('GET', this.v2Path(pool, id));
  }

  async v2All(pool?: string): Promise<V2Member[]> {
    const reply = await this.call<V2List>('GET', this.v2Path(pool));
    expect(reply.status).toBe(200);
    return reply.body.members;
  }

  v3Create(
    member: Fields,
    pool?: string,
  ): Promise<Reply<{ member: V3Member; request_id: string } & V3Error>> {
    return this.call('POST', this.v3Path(pool), { body: { member } });
  }

  v3List(query = '', pool?: string): Promise<Reply<V3List & V3Error>> {
    return this.call('GET', `${this.v3Path(pool)}${query === '' ? '' : `?${query}`}`);
  }

  /** The unpaginated listing (the pools in these tests hold fewer than the default limit of 2000). */
  async v3All(pool?: string): Promise<V3Member[]> {
    const reply = await this.v3List('', pool);
    expect(reply.status).toBe(200);
    return reply.body.members;
  }
}

const test = base.extend<{ options: ReferenceServerOptions; server: ReferenceServer; api: Client }>({
  options: [{}, { option: true }],
  server: async ({ options }, use) => {
    const server = await startReferenceServer(options);
    await use(server);
    await server.close();
  },
  api: async ({ server }, use) => {
    await use(new Client(server, true));
  },
});

test.describe.configure({ mode: 'parallel' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ids = (members: readonly { id: string }[]): string[] => members.map((m) => m.id);

function expectNeutronError(reply: Reply<NeutronError>, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.body.NeutronError?.message).toBeTruthy();
  expect(reply.body.NeutronError?.type).toBeTruthy();
}

function expectV3Error(reply: Reply<V3Error>, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body.error_msg).toBeTruthy();
  expect(reply.body.error_code).toBe(code);
  expect(reply.body.request_id).toMatch(UUID);
}

// ---------------------------------------------------------------------------------------------------------
// v2.0: add a backend server

test.describe('v2.0 create', () => {
  test('answers 201 with every field, the defaults, and the same values on read-back (v2.0 and v3)', async ({
    api,
  }) => {
    const sent = api.v2Member();
    const reply = await api.v2Create(sent);
    expect(reply.status).toBe(201);
    const member = reply.body.member;
    expect(member).toEqual({
      id: expect.stringMatching(UUID),
      tenant_id: api.d.projectId,
      name: '',
      address: sent.address,
      protocol_port: 80,
      subnet_id: api.d.v2SubnetId,
      admin_state_up: true,
      weight: 1,
      operating_status: 'NO_MONITOR',
    });
    expect((await api.v2Get(member.id)).body.member).toEqual(member);
    const v3 = await api.call<{ member: V3Member }>('GET', api.v3Path(api.d.v2PoolId, member.id));
    expect(v3.body.member).toMatchObject({
      id: member.id,
      address: sent.address,
      subnet_cidr_id: api.d.v2SubnetId,
    });
  });

  test('echoes every sent field unchanged and reads them back', async ({ api }) => {
    const sent = api.v2Member({
      name: 'member-jy-tt-1',
      protocol_port: 8080,
      weight: 7,
      admin_state_up: false,
      tenant_id: api.d.projectId,
    });
    const reply = await api.v2Create(sent);
    expect(reply.status).toBe(201);
    const { id, operating_status, ...echoed } = reply.body.member;
    expect(echoed).toEqual(sent);
    expect(operating_status).toBeTruthy();
    expect((await api.v2Get(id)).body.member).toEqual(reply.body.member);
  });

  const accepted: [string, Fields][] = [
    ['weight 0', { weight: 0 }],
    ['weight 100', { weight: 100 }],
    ['protocol_port 1', { protocol_port: 1 }],
    ['protocol_port 65535', { protocol_port: 65535 }],
    ['a name of 255 characters', { name: 'n'.repeat(255) }],
    ['an empty name', { name: '' }],
    ['admin_state_up false', { admin_state_up: false }],
    ['an address inside the subnet but outside the address range', { address: '192.168.1.1' }],
    ['an unknown extra field', { color: 'blue' }],
  ];
  for (const [label, overrides] of accepted) {
    test(`accepts ${label} and stores it`, async ({ api }) => {
      const sent = api.v2Member(overrides);
      const reply = await api.v2Create(sent);
      expect(reply.status).toBe(201);
      const stored = (await api.v2Get(reply.body.member.id)).body.member;
      for (const key of Object.keys(overrides).filter((k) => k !== 'color'))
        expect(stored).toHaveProperty(key, sent[key]);
      expect(stored).not.toHaveProperty('color');
    });
  }

  const OMIT = undefined; // JSON.stringify drops the field
  const rejectedMembers: [string, (api: Client) => Fields][] = [
    ['weight 101', (a) => a.v2Member({ weight: 101 })],
    ['weight -1', (a) => a.v2Member({ weight: -1 })],
    ['weight 1.5', (a) => a.v2Member({ weight: 1.5 })],
    ['weight "5"', (a) => a.v2Member({ weight: '5' })],
    ['weight null', (a) => a.v2Member({ weight: null })],
    ['weight true', (a) => a.v2Member({ weight: true })],
    ['protocol_port 0', (a) => a.v2Member({ protocol_port: 0 })],
    ['protocol_port 65536', (a) => a.v2Member({ protocol_port: 65536 })],
    ['protocol_port "80"', (a) => a.v2Member({ protocol_port: '80' })],
    ['protocol_port 80.5', (a) => a.v2Member({ protocol_port: 80.5 })],
    ['protocol_port null', (a) => a.v2Member({ protocol_port: null })],
    ['no protocol_port', (a) => a.v2Member({ protocol_port: OMIT })],
    ['a name of 256 characters', (a) => a.v2Member({ name: 'n'.repeat(256) })],
    ['a numeric name', (a) => a.v2Member({ name: 42 })],
    ['name null', (a) => a.v2Member({ name: null })],
    ['name true', (a) => a.v2Member({ name: true })],
    ['an object as name', (a) => a.v2Member({ name: {} })],
    ['a tenant_id of another project', (a) => a.v2Member({ tenant_id: 'f'.repeat(32) })],
    ['a tenant_id of 256 characters', (a) => a.v2Member({ tenant_id: a.d.projectId + 'x'.repeat(224) })],
    ['a numeric tenant_id', (a) => a.v2Member({ tenant_id: 7 })],
    ['tenant_id null', (a) => a.v2Member({ tenant_id: null })],
    ['admin_state_up "false"', (a) => a.v2Member({ admin_state_up: 'false' })],
    ['admin_state_up 1', (a) => a.v2Member({ admin_state_up: 1 })],
    ['admin_state_up null', (a) => a.v2Member({ admin_state_up: null })],
    ['no address', (a) => a.v2Member({ address: OMIT })],
    ['an empty address', (a) => a.v2Member({ address: '' })],
    ['an IPv6 address', (a) => a.v2Member({ address: '2001:db8::1' })],
    ['a garbage address', (a) => a.v2Member({ address: 'not-an-ip' })],
    ['an address outside the subnet', (a) => a.v2Member({ address: '10.1.2.3' })],
    ['an address of 65 characters', (a) => a.v2Member({ address: '1'.repeat(65) })],
    ['a numeric address', (a) => a.v2Member({ address: 3232235777 })],
    ['no subnet_id', (a) => a.v2Member({ subnet_id: OMIT })],
    ['an unknown subnet_id', (a) => a.v2Member({ subnet_id: randomUUID() })],
    ['the IPv6 subnet', (a) => a.v2Member({ subnet_id: a.d.v3Subnet6Id, address: '2001:db8:a583:6a::9' })],
    ['a numeric subnet_id', (a) => a.v2Member({ subnet_id: 12 })],
  ];
  const rejectedBodies: [string, string][] = [
    ['a body that is not JSON', '{"member": '],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['JSON null', 'null'],
    ['a JSON number', '5'],
    ['an object without "member"', '{}'],
    ['"member" as an array', '{"member": []}'],
    ['"member" as a string', '{"member": "x"}'],
    ['"member" null', '{"member": null}'],
  ];
  const rejected: [string, (api: Client) => string][] = [
    ...rejectedMembers.map(([label, make]): [string, (api: Client) => string] => [
      label,
      (a) => JSON.stringify({ member: make(a) }),
    ]),
    ...rejectedBodies.map(([label, raw]): [string, (api: Client) => string] => [label, () => raw]),
  ];
  for (const [label, body] of rejected) {
    test(`rejects ${label} with 400 and stores nothing`, async ({ api }) => {
      const before = await api.v2All();
      const reply = await api.call<NeutronError>('POST', api.v2Path(), { raw: body(api) });
      expectNeutronError(reply, 400);
      expect(await api.v2All()).toEqual(before);
    });
  }

  test('answers 413 to a body over 1 MiB, stores nothing, and still accepts exactly 1 MiB', async ({
    api,
  }) => {
    const padded = (size: number): string => {
      const bare = JSON.stringify({ member: { ...api.v2Member(), padding: '' } });
      return bare.replace('"padding":""', `"padding":"${'x'.repeat(size - bare.length)}"`);
    };
    const tooLarge = padded(MiB + 1);
    expect(Buffer.byteLength(tooLarge)).toBe(MiB + 1);
    expectNeutronError(await api.call('POST', api.v2Path(), { raw: tooLarge }), 413);
    expect(await api.v2All()).toEqual([]);
    expectV3Error(await api.call('POST', api.v3Path(), { raw: 'x'.repeat(2 * MiB) }), 413, 'ELB.1001');
    const exact = padded(MiB);
    expect(Buffer.byteLength(exact)).toBe(MiB);
    expect((await api.call('POST', api.v2Path(), { raw: exact })).status).toBe(201);
  });

  test('rejects a duplicate (address, protocol_port) in the pool with 409 and changes nothing', async ({
    api,
  }) => {
    const sent = api.v2Member({ name: 'first' });
    expect((await api.v2Create(sent)).status).toBe(201);
    const before = await api.v2All();
    expectNeutronError(await api.v2Create({ ...sent, name: 'second', weight: 5 }), 409);
    expect(await api.v2All()).toEqual(before);
    // the same address on another port, another address on the same port, the same pair in another pool
    expect((await api.v2Create({ ...sent, protocol_port: 81 })).status).toBe(201);
    expect((await api.v2Create(api.v2Member())).status).toBe(201);
    expect((await api.v2Create(sent, api.d.v2OtherPoolId)).status).toBe(201);
  });

  test('the uniqueness rule holds under concurrency: of 10 identical creates exactly one wins', async ({
    api,
  }) => {
    const sent = api.v2Member();
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.v2Create(sent)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expect((await api.v2All()).filter((m) => m.address === sent.address)).toHaveLength(1);
  });

  test('treats two spellings of one IPv4 address as the same address', async ({ api }) => {
    expect((await api.v2Create(api.v2Member({ address: '192.168.7.7' }))).status).toBe(201);
    const v3 = await api.v3Create(
      { address: '2001:db8:a583:6a::7', protocol_port: 80, subnet_cidr_id: api.d.v3Subnet6Id },
      api.d.v3PoolId,
    );
    expect(v3.status).toBe(201);
    const again = await api.v3Create(
      { address: '2001:DB8:A583:6A:0:0:0:7', protocol_port: 80, subnet_cidr_id: api.d.v3Subnet6Id },
      api.d.v3PoolId,
    );
    expectV3Error(again, 409, 'ELB.8907');
  });

  test('answers 404 for an unknown pool on every route', async ({ api }) => {
    const pool = randomUUID();
    expectNeutronError(await api.v2Create(api.v2Member(), pool), 404);
    expectNeutronError(await api.call('GET', api.v2Path(pool)), 404);
    expectNeutronError(await api.call('GET', api.v2Path(pool, randomUUID())), 404);
    expectNeutronError(await api.call('DELETE', api.v2Path(pool, randomUUID())), 404);
  });
});

test.describe('v2.0 read-back, delete and listing', () => {
  test('GET and DELETE one member; unknown members are 404', async ({ api }) => {
    const { id } = (await api.v2Create(api.v2Member())).body.member;
    expect((await api.v2Get(id)).status).toBe(200);
    expectNeutronError(await api.v2Get(id, api.d.v2OtherPoolId), 404);
    const deleted = await api.call('DELETE', api.v2Path(undefined, id));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectNeutronError(await api.v2Get(id), 404);
    expectNeutronError(await api.call('DELETE', api.v2Path(undefined, id)), 404);
    expect(await api.v2All()).toEqual([]);
  });

  test.describe('paging', () => {
    test.use({ options: { preload: { '5a9a3e9e-d1aa-448e-af37-a70171f2a332': 23 } } });

    test('walks forward by "next" links and back by "previous" links, the OpenStack way', async ({ api }) => {
      const all = await api.v2All();
      expect(all).toHaveLength(23);
      const pages: V2Member[][] = [];
      let reply = await api.call<V2List>('GET', `${api.v2Path()}?limit=5`);
      for (;;) {
        expect(reply.status).toBe(200);
        pages.push(reply.body.members);
        const next = reply.body.members_links.find((l) => l.rel === 'next');
        if (!next) break;
        expect(next.href.startsWith(`${api.server.url}${api.v2Path()}?`)).toBe(true);
        reply = await api.call<V2List>('GET', next.href);
      }
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(all);

      const previous = reply.body.members_links.find((l) => l.rel === 'previous');
      expect(previous).toBeDefined();
      const back = await api.call<V2List>('GET', previous?.href ?? '');
      expect(back.body.members).toEqual(pages[3]);
      expect(back.body.members_links.map((l) => l.rel).sort()).toEqual(['next', 'previous']);
    });

    test('a marker naming the last member gives an empty list; filters match exactly', async ({ api }) => {
      const all = await api.v2All();
      const last = all.at(-1);
      const first = all[0];
      if (!last || !first) throw new Error('preload failed');
      const tail = await api.call<V2List>('GET', `${api.v2Path()}?marker=${last.id}`);
      expect(tail.body.members).toEqual([]);
      const byAddress = await api.call<V2List>('GET', `${api.v2Path()}?address=${first.address}`);
      expect(byAddress.body.members).toEqual(all.filter((m) => m.address === first.address));
      const query = `protocol_port=${first.protocol_port}&name=${encodeURIComponent(first.name ?? '')}`;
      const byBoth = await api.call<V2List>('GET', `${api.v2Path()}?${query}`);
      expect(byBoth.body.members).toEqual([first]);
    });

    const badQueries: [string, string][] = [
      ['limit=0', 'limit=0'],
      ['limit=-1', 'limit=-1'],
      ['limit=abc', 'limit=abc'],
      ['page_reverse=maybe', 'page_reverse=maybe'],
      ['an unknown marker', `marker=${randomUUID()}`],
      ['an empty marker', 'marker='],
    ];
    for (const [label, query] of badQueries) {
      test(`rejects ${label} with 400`, async ({ api }) => {
        expectNeutronError(await api.call('GET', `${api.v2Path()}?${query}`), 400);
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Requests that are wrong before they reach a handler

test.describe('auth and routing', () => {
  const tokens: [string, string | null][] = [
    ['no token', null],
    ['a wrong token', 'wrong-token'],
    ['an empty token', ''],
  ];
  const routes = (a: Client): [string, string][] => [
    ['GET', a.v2Path()],
    ['POST', a.v2Path()],
    ['GET', a.v2Path(undefined, randomUUID())],
    ['GET', a.v3Path()],
    ['POST', a.v3Path()],
    ['DELETE', a.v3Path(undefined, randomUUID())],
    ['GET', '/no/such/route'],
  ];
  for (const [label, token] of tokens) {
    test(`answers 401 to ${label} on every route`, async ({ api }) => {
      for (const [method, target] of routes(api)) {
        const reply = await api.call(method, target, { token, body: method === 'POST' ? {} : undefined });
        expect(reply.status, `${method} ${target}`).toBe(401);
      }
    });
  }

  test('answers 404 JSON to unknown routes and 405 JSON to wrong methods', async ({ api }) => {
    for (const target of [
      '/',
      '/v2.0',
      '/v2.0/lbaas/pools',
      `/v3/${api.d.projectId}/elb/pools`,
      '/v2.0/lbaas/pools//members',
    ]) {
      expect((await api.call('GET', target)).status, target).toBe(404);
    }
    const put = await api.call<NeutronError>('PUT', api.v2Path(), { body: {} });
    expectNeutronError(put, 405);
    expectV3Error(await api.call('PATCH', api.v3Path(undefined, randomUUID())), 405, 'ELB.1001');
  });

  test('malformed requests never get a 5xx', async ({ api }) => {
    const targets = [
      '/v2.0/lbaas/pools/%zz/members',
      `/v3/${api.d.projectId}/elb/pools/%E0%A4%A/members`,
      `${api.v3Path()}?limit=%zz&marker=%`,
      `${api.v2Path()}?limit=%zz`,
      '//v2.0/lbaas/pools',
    ];
    for (const target of targets) expect((await api.call('GET', target)).status, target).toBeLessThan(500);
    const binary = await api.call('POST', api.v2Path(), { raw: '\u0000\uffff{' });
    expect(binary.status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------------------
// v3: query backend servers (and the helper endpoints of §2)

const V3_POOL = '36ce7086-a496-4666-9064-5ba0e6840c75';
const V3_OTHER_POOL = '4d2e6f80-91a2-4b3c-8d4e-5f6a7b8c9d0e';

/** Walks forward with `limit`, checking page_info on every page; returns the pages. */
async function walkForward(api: Client, limit: number, filter = ''): Promise<V3Member[][]> {
  const pages: V3Member[][] = [];
  let marker: string | undefined;
  for (;;) {
    const query = [filter, `limit=${limit}`, marker ? `marker=${marker}` : ''].filter(Boolean).join('&');
    const reply = await api.v3List(query);
    expect(reply.status).toBe(200);
    const { members, page_info } = reply.body;
    expect(page_info.current_count).toBe(members.length);
    if (members.length > 0) expect(page_info.previous_marker).toBe(members[0]?.id);
    pages.push(members);
    if (page_info.next_marker === undefined) return pages;
    expect(page_info.next_marker).toBe(members.at(-1)?.id);
    marker = page_info.next_marker;
    expect(pages.length).toBeLessThan(1000);
  }
}

/** From the last forward page, walks back with page_reverse=true; returns the pages in walking order. */
async function walkBack(api: Client, limit: number, from: V3Member[], filter = ''): Promise<V3Member[][]> {
  const pages: V3Member[][] = [];
  let marker = from[0]?.id;
  while (marker) {
    const reply = await api.v3List(
      [filter, `limit=${limit}&marker=${marker}&page_reverse=true`].filter(Boolean).join('&'),
    );
    expect(reply.status).toBe(200);
    if (reply.body.members.length === 0) break;
    pages.push(reply.body.members);
    if (reply.body.members.length < limit) break;
    marker = reply.body.page_info.previous_marker;
  }
  return pages;
}

test.describe('v3 list', () => {
  test.use({ options: { preload: { [V3_POOL]: 40, [V3_OTHER_POOL]: 5 } } });

  test('answers 200 with request_id, page_info and well-formed members of this pool only', async ({
    api,
  }) => {
    const reply = await api.v3List();
    expect(reply.status).toBe(200);
    expect(reply.body.request_id).toMatch(UUID);
    expect(reply.body.page_info).toEqual({ previous_marker: reply.body.members[0]?.id, current_count: 40 });
    const others = new Set(ids(await api.v3All(V3_OTHER_POOL)));
    for (const m of reply.body.members) {
      expect(others.has(m.id)).toBe(false);
      expect(m.project_id).toBe(api.d.projectId);
      expect(m.ip_version).toBe(m.address.includes(':') ? 'v6' : 'v4');
      expect(['ONLINE', 'NO_MONITOR', 'OFFLINE']).toContain(m.operating_status);
      expect(m.created_at).toMatch(TIMESTAMP);
      expect(m.updated_at).toMatch(TIMESTAMP);
      expect(m.member_type).toBe(m.subnet_cidr_id === null ? 'ip' : 'instance');
      expect(m.instance_id).toBe('');
      expect(m.weight).toBeGreaterThanOrEqual(0);
      expect(m.weight).toBeLessThanOrEqual(100);
    }
    const kinds = new Set(reply.body.members.map((m) => `${m.ip_version}/${m.member_type}`));
    expect([...kinds].sort()).toEqual(['v4/instance', 'v4/ip', 'v6/instance']);
  });

  test('walks forward page by page over every member once, and back over the same pages', async ({ api }) => {
    const all = await api.v3All();
    for (const limit of [1, 7, 8, 40, 41]) {
      const pages = await walkForward(api, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(all);
      // the last page has no next_marker even when it is full (40 = 5 x 8)
      expect(pages.at(-1)?.length).toBe(40 % limit || limit);
      const back = await walkBack(api, limit, pages.at(-1) ?? []);
      expect(back, `limit ${limit}`).toEqual(pages.slice(0, -1).reverse());
    }
  });

  test('limit=0 returns an empty page; limit=2000 and no limit return everything', async ({ api }) => {
    const zero = await api.v3List('limit=0');
    expect(zero.status).toBe(200);
    expect(zero.body.members).toEqual([]);
    expect(zero.body.page_info).toEqual({ current_count: 0 });
    const all = await api.v3All();
    expect((await api.v3List('limit=2000')).body.members).toEqual(all);
  });

  for (const limit of ['abc', '1.5', '-1', '2001', '', '1e3', ' 5', '0x10', '99999999999999999999']) {
    test(`rejects limit=${JSON.stringify(limit)} with 400 (ELB.8902)`, async ({ api }) => {
      expectV3Error(await api.v3List(`limit=${encodeURIComponent(limit)}`), 400, 'ELB.8902');
    });
  }

  test('marker without limit is ignored entirely, even an invalid one', async ({ api }) => {
    const all = await api.v3All();
    for (const marker of [all[5]?.id, '', randomUUID()]) {
      expect((await api.v3List(`marker=${marker}`)).body.members).toEqual(all);
    }
  });

  test('with limit, an empty marker, an unknown id or a member of another pool is 400', async ({ api }) => {
    const other = (await api.v3All(V3_OTHER_POOL))[0]?.id;
    for (const marker of ['', randomUUID(), other, 'not-a-uuid']) {
      expectV3Error(await api.v3List(`limit=5&marker=${marker}`), 400, 'ELB.8902');
    }
  });

  test('a page starts right after the marker; page_reverse returns the members just before it', async ({
    api,
  }) => {
    const all = ids(await api.v3All());
    const forward = await api.v3List(`limit=4&marker=${all[9]}`);
    expect(ids(forward.body.members)).toEqual(all.slice(10, 14));
    expect(forward.body.page_info).toEqual({
      previous_marker: all[10],
      next_marker: all[13],
      current_count: 4,
    });
    const reverse = await api.v3List(`limit=4&marker=${all[9]}&page_reverse=true`);
    expect(ids(reverse.body.members)).toEqual(all.slice(5, 9));
    expect(reverse.body.page_info.previous_marker).toBe(all[5]);
    const head = await api.v3List(`limit=4&marker=${all[2]}&page_reverse=true`);
    expect(ids(head.body.members)).toEqual(all.slice(0, 2));
    expect((await api.v3List(`limit=4&marker=${all[9]}&page_reverse=false`)).body.members).toEqual(
      forward.body.members,
    );
    expect((await api.v3List(`limit=4&marker=${all.at(-1)}`)).body).toMatchObject({
      members: [],
      page_info: { current_count: 0 },
    });
  });

  for (const value of ['yes', 'True', '1', '']) {
    test(`rejects page_reverse=${JSON.stringify(value)} with 400`, async ({ api }) => {
      expectV3Error(await api.v3List(`limit=5&page_reverse=${value}`), 400, 'ELB.8902');
    });
  }

  const FILTERS = [
    'name',
    'weight',
    'admin_state_up',
    'subnet_cidr_id',
    'address',
    'protocol_port',
    'id',
    'operating_status',
    'ip_version',
    'member_type',
    'instance_id',
  ] as const;
  const rendered = (m: V3Member, key: (typeof FILTERS)[number]): string => String(m[key] ?? '');

  test('each filter matches exactly the members whose rendered value is equal', async ({ api }) => {
    const all = await api.v3All();
    // a v4 instance member, an IPv6 member and an IP-as-a-backend member
    const samples = [all[0], all[3], all[5]].filter((m): m is V3Member => m !== undefined);
    expect(new Set(samples.map((m) => `${m.ip_version}/${m.member_type}`)).size).toBe(3);
    for (const sample of samples) {
      for (const key of FILTERS) {
        if (sample.subnet_cidr_id === null && key === 'subnet_cidr_id') continue;
        const value = rendered(sample, key);
        const reply = await api.v3List(`${key}=${encodeURIComponent(value)}`);
        const expected = all.filter((m) => rendered(m, key) === value);
        expect(reply.body.members, `${key}=${value}`).toEqual(expected);
        expect(ids(reply.body.members)).toContain(sample.id);
      }
    }
    const upper = all[0]?.name.toUpperCase() ?? '';
    expect((await api.v3List(`name=${upper}`)).body.members).toEqual([]);
    expect((await api.v3List(`name=${all[0]?.name.slice(0, 3)}`)).body.members).toEqual([]);
  });

  test('repeated values are OR-ed, different parameters AND-ed, enterprise_project_id is ignored', async ({
    api,
  }) => {
    const all = await api.v3All();
    const [a, b] = [all[1], all[2]];
    if (!a || !b) throw new Error('preload failed');
    const either = await api.v3List(`address=${a.address}&address=${b.address}`);
    expect(either.body.members).toEqual(
      all.filter((m) => m.address === a.address || m.address === b.address),
    );
    const both = await api.v3List(
      `ip_version=v4&weight=${a.weight}&weight=${b.weight}&operating_status=ONLINE`,
    );
    expect(both.body.members).toEqual(
      all.filter(
        (m) =>
          m.ip_version === 'v4' && [a.weight, b.weight].includes(m.weight) && m.operating_status === 'ONLINE',
      ),
    );
    const none = await api.v3List(
      `address=${a.address}&protocol_port=${b.protocol_port === a.protocol_port ? 1 : b.protocol_port}`,
    );
    expect(none.body.members).toEqual([]);
    expect((await api.v3List('enterprise_project_id=all_granted_eps')).body.members).toEqual(all);
  });

  test('filters apply before pagination: pages of a filtered listing walk the filtered members', async ({
    api,
  }) => {
    const filter = 'member_type=instance&admin_state_up=true';
    const filtered = (await api.v3List(filter)).body.members;
    expect(filtered.length).toBeGreaterThan(10);
    const pages = await walkForward(api, 4, filter);
    expect(pages.flat()).toEqual(filtered);
    expect(await walkBack(api, 4, pages.at(-1) ?? [], filter)).toEqual(pages.slice(0, -1).reverse());
  });

  test('an unknown pool or another project is 404 (ELB.8904)', async ({ api }) => {
    expectV3Error(await api.v3List('', randomUUID()), 404, 'ELB.8904');
    expectV3Error(await api.call('GET', api.v3Path(V3_POOL, undefined, 'f'.repeat(32))), 404, 'ELB.8904');
  });
});

test.describe('v3 create, read-back and delete', () => {
  test('creates instance, IPv6 and IP-as-a-backend members', async ({ api }) => {
    const cases: [Fields, Partial<V3Member>][] = [
      [api.v3Member({ name: 'v4', weight: 0 }), { ip_version: 'v4', member_type: 'instance', weight: 0 }],
      [
        { address: '2001:db8:a583:6a::10', protocol_port: 443, subnet_cidr_id: api.d.v3Subnet6Id },
        { ip_version: 'v6', member_type: 'instance', weight: 1, name: '' },
      ],
      [
        { address: '203.0.113.9', protocol_port: 80 },
        { ip_version: 'v4', member_type: 'ip', subnet_cidr_id: null },
      ],
    ];
    for (const [sent, expected] of cases) {
      const reply = await api.v3Create(sent);
      expect(reply.status).toBe(201);
      expect(reply.body.request_id).toMatch(UUID);
      expect(reply.body.member).toMatchObject({
        ...expected,
        address: sent.address,
        project_id: api.d.projectId,
      });
      const back = await api.call<{ member: V3Member; request_id: string }>(
        'GET',
        api.v3Path(V3_POOL, reply.body.member.id),
      );
      expect(back.status).toBe(200);
      expect(back.body.member).toEqual(reply.body.member);
    }
    expect(await api.v3All()).toHaveLength(3);
  });

  const rejected: [string, (a: Client) => Fields][] = [
    ['an IPv6 address without subnet', () => ({ address: '2001:db8::1', protocol_port: 80 })],
    ['an address outside its subnet', (a) => a.v3Member({ address: '10.0.0.1' })],
    ['an IPv4 address in the IPv6 subnet', (a) => a.v3Member({ subnet_cidr_id: a.d.v3Subnet6Id })],
    ['an unknown subnet', (a) => a.v3Member({ subnet_cidr_id: randomUUID() })],
    ['weight 101', (a) => a.v3Member({ weight: 101 })],
    ['protocol_port 0', (a) => a.v3Member({ protocol_port: 0 })],
    ['no protocol_port', (a) => a.v3Member({ protocol_port: undefined })],
    ['a garbage address', (a) => a.v3Member({ address: 'x' })],
  ];
  for (const [label, make] of rejected) {
    test(`rejects ${label} with 400 and stores nothing`, async ({ api }) => {
      expectV3Error(await api.v3Create(make(api)), 400, 'ELB.8902');
      expect(await api.v3All()).toEqual([]);
    });
  }

  test('duplicates are 409 (ELB.8907), also under concurrency; DELETE is 204 then 404', async ({ api }) => {
    const sent = api.v3Member();
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.v3Create(sent)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expectV3Error(replies.find((r) => r.status === 409) as Reply<V3Error>, 409, 'ELB.8907');
    const [member] = await api.v3All();
    if (!member) throw new Error('nothing stored');
    expect((await api.call('DELETE', api.v3Path(V3_POOL, member.id))).status).toBe(204);
    expectV3Error(await api.call('GET', api.v3Path(V3_POOL, member.id)), 404, 'ELB.8904');
    expectV3Error(await api.call('DELETE', api.v3Path(V3_POOL, member.id)), 404, 'ELB.8904');
    expect((await api.v3Create(sent)).status).toBe(201);
  });
});

test.describe('a pool of 100,000 members', () => {
  test.use({ options: { preload: { [V3_POOL]: 100_000 } } });

  test('pages through every member, and a marker deep in the pool works both ways', async ({ api }) => {
    test.setTimeout(120_000);
    const pages = await walkForward(api, 2000);
    const all = ids(pages.flat());
    expect(all).toHaveLength(100_000);
    expect(new Set(all).size).toBe(100_000);
    const deep = all[87_654];
    const forward = await api.v3List(`limit=3&marker=${deep}`);
    expect(ids(forward.body.members)).toEqual(all.slice(87_655, 87_658));
    const reverse = await api.v3List(`limit=3&marker=${deep}&page_reverse=true`);
    expect(ids(reverse.body.members)).toEqual(all.slice(87_651, 87_654));
    const filtered = await api.v3List(`ip_version=v6&limit=2&marker=${deep}`);
    expect(filtered.body.members.every((m) => m.ip_version === 'v6')).toBe(true);
    expect(filtered.body.page_info.current_count).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Fault modes: one row per fault. `probe` sends the request(s) and returns an observation; the correct
// server must observe `correct`, the server with only that fault `faulty`.

interface FaultRow {
  readonly fault: string;
  readonly preload?: Record<string, number>;
  readonly probe: (c: Client) => Promise<unknown>;
  readonly correct: unknown;
  readonly faulty: unknown;
}

/** 2xx collapses to "ok", so that only the create-status fault tells 200 from 201. */
const outcome = (status: number): number | 'ok' => (status >= 200 && status < 300 ? 'ok' : status);

function createdId(body: unknown): string {
  const b = body as { member?: { id?: string }; id?: string } | undefined;
  return b?.member?.id ?? b?.id ?? '';
}

/** Creates a v2 member; with `field`, also reads the member back and reports that field. */
async function v2Outcome(c: Client, overrides: Fields, field?: keyof V2Member): Promise<unknown> {
  const reply = await c.v2Create(c.v2Member(overrides));
  if (field === undefined || outcome(reply.status) !== 'ok') return outcome(reply.status);
  const back = await c.v2Get(createdId(reply.body));
  return [outcome(reply.status), back.body.member[field]];
}

async function v2Sequence(c: Client, members: [Fields, string?][]): Promise<unknown[]> {
  const statuses: unknown[] = [];
  for (const [member, pool] of members) statuses.push(outcome((await c.v2Create(member, pool)).status));
  return statuses;
}

async function v3Ids(c: Client, pool?: string): Promise<string[]> {
  return ids((await c.v3List('', pool)).body.members ?? []);
}

/** Positions in the unpaginated listing of the members a query returns. */
async function v3Positions(c: Client, query: (all: string[]) => string): Promise<number[]> {
  const all = await v3Ids(c);
  return ids((await c.v3List(query(all))).body.members ?? []).map((id) => all.indexOf(id));
}

const mime = async (reply: Promise<Reply<unknown>>): Promise<string> => (await reply).mime;
const status = async (reply: Promise<Reply<unknown>>): Promise<number> => (await reply).status;
const TEN = { [V3_POOL]: 10 };
const TEN_AND_ONE = { [V3_POOL]: 10, [V3_OTHER_POOL]: 1 };

const FAULT_ROWS: FaultRow[] = [
  {
    fault: 'weight-upper-off-by-one',
    probe: (c) => v2Outcome(c, { weight: 101 }),
    correct: 400,
    faulty: 'ok',
  },
  { fault: 'weight-zero-rejected', probe: (c) => v2Outcome(c, { weight: 0 }), correct: 'ok', faulty: 400 },
  {
    fault: 'weight-string-coerced',
    probe: (c) => v2Outcome(c, { weight: '5' }, 'weight'),
    correct: 400,
    faulty: ['ok', 5],
  },
  {
    fault: 'weight-fraction-truncated',
    probe: (c) => v2Outcome(c, { weight: 1.5 }, 'weight'),
    correct: 400,
    faulty: ['ok', 1],
  },
  {
    fault: 'weight-null-defaulted',
    probe: (c) => v2Outcome(c, { weight: null }, 'weight'),
    correct: 400,
    faulty: ['ok', 1],
  },
  {
    fault: 'weight-default-zero',
    probe: (c) => v2Outcome(c, {}, 'weight'),
    correct: ['ok', 1],
    faulty: ['ok', 0],
  },
  {
    fault: 'port-upper-off-by-one',
    probe: (c) => v2Outcome(c, { protocol_port: 65536 }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'port-upper-rejected',
    probe: (c) => v2Outcome(c, { protocol_port: 65535 }),
    correct: 'ok',
    faulty: 400,
  },
  {
    fault: 'port-zero-accepted',
    probe: (c) => v2Outcome(c, { protocol_port: 0 }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'port-string-coerced',
    probe: (c) => v2Outcome(c, { protocol_port: '80' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'port-missing-defaulted',
    probe: (c) => v2Outcome(c, { protocol_port: undefined }, 'protocol_port'),
    correct: 400,
    faulty: ['ok', 80],
  },
  {
    fault: 'name-length-off-by-one',
    probe: (c) => v2Outcome(c, { name: 'n'.repeat(256) }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'name-length-max-rejected',
    probe: (c) => v2Outcome(c, { name: 'n'.repeat(255) }),
    correct: 'ok',
    faulty: 400,
  },
  {
    fault: 'name-number-stringified',
    probe: (c) => v2Outcome(c, { name: 42 }, 'name'),
    correct: 400,
    faulty: ['ok', '42'],
  },
  {
    fault: 'tenant-id-length-unchecked',
    probe: (c) => v2Outcome(c, { tenant_id: c.d.projectId + 'x'.repeat(300) }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'tenant-id-falsy-defaulted',
    probe: (c) => Promise.all([null, false, 42].map((tenantId) => v2Outcome(c, { tenant_id: tenantId }))),
    correct: [400, 400, 400],
    faulty: ['ok', 'ok', 400],
  },
  {
    fault: 'admin-state-string-coerced',
    probe: (c) => v2Outcome(c, { admin_state_up: 'false' }, 'admin_state_up'),
    correct: 400,
    faulty: ['ok', false],
  },
  {
    fault: 'admin-state-default-false',
    probe: (c) => v2Outcome(c, {}, 'admin_state_up'),
    correct: ['ok', true],
    faulty: ['ok', false],
  },
  {
    fault: 'name-default-null',
    probe: (c) => v2Outcome(c, {}, 'name'),
    correct: ['ok', ''],
    faulty: ['ok', null],
  },
  {
    fault: 'address-ipv6-accepted',
    probe: (c) => v2Outcome(c, { address: '2001:db8::1' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'address-unvalidated',
    probe: (c) => v2Outcome(c, { address: 'not-an-ip' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'address-subnet-unchecked',
    probe: (c) => v2Outcome(c, { address: '10.1.2.3' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'address-length-unchecked',
    probe: (c) => v2Outcome(c, { address: '192.168.1.1'.padEnd(65, ' ') }, 'address'),
    correct: 400,
    faulty: ['ok', '192.168.1.1'.padEnd(65, ' ')],
  },
  {
    fault: 'subnet-missing-accepted',
    probe: (c) => v2Outcome(c, { subnet_id: undefined }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'subnet-unknown-accepted',
    probe: (c) => v2Outcome(c, { subnet_id: randomUUID() }),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'duplicate-unchecked',
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m]]);
    },
    correct: ['ok', 409],
    faulty: ['ok', 'ok'],
  },
  {
    fault: 'duplicate-race',
    probe: async (c) => {
      const m = c.v2Member();
      const concurrent = await Promise.all(Array.from({ length: 10 }, () => c.v2Create(m)));
      const sequential = await c.v2Create(m);
      const winners = concurrent.filter((r) => outcome(r.status) === 'ok').length;
      return [winners > 1 ? 'several won' : winners, outcome(sequential.status)];
    },
    correct: [1, 409],
    faulty: ['several won', 409],
  },
  {
    fault: 'duplicate-answers-busy',
    probe: async (c) => {
      const m = c.v2Member();
      await c.v2Create(m);
      const again = await c.v2Create(m);
      return [again.status, /PENDING_|immutable/.test(again.text) ? 'busy' : 'duplicate'];
    },
    correct: [409, 'duplicate'],
    faulty: [409, 'busy'],
  },
  {
    fault: 'other-pool-stuck-busy',
    probe: async (c) => {
      const first = await c.v2Create(c.v2Member(), c.d.v2OtherPoolId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // another port too, so that only a busy load balancer can refuse it (not duplicate-port-only)
      const second = await c.v2Create(c.v2Member({ protocol_port: 81 }), c.d.v2OtherPoolId);
      return [outcome(first.status), outcome(second.status)];
    },
    correct: ['ok', 'ok'],
    faulty: [409, 409],
  },
  {
    fault: 'duplicate-wrong-status',
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m]]);
    },
    correct: ['ok', 409],
    faulty: ['ok', 400],
  },
  {
    fault: 'duplicate-address-only',
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [{ ...m, protocol_port: 81 }]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  {
    fault: 'duplicate-port-only',
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [{ ...m, address: c.v2Member().address }]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  {
    fault: 'duplicate-across-pools',
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m, c.d.v2OtherPoolId]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  {
    fault: 'duplicate-stored-anyway',
    probe: async (c) => {
      const m = c.v2Member();
      const statuses = await v2Sequence(c, [[m], [m]]);
      return [...statuses, (await c.v2All()).filter((x) => x.address === m.address).length];
    },
    correct: ['ok', 409, 1],
    faulty: ['ok', 409, 2],
  },
  { fault: 'create-status-200', probe: (c) => status(c.v2Create(c.v2Member())), correct: 201, faulty: 200 },
  {
    fault: 'create-unwrapped',
    probe: async (c) => Object.keys((await c.v2Create(c.v2Member())).body ?? {}),
    correct: ['member'],
    faulty: expect.arrayContaining(['id', 'address']),
  },
  {
    fault: 'create-missing-operating-status',
    probe: async (c) => typeof (await c.v2Create(c.v2Member())).body.member?.operating_status,
    correct: 'string',
    faulty: 'undefined',
  },
  {
    fault: 'echo-weight-default',
    probe: async (c) => {
      const reply = await c.v2Create(c.v2Member({ weight: 7 }));
      return [reply.body.member?.weight, (await c.v2Get(createdId(reply.body))).body.member.weight];
    },
    correct: [7, 7],
    faulty: [1, 7],
  },
  {
    fault: 'readback-name-dropped',
    probe: async (c) =>
      (await c.v2Get(createdId((await c.v2Create(c.v2Member({ name: 'kept' }))).body))).body.member.name,
    correct: 'kept',
    faulty: '',
  },
  {
    fault: 'malformed-json-500',
    probe: (c) => status(c.call('POST', c.v2Path(), { raw: '{' })),
    correct: 400,
    faulty: 500,
  },
  {
    fault: 'non-object-500',
    probe: async (c) =>
      Promise.all(['[]', '"x"', 'null'].map((raw) => status(c.call('POST', c.v2Path(), { raw })))),
    correct: [400, 400, 400],
    faulty: [500, 500, 500],
  },
  {
    fault: 'unwrapped-body-accepted',
    probe: async (c) => outcome(await status(c.call('POST', c.v2Path(), { body: c.v2Member() }))),
    correct: 400,
    faulty: 'ok',
  },
  {
    fault: 'body-limit-missing',
    probe: async (c) => {
      const reply = await c.call('POST', c.v2Path(), {
        body: { member: c.v2Member({ padding: 'x'.repeat(MiB) }) },
      });
      return [outcome(reply.status), (await c.v2All()).length];
    },
    correct: [413, 0],
    faulty: ['ok', 1],
  },
  {
    fault: 'unknown-pool-500',
    probe: (c) => status(c.v2Create(c.v2Member(), randomUUID())),
    correct: 404,
    faulty: 500,
  },
  {
    fault: 'auth-missing-accepted',
    probe: (c) => Promise.all([null, 'wrong'].map((token) => status(c.call('GET', c.v2Path(), { token })))),
    correct: [401, 401],
    faulty: [200, 401],
  },
  {
    fault: 'auth-any-token',
    probe: (c) => Promise.all([null, 'wrong'].map((token) => status(c.call('GET', c.v2Path(), { token })))),
    correct: [401, 401],
    faulty: [401, 200],
  },
  {
    fault: 'v2-error-text-plain',
    probe: (c) => mime(c.v2Create(c.v2Member({ weight: -1 }))),
    correct: 'application/json',
    faulty: 'text/plain',
  },
  {
    fault: 'v2-error-empty-message',
    probe: async (c) => (await c.v2Create(c.v2Member({ weight: -1 }))).body.NeutronError?.message === '',
    correct: false,
    faulty: true,
  },
  {
    fault: 'v2-success-content-type-html',
    probe: (c) => Promise.all([mime(c.call('GET', c.v2Path())), mime(c.v2Create(c.v2Member()))]),
    correct: ['application/json', 'application/json'],
    faulty: ['text/html', 'text/html'],
  },
  {
    fault: 'delete-noop',
    probe: async (c) => {
      const v2 = createdId((await c.v2Create(c.v2Member())).body);
      const v3 = createdId((await c.v3Create(c.v3Member())).body);
      return [
        await status(c.call('DELETE', c.v2Path(undefined, v2))),
        await status(c.v2Get(v2)),
        await status(c.call('DELETE', c.v3Path(undefined, v3))),
        await status(c.call('GET', c.v3Path(undefined, v3))),
      ];
    },
    correct: [204, 404, 204, 404],
    faulty: [204, 200, 204, 200],
  },
  // v3
  {
    fault: 'v3-limit-upper-off-by-one',
    preload: TEN,
    probe: (c) => status(c.v3List('limit=2001')),
    correct: 400,
    faulty: 200,
  },
  {
    fault: 'v3-limit-max-rejected',
    preload: TEN,
    probe: (c) => status(c.v3List('limit=2000')),
    correct: 200,
    faulty: 400,
  },
  {
    fault: 'v3-limit-negative-accepted',
    preload: TEN,
    probe: async (c) => {
      const reply = await c.v3List('limit=-1');
      return [reply.status, reply.body.members?.length];
    },
    correct: [400, undefined],
    faulty: [200, 10],
  },
  {
    fault: 'v3-limit-lenient-parse',
    preload: TEN,
    probe: (c) => Promise.all(['1.5', 'abc', ''].map((limit) => status(c.v3List(`limit=${limit}`)))),
    correct: [400, 400, 400],
    faulty: [200, 200, 200],
  },
  {
    fault: 'v3-marker-unknown-ignored',
    preload: TEN,
    probe: (c) => status(c.v3List(`limit=3&marker=${randomUUID()}`)),
    correct: 400,
    faulty: 200,
  },
  {
    fault: 'v3-marker-empty-ignored',
    preload: TEN,
    probe: (c) => status(c.v3List('limit=3&marker=')),
    correct: 400,
    faulty: 200,
  },
  {
    fault: 'v3-marker-cross-pool',
    preload: TEN,
    probe: async (c) => {
      const other = await c.v3Create(c.v3Member(), V3_OTHER_POOL);
      return status(c.v3List(`limit=3&marker=${other.body.member?.id}`));
    },
    correct: 400,
    faulty: 200,
  },
  {
    fault: 'v3-marker-without-limit-applied',
    preload: TEN,
    probe: (c) => v3Positions(c, (all) => `marker=${all[6]}`),
    correct: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    faulty: [7, 8, 9],
  },
  {
    fault: 'v3-page-includes-marker',
    preload: TEN,
    probe: async (c) => (await v3Positions(c, (all) => `limit=3&marker=${all[2]}`)).includes(2),
    correct: false,
    faulty: true,
  },
  {
    fault: 'v3-page-skips-one',
    preload: TEN,
    probe: async (c) => (await v3Positions(c, (all) => `limit=3&marker=${all[2]}`)).includes(3),
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-next-marker-on-last-page',
    preload: TEN,
    probe: async (c) => {
      const all = await v3Ids(c);
      return Object.keys((await c.v3List(`limit=20&marker=${all[0]}`)).body.page_info ?? {}).sort();
    },
    correct: ['current_count', 'previous_marker'],
    faulty: ['current_count', 'next_marker', 'previous_marker'],
  },
  {
    fault: 'v3-current-count-total',
    preload: TEN,
    probe: async (c) => (await c.v3List('limit=3')).body.page_info?.current_count,
    correct: 3,
    faulty: 10,
  },
  {
    fault: 'v3-previous-marker-last',
    preload: TEN,
    probe: async (c) => {
      const all = await v3Ids(c);
      return all.indexOf((await c.v3List('limit=3')).body.page_info?.previous_marker ?? '');
    },
    correct: 0,
    faulty: 2,
  },
  {
    fault: 'v3-reverse-page-reversed',
    preload: TEN,
    probe: async (c) => {
      const positions = await v3Positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=true`);
      return positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? 0));
    },
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-reverse-ignored',
    preload: TEN,
    probe: async (c) => (await v3Positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=true`)).sort(),
    correct: [3, 4, 5],
    faulty: [7, 8, 9],
  },
  {
    fault: 'v3-unstable-order',
    preload: { [V3_POOL]: 30 },
    probe: async (c) => {
      const first = await v3Ids(c);
      const again = await Promise.all([v3Ids(c), v3Ids(c), v3Ids(c)]);
      return again.every((order) => order.join() === first.join());
    },
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-filter-last-value-wins',
    preload: TEN,
    probe: async (c) => {
      const [a, b] = (await c.v3List()).body.members ?? [];
      return (await c.v3List(`name=${a?.name}&name=${b?.name}`)).body.members?.length;
    },
    correct: 2,
    faulty: 1,
  },
  {
    fault: 'v3-filter-params-ored',
    preload: TEN,
    probe: async (c) => {
      const [a, ...rest] = (await c.v3List()).body.members ?? [];
      const b = rest.find((m) => m.protocol_port !== a?.protocol_port);
      return (await c.v3List(`name=${a?.name}&protocol_port=${b?.protocol_port}`)).body.members?.length;
    },
    correct: 0,
    faulty: 2,
  },
  {
    fault: 'v3-filter-prefix-match',
    preload: TEN,
    probe: async (c) => {
      const [a] = (await c.v3List()).body.members ?? [];
      return (await c.v3List(`name=${a?.name.slice(0, 3)}`)).body.members?.length !== 0;
    },
    correct: false,
    faulty: true,
  },
  {
    fault: 'v3-filter-case-insensitive',
    preload: TEN,
    probe: async (c) => {
      const [a] = (await c.v3List()).body.members ?? [];
      return (await c.v3List(`name=${a?.name.toUpperCase()}`)).body.members?.length !== 0;
    },
    correct: false,
    faulty: true,
  },
  {
    fault: 'v3-filter-ignores-member-type',
    preload: TEN,
    probe: async (c) =>
      new Set((await c.v3List('member_type=ip')).body.members?.map((m) => m.member_type)).size,
    correct: 1,
    faulty: 2,
  },
  {
    fault: 'v3-filter-after-pagination',
    preload: TEN,
    probe: async (c) => (await c.v3List('ip_version=v6&limit=2')).body.members?.length,
    correct: 2,
    faulty: 0,
  },
  {
    fault: 'v3-pool-leak',
    preload: TEN_AND_ONE,
    probe: async (c) => (await v3Ids(c)).length,
    correct: 10,
    faulty: 11,
  },
  {
    fault: 'v3-unknown-pool-empty',
    probe: (c) => status(c.v3List('', randomUUID())),
    correct: 404,
    faulty: 200,
  },
  {
    fault: 'v3-auth-missing-accepted',
    probe: (c) => status(c.call('GET', c.v3Path(), { token: null })),
    correct: 401,
    faulty: 200,
  },
  {
    fault: 'v3-auth-any-token',
    probe: (c) => status(c.call('GET', c.v3Path(), { token: 'wrong' })),
    correct: 401,
    faulty: 200,
  },
  {
    fault: 'v3-ip-version-always-v4',
    preload: TEN,
    probe: async (c) => [...new Set((await c.v3List()).body.members?.map((m) => m.ip_version))].sort(),
    correct: ['v4', 'v6'],
    faulty: ['v4'],
  },
  {
    fault: 'v3-ip-version-swapped',
    preload: TEN,
    probe: async (c) =>
      (await c.v3List()).body.members
        ?.map((m) => `${m.address.includes(':') ? 6 : 4}:${m.ip_version}`)
        .sort()[0],
    correct: '4:v4',
    faulty: '4:v6',
  },
  {
    fault: 'v3-member-missing-project-id',
    preload: TEN,
    probe: async (c) => (await c.v3List()).body.members?.every((m) => 'project_id' in m),
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-timestamp-millis',
    preload: TEN,
    probe: async (c) => (await c.v3List()).body.members?.every((m) => TIMESTAMP.test(m.created_at)),
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-operating-status-lowercase',
    preload: TEN,
    probe: async (c) =>
      (await c.v3List()).body.members?.every((m) => m.operating_status === m.operating_status.toUpperCase()),
    correct: true,
    faulty: false,
  },
  {
    fault: 'v3-error-neutron-shape',
    probe: async (c) => Object.keys((await c.v3List('limit=5&page_reverse=maybe')).body ?? {}).sort(),
    correct: ['error_code', 'error_msg', 'request_id'],
    faulty: ['NeutronError'],
  },
  {
    fault: 'v3-request-id-missing',
    probe: async (c) => typeof (await c.v3List()).body.request_id,
    correct: 'string',
    faulty: 'undefined',
  },
  {
    fault: 'v3-content-type-text',
    probe: (c) => mime(c.v3List()),
    correct: 'application/json',
    faulty: 'text/plain',
  },
];

/**
 * Probes a fault also changes, because they observe the same behaviour from another side. Every other
 * probe must still see the correct server.
 */
const OVERLAPS: Readonly<Record<string, readonly string[]>> = {
  // a duplicate answered otherwise is what the probe of duplicate-answers-busy looks at, too
  'duplicate-unchecked': [
    'duplicate-race',
    'duplicate-wrong-status',
    'duplicate-stored-anyway',
    'duplicate-answers-busy',
  ],
  'duplicate-wrong-status': [
    'duplicate-unchecked',
    'duplicate-race',
    'duplicate-stored-anyway',
    'duplicate-answers-busy',
  ],
  'create-unwrapped': ['create-missing-operating-status', 'echo-weight-default'],
  'auth-missing-accepted': ['auth-any-token'],
  'auth-any-token': ['auth-missing-accepted'],
  'address-unvalidated': ['address-ipv6-accepted', 'address-subnet-unchecked'],
  'v3-marker-unknown-ignored': ['v3-marker-cross-pool'],
  // the probe of duplicate-across-pools writes to the second pool, whose load balancer this fault keeps busy
  'other-pool-stuck-busy': ['duplicate-across-pools'],
  // every probe that takes a marker from one listing and pages with it in the next
  'v3-unstable-order': [
    'v3-marker-without-limit-applied',
    'v3-page-includes-marker',
    'v3-page-skips-one',
    'v3-next-marker-on-last-page',
    'v3-previous-marker-last',
    'v3-reverse-page-reversed',
    'v3-reverse-ignored',
    'v3-filter-after-pagination',
  ],
};

async function observe(row: FaultRow, faults: string[]): Promise<unknown> {
  const server = await startReferenceServer({ faults, preload: row.preload });
  try {
    return await row.probe(new Client(server, false));
  } finally {
    await server.close();
  }
}

test.describe('fault modes', () => {
  test('the table has exactly one row per fault, and each fault has a description', () => {
    expect(FAULT_ROWS.map((r) => r.fault).sort()).toEqual(FAULTS.map((f) => f.name).sort());
    for (const f of FAULTS) expect(f.description.length, f.name).toBeGreaterThan(10);
  });

  test('an unknown fault is refused with the known ones listed', async () => {
    await expect(startReferenceServer({ faults: ['weight-upper-off-by-one', 'nope'] })).rejects.toThrow(
      /unknown fault "nope".*known faults: .*weight-upper-off-by-one/,
    );
  });

  for (const row of FAULT_ROWS) {
    test(`${row.fault} changes what it names`, async () => {
      expect(await observe(row, []), 'the correct server').toEqual(row.correct);
      expect(await observe(row, [row.fault]), `the server with ${row.fault}`).toEqual(row.faulty);
    });

    test(`${row.fault} leaves every other probe correct`, async () => {
      test.setTimeout(120_000);
      const others = FAULT_ROWS.filter((o) => o !== row && !(OVERLAPS[row.fault] ?? []).includes(o.fault));
      const seen = await Promise.all(
        others.map(async (o) => [o.fault, await observe(o, [row.fault])] as const),
      );
      const changed = seen
        .filter(([, value], i) => !isDeepStrictEqual(value, others[i]?.correct))
        .map(([f]) => f);
      expect(changed, `probes changed by ${row.fault}`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// npm run serve

interface Spawned {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function spawnServe(command: string, args: string[], env: Record<string, string | undefined>): Spawned {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: undefined,
      REFERENCE_FAULTS: undefined,
      REFERENCE_CHOICES: undefined,
      REFERENCE_PRELOAD: undefined,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so npx, tsx and node can be stopped together
  });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const parts = stdout.split('\n');
    stdout = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exit };
}

async function untilReady(s: Spawned): Promise<Record<string, string>> {
  const deadline = Date.now() + 30_000;
  while (!s.lines.includes('ready')) {
    if (Date.now() > deadline || s.child.exitCode !== null) throw new Error(`not ready: ${s.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = s.lines.slice(0, s.lines.indexOf('ready'));
  return Object.fromEntries(
    before.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function stopGroup(s: Spawned, signal: NodeJS.Signals): void {
  if (s.child.pid !== undefined && s.child.exitCode === null) {
    try {
      process.kill(-s.child.pid, signal);
    } catch {
      // already gone
    }
  }
}

const TSX_DIRECT: [string, string[]] = [
  process.execPath,
  ['--import', 'tsx', 'reference-server/src/main.ts'],
];

test.describe('npm run serve', () => {
  test('prints the TARGET_* lines and ready, then serves with that token', async () => {
    test.setTimeout(60_000);
    const serve = spawnServe('npx', ['tsx', 'reference-server/src/main.ts'], {
      REFERENCE_TOKEN: 'serve-token',
      REFERENCE_PRELOAD: `${V3_POOL}=5`,
    });
    try {
      const env = await untilReady(serve);
      const server = await startReferenceServer();
      const expectedKeys = Object.keys(targetEnv(server)).sort();
      await server.close();
      expect(Object.keys(env).sort()).toEqual(expectedKeys);
      expect(env.TARGET_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env.TARGET_TOKEN).toBe('serve-token');
      expect(env.TARGET_PROFILE).toBe('huawei');
      const url = `${env.TARGET_URL}/v3/${env.TARGET_PROJECT_ID}/elb/pools/${env.TARGET_V3_POOL_ID}/members`;
      const ok = await fetch(url, { headers: { 'x-auth-token': 'serve-token' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as V3List).members).toHaveLength(5);
      expect((await fetch(url, { headers: { 'x-auth-token': 'reference-token' } })).status).toBe(401);
    } finally {
      stopGroup(serve, 'SIGTERM');
      await serve.exit;
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`closes cleanly with exit code 0 on ${signal}`, async () => {
      const serve = spawnServe(...TSX_DIRECT, {});
      try {
        await untilReady(serve);
      } finally {
        serve.child.kill(signal);
      }
      expect(await serve.exit).toBe(0);
    });
  }

  test('REFERENCE_FAULTS=nope exits 2 with a message naming REFERENCE_FAULTS', async () => {
    test.setTimeout(60_000);
    const serve = spawnServe('npx', ['tsx', 'reference-server/src/main.ts'], { REFERENCE_FAULTS: 'nope' });
    expect(await serve.exit).toBe(2);
    expect(serve.stderr()).toMatch(/REFERENCE_FAULTS.*"nope"/);
    expect(serve.lines).toEqual([]);
  });

  const badSettings: [string, string][] = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['REFERENCE_PRELOAD', 'no-such-pool=5'],
    ['REFERENCE_PRELOAD', `${V3_POOL}=many`],
    ['REFERENCE_FAULTS', 'weight-upper-off-by-one,also-nope'],
  ];
  for (const [variable, value] of badSettings) {
    test(`${variable}=${value} exits 2 with a one-line message naming ${variable}`, async () => {
      const serve = spawnServe(...TSX_DIRECT, { [variable]: value });
      expect(await serve.exit).toBe(2);
      expect(serve.stderr().trim().split('\n')).toHaveLength(1);
      expect(serve.stderr()).toContain(variable);
    });
  }
});
