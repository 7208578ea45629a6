import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from '@playwright/test';
import { BUSY_MS } from '../../reference-server/src/busy';
import { serveConfigFromEnv } from '../../reference-server/src/config';
import {
  CHOICES,
  DEFAULTS,
  startReferenceServer,
  type NoiseSettings,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../reference-server/src/index';

/*
 * The reference server's choices: legitimate alternatives docs/readings.md leaves open. One row per choice proves
 * that it changes the behaviour it names and no other row's; then the precedence rules, the details that a
 * row cannot show, every choice at once still being a correct server, and REFERENCE_CHOICES.
 */

test.describe.configure({ mode: 'parallel' });

const ROOT = path.resolve(__dirname, '../..');
/** The latency choice at 5 ms: the rows and flows below would take minutes at its default (its own row uses 300). */
const FAST_NOISE: Partial<NoiseSettings> = { latencyMs: 5 };
const MiB = 1024 * 1024;
const V3_POOL = DEFAULTS.v3PoolId;
const TEN = { [V3_POOL]: 10 };

interface Member {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  subnet_cidr_id?: string | null;
  ip_version?: string;
  member_type?: string;
  operating_status: string;
  [field: string]: unknown;
}
interface PageInfo {
  previous_marker?: string;
  next_marker?: string;
  current_count: number;
}
interface Body {
  member?: Member;
  members?: Member[];
  page_info?: PageInfo;
  [field: string]: unknown;
}
interface Reply {
  status: number;
  /** The Retry-After header, when there is one. */
  retryAfter?: string;
  /** content-type without parameters */
  mime: string;
  /** content-type as sent */
  contentType: string;
  text: string;
  /** the parsed body; {} when it is not JSON */
  body: Body;
}
type Fields = Record<string, unknown>;

/** How long a Retry-After asks for (seconds or an HTTP date), at most 1 s here. */
const retryWaitMs = (retryAfter: string): number =>
  Math.min(1000, /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now());

class Client {
  private hosts = 0;
  /** How many refusals (429, or 503 with Retry-After) this client waited out and repeated the request for. */
  refusals = 0;

  constructor(readonly server: ReferenceServer) {}

  get d(): ReferenceServer['defaults'] {
    return this.server.defaults;
  }

  async call(
    method: string,
    target: string,
    options: { body?: unknown; raw?: string; token?: string | null; retry?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = options.token === undefined ? this.d.token : options.token;
    if (token !== null) headers['x-auth-token'] = token;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    let res = await fetch(`${this.server.url}${target}`, { method, headers, body });
    // Like any client of a rate-limited API (and the suite): wait as asked, then send the same request again.
    for (let retries = 0; options.retry !== false && retries < 4; retries++) {
      const retryAfter = res.headers.get('retry-after');
      if ((res.status !== 429 && res.status !== 503) || retryAfter === null) break;
      this.refusals++;
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryWaitMs(retryAfter))));
      res = await fetch(`${this.server.url}${target}`, { method, headers, body });
    }
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const mime = contentType.split(';')[0]?.trim() ?? '';
    let parsed: Body = {};
    try {
      parsed = JSON.parse(text) as Body;
    } catch {
      // not JSON
    }
    const retryAfter = res.headers.get('retry-after');
    return {
      status: res.status,
      mime,
      contentType,
      text,
      body: parsed,
      ...(retryAfter === null ? {} : { retryAfter }),
    };
  }

  v2Path(pool = this.d.v2PoolId, member?: string): string {
    return `/v2.0/lbaas/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  v3Path(pool = this.d.v3PoolId, member?: string): string {
    return `/v3/${this.d.projectId}/elb/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  /** Addresses from the start of the ranges, where a client allocating addresses begins. */
  private host(): string {
    const n = this.hosts++;
    return `${128 + Math.floor(n / 254)}.${1 + (n % 254)}`;
  }

  v2Member(overrides: Fields = {}): Fields {
    return {
      address: `192.168.${this.host()}`,
      protocol_port: 80,
      subnet_id: this.d.v2SubnetId,
      ...overrides,
    };
  }

  v3Member(overrides: Fields = {}): Fields {
    return {
      address: `120.10.${this.host()}`,
      protocol_port: 80,
      subnet_cidr_id: this.d.v3SubnetId,
      ...overrides,
    };
  }

  v2Create(member: Fields, pool?: string): Promise<Reply> {
    return this.call('POST', this.v2Path(pool), { body: { member } });
  }

  v3Create(member: Fields, pool?: string): Promise<Reply> {
    return this.call('POST', this.v3Path(pool), { body: { member } });
  }

  v3List(query = '', pool?: string): Promise<Reply> {
    return this.call('GET', `${this.v3Path(pool)}${query === '' ? '' : `?${query}`}`);
  }

  async v2All(pool?: string): Promise<Member[]> {
    return (await this.call('GET', this.v2Path(pool))).body.members ?? [];
  }

  async v3All(query = '', pool?: string): Promise<Member[]> {
    return (await this.v3List(query, pool)).body.members ?? [];
  }
}

async function withServer<T>(options: ReferenceServerOptions, use: (c: Client) => Promise<T>): Promise<T> {
  const server = await startReferenceServer(options);
  try {
    return await use(new Client(server));
  } finally {
    await server.close();
  }
}

const ids = (members: readonly { id: string }[]): string[] => members.map((m) => m.id);
const isSortedById = (list: readonly string[]): boolean =>
  list.every((id, i) => i === 0 || (list[i - 1] ?? '') < id);

/** Positions in the unfiltered, unpaginated listing of the members a query returns. */
async function positions(c: Client, query: (all: string[]) => string): Promise<number[]> {
  const all = ids(await c.v3All());
  return ids(await c.v3All(query(all))).map((id) => all.indexOf(id));
}

/** Walks forward with `limit` until a page has no next_marker; returns the pages. */
async function walkForward(c: Client, limit: number, filter = ''): Promise<Member[][]> {
  const pages: Member[][] = [];
  let marker: string | undefined;
  do {
    const query = [filter, `limit=${limit}`, marker ? `marker=${marker}` : ''].filter(Boolean).join('&');
    const reply = await c.v3List(query);
    expect(reply.status, query).toBe(200);
    pages.push(reply.body.members ?? []);
    marker = reply.body.page_info?.next_marker;
    expect(pages.length).toBeLessThan(1000);
  } while (marker);
  return pages;
}

/** Walks back from `marker` with page_reverse=true until a page is empty or short (§5); returns the pages. */
async function walkBack(
  c: Client,
  limit: number,
  marker: string | undefined,
  filter = '',
): Promise<Member[][]> {
  const pages: Member[][] = [];
  while (marker) {
    const reply = await c.v3List(
      [filter, `limit=${limit}&marker=${marker}&page_reverse=true`].filter(Boolean).join('&'),
    );
    expect(reply.status).toBe(200);
    const members = reply.body.members ?? [];
    if (members.length > 0) pages.push(members);
    if (members.length < limit) break;
    marker = reply.body.page_info?.previous_marker;
  }
  return pages;
}

/** Walks forward, then back from the last page: true when the back walk visits the same pages in reverse. */
async function walksAgree(c: Client, limit: number, filter = ''): Promise<boolean> {
  const forward = await walkForward(c, limit, filter);
  const back = await walkBack(c, limit, forward.at(-1)?.[0]?.id, filter);
  return isDeepStrictEqual(back, forward.slice(0, -1).reverse());
}

const V2_FIELDS = new Set([
  'id',
  'tenant_id',
  'name',
  'address',
  'protocol_port',
  'subnet_id',
  'admin_state_up',
  'weight',
  'operating_status',
]);
const V3_FIELDS = new Set([
  'id',
  'name',
  'project_id',
  'address',
  'protocol_port',
  'weight',
  'admin_state_up',
  'subnet_cidr_id',
  'operating_status',
  'ip_version',
  'status',
  'loadbalancer_id',
  'loadbalancers',
  'created_at',
  'updated_at',
  'member_type',
  'instance_id',
]);
/** The undocumented fields the members carry, across all of them. */
const extraFields = (members: readonly (Member | undefined)[], known: ReadonlySet<string>): string[] =>
  [...new Set(members.flatMap((m) => Object.keys(m ?? {}).filter((k) => !known.has(k))))].sort();

/** How the members spell subnet_cidr_id. */
const subnetSpellings = (members: readonly Member[]): string[] => [
  ...new Set(
    members
      .map((m) =>
        'subnet_cidr_id' in m ? typeof m.subnet_cidr_id + ':' + JSON.stringify(m.subnet_cidr_id) : 'absent',
      )
      .map((s) => (s.startsWith('string:"') && s !== 'string:""' ? 'string:<id>' : s)),
  ),
];

const v2ErrorReply = async (c: Client): Promise<unknown> => {
  const reply = await c.v2Create(c.v2Member({ weight: -1 }));
  return [reply.status, Object.keys(reply.body).sort()];
};

/** How IP-as-a-backend members (`ip`) and the others (`instance`) spell subnet_cidr_id. */
const ipMemberProbe = async (c: Client): Promise<unknown> => {
  const created = (await c.v3Create({ address: '203.0.113.9', protocol_port: 80 })).body.member;
  const back = (await c.call('GET', c.v3Path(undefined, created?.id))).body.member;
  // By filter rather than by member_type, which v3-member-type-absent leaves out.
  const ip = await c.v3All('member_type=ip');
  return {
    ip: subnetSpellings([created, back, ...ip].filter((m): m is Member => m !== undefined)),
    instance: subnetSpellings(await c.v3All('member_type=instance')),
  };
};

/** operating_status of a new v2.0 member: in the create answer, read back, and read through v3. */
const operatingStatusProbe = async (c: Client): Promise<unknown> => {
  const created = (await c.v2Create(c.v2Member())).body.member;
  const v2 = (await c.call('GET', c.v2Path(undefined, created?.id))).body.member;
  const v3 = (await c.call('GET', c.v3Path(c.d.v2PoolId, created?.id))).body.member;
  return [created?.operating_status, v2?.operating_status, v3?.operating_status];
};

/** The statuses of v2.0 creates with these field overrides, one after the other. */
const v2Statuses = async (c: Client, overrides: readonly Fields[]): Promise<number[]> => {
  const statuses: number[] = [];
  for (const fields of overrides) statuses.push((await c.v2Create(c.v2Member(fields))).status);
  return statuses;
};

const v3Statuses = async (c: Client, queries: readonly string[]): Promise<number[]> =>
  Promise.all(queries.map(async (query) => (await c.v3List(query)).status));

interface ChoiceRow {
  readonly choice: string;
  readonly preload?: Record<string, number>;
  /** The noise settings (default FAST_NOISE). */
  readonly noise?: Partial<NoiseSettings>;
  /** Sends the request(s) and returns what it saw. */
  readonly probe: (c: Client) => Promise<unknown>;
  /** What the default server shows. */
  readonly standard: unknown;
  /** What the server with only this choice shows. */
  readonly chosen: unknown;
}

const CHOICE_ROWS: ChoiceRow[] = [
  {
    choice: 'v2-error-native-shape',
    probe: v2ErrorReply,
    standard: [400, ['NeutronError']],
    chosen: [400, ['error_code', 'error_msg', 'request_id']],
  },
  {
    choice: 'v2-error-octavia-shape',
    probe: v2ErrorReply,
    standard: [400, ['NeutronError']],
    chosen: [400, ['debuginfo', 'faultcode', 'faultstring']],
  },
  {
    choice: 'v2-operating-status-online',
    probe: operatingStatusProbe,
    standard: ['NO_MONITOR', 'NO_MONITOR', 'NO_MONITOR'],
    chosen: ['ONLINE', 'ONLINE', 'ONLINE'],
  },
  {
    choice: 'v2-create-answers-offline',
    probe: operatingStatusProbe,
    standard: ['NO_MONITOR', 'NO_MONITOR', 'NO_MONITOR'],
    chosen: ['OFFLINE', 'NO_MONITOR', 'NO_MONITOR'],
  },
  {
    choice: 'extra-fields',
    probe: async (c) => {
      const v2 = await c.v2Create(c.v2Member());
      const v2Back = (await c.call('GET', c.v2Path(undefined, v2.body.member?.id))).body.member;
      const v3 = (await c.v3Create(c.v3Member())).body.member;
      const v3Back = (await c.call('GET', c.v3Path(undefined, v3?.id))).body.member;
      return [
        v2.status,
        extraFields([v2.body.member], V2_FIELDS),
        extraFields([v2Back, ...(await c.v2All())], V2_FIELDS),
        extraFields([v3, v3Back, ...(await c.v3All())], V3_FIELDS),
      ];
    },
    standard: [201, [], [], []],
    chosen: [
      201,
      ['backup', 'monitor_port', 'provisioning_status'],
      ['backup', 'monitor_port', 'provisioning_status'],
      ['backup', 'monitor_port', 'provisioning_status'],
    ],
  },
  {
    choice: 'v2-unknown-fields-400',
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const statuses = await v2Statuses(c, [{ weight: 101 }, { color: 'blue', backup: true }]);
      return [...statuses, (await c.v2All()).length - before];
    },
    standard: [400, 201, 1],
    chosen: [400, 400, 0],
  },
  {
    choice: 'v2-ipv4-other-spellings',
    // 010 is octal 8: they spell 192.168.8.7, 192.168.129.8, 192.168.129.7 and 10.0.0.1 (outside the subnet).
    probe: (c) =>
      v2Statuses(c, [
        { address: '192.168.010.7' },
        { address: '0xc0.0xa8.0x81.0x8' },
        { address: '192.168.33031' },
        { address: '10.1' },
        { address: '192.168.8.7' },
      ]),
    standard: [400, 400, 400, 400, 201],
    chosen: [201, 201, 201, 400, 409],
  },
  {
    choice: 'subnet-reserved-addresses-400',
    // One v2.0 create (the gateway), the rest through v3, where no load balancer gets busy.
    probe: async (c) => [
      ...(await v2Statuses(c, [{ address: '192.168.0.1' }])),
      ...(await Promise.all(
        [
          ['120.10.0.0', c.d.v3SubnetId],
          ['120.10.0.1', c.d.v3SubnetId],
          ['120.10.255.255', c.d.v3SubnetId],
          ['120.10.0.2', c.d.v3SubnetId],
          ['2001:db8:a583::', c.d.v3Subnet6Id],
          ['2001:db8:a583::1', c.d.v3Subnet6Id],
          ['2001:db8:a583:ffff:ffff:ffff:ffff:ffff', c.d.v3Subnet6Id],
        ].map(
          async ([address, subnet]) =>
            (await c.v3Create({ address, protocol_port: 80, subnet_cidr_id: subnet })).status,
        ),
      )),
    ],
    standard: [201, 201, 201, 201, 201, 201, 201, 201],
    chosen: [400, 400, 400, 400, 201, 400, 400, 201],
  },
  {
    choice: 'v2-name-length-bytes',
    // 128 two-byte characters: 128 characters, 256 bytes.
    probe: (c) => v2Statuses(c, [{ name: 'x'.repeat(256) }, { name: 'é'.repeat(128) }]),
    standard: [400, 201],
    chosen: [400, 400],
  },
  {
    choice: 'v2-order-by-id',
    preload: { [DEFAULTS.v2PoolId]: 10 },
    probe: async (c) => {
      const all = ids(await c.v2All());
      const paged: Member[] = [];
      for (let marker = ''; paged.length < 100;) {
        const page = (await c.call('GET', `${c.v2Path()}?limit=3${marker}`)).body.members ?? [];
        paged.push(...page);
        if (page.length < 3) break;
        marker = `&marker=${page[2]?.id}`;
      }
      return [isSortedById(all), ids(paged).join() === all.join()];
    },
    standard: [false, true],
    chosen: [true, true],
  },
  {
    choice: 'content-type-charset',
    probe: async (c) =>
      (
        await Promise.all([
          c.call('GET', c.v2Path()),
          c.v2Create(c.v2Member({ weight: -1 })),
          c.v3List(),
          c.v3List('limit=abc'),
          c.call('GET', '/elsewhere'),
        ])
      ).map((r) => `${r.status} ${r.contentType}`),
    standard: [
      '200 application/json',
      '400 application/json',
      '200 application/json',
      '400 application/json',
      '404 application/json',
    ],
    chosen: [
      '200 application/json; charset=UTF-8',
      '400 application/json; charset=UTF-8',
      '200 application/json; charset=UTF-8',
      '400 application/json; charset=UTF-8',
      '404 application/json; charset=UTF-8',
    ],
  },
  {
    choice: 'unknown-subnet-404',
    probe: (c) =>
      Promise.all(
        [{ subnet_id: randomUUID() }, { subnet_id: c.d.v3Subnet6Id }, { weight: 101 }].map(
          async (overrides) => (await c.v2Create(c.v2Member(overrides))).status,
        ),
      ),
    standard: [400, 400, 400],
    chosen: [404, 400, 400],
  },
  {
    choice: 'body-limit-400',
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const v2 = await c.v2Create(c.v2Member({ padding: 'x'.repeat(MiB) }));
      const v3 = await c.call('POST', c.v3Path(), { raw: 'x'.repeat(2 * MiB) });
      return [v2.status, v3.status, (await c.v2All()).length - before];
    },
    standard: [413, 413, 0],
    chosen: [400, 400, 0],
  },
  {
    choice: 'gateway-401-plain',
    noise: { ...FAST_NOISE, refusedForever: 'refused-always' },
    probe: (c) =>
      Promise.all(
        [
          c.call('GET', c.v2Path(), { token: null }),
          c.call('POST', c.v2Path(), { token: 'wrong', body: { member: c.v2Member() } }),
          c.call('GET', c.v3Path(), { token: null }),
          c.call('GET', '/elsewhere', { token: 'wrong' }),
          c.call('GET', `${c.v2Path()}?refused-always`, { retry: false }),
          c.call('GET', `${c.v3Path()}?refused-always`, { retry: false }),
        ].map(async (reply) => {
          const r = await reply;
          return `${r.status} ${r.mime} ${r.mime === 'application/json' ? 'json' : r.text}`;
        }),
      ),
    standard: [
      ...Array<string>(4).fill('401 application/json json'),
      ...Array<string>(2).fill('429 application/json json'),
    ],
    chosen: [
      ...Array<string>(4).fill('401 text/plain Unauthorized'),
      ...Array<string>(2).fill('429 text/plain Too Many Requests'),
    ],
  },
  {
    choice: 'busy-after-write',
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const first = await c.v2Create(c.v2Member());
      const second = await c.v2Create(c.v2Member());
      const invalid = await c.v2Create(c.v2Member({ weight: -1 }));
      await new Promise((resolve) => setTimeout(resolve, BUSY_MS + 50));
      const third = await c.v2Create(c.v2Member());
      const removed = await c.call('DELETE', c.v2Path(undefined, third.body.member?.id));
      const duplicate = await c.v2Create(c.v2Member({ address: first.body.member?.address }));
      return [
        [first.status, second.status, invalid.status, third.status, removed.status, duplicate.status],
        /is immutable|invalid state PENDING_/i.test(second.text + duplicate.text),
        (await c.v2All()).length - before,
      ];
    },
    standard: [[201, 201, 400, 201, 204, 409], false, 2],
    chosen: [[201, 409, 400, 201, 409, 409], true, 2],
  },
  {
    choice: 'foreign-members',
    probe: async (c) => [
      (await c.v2All(c.d.v2PoolId)).length,
      (await c.v2All(c.d.v2OtherPoolId)).length,
      (await c.v3All('', c.d.v3PoolId)).length,
      (await c.v3All('', c.d.v3OtherPoolId)).length,
    ],
    standard: [0, 0, 0, 0],
    chosen: [25, 25, 25, 25],
  },
  {
    choice: 'rate-limit',
    // What a client sees of 19 requests when it repeats each refused one at once: every 7th request refused,
    // 429 and 503 in turn, the third refusal refused again on its retry. A retrying client's rows (every other
    // row) are unchanged: the refused requests changed nothing.
    probe: async (c) => {
      const seen: string[] = [];
      for (let i = 0; i < 19; i++) {
        const chain: string[] = [];
        while (chain.length < 5) {
          const reply = await c.call('GET', c.v2Path(undefined, `probe-${i}`), { retry: false });
          const after = reply.retryAfter;
          if (after === undefined) break;
          chain.push(`${reply.status} ${/^\d+$/.test(after) ? 's' : 'date'}`);
        }
        seen.push([...chain, 'answered'].join(' > '));
      }
      return seen;
    },
    standard: Array<string>(19).fill('answered'),
    chosen: [
      ...Array<string>(6).fill('answered'),
      '429 s > answered',
      ...Array<string>(5).fill('answered'),
      '503 date > answered',
      ...Array<string>(5).fill('answered'),
      '429 s > 503 date > answered',
    ],
  },
  {
    choice: 'latency',
    noise: { latencyMs: 300 },
    // Whether the median of 11 answers took 200 ms or more (REFERENCE_LATENCY_MS 300, give or take a third);
    // the median, as a loaded machine may slow any single answer down.
    probe: async (c) => {
      const durations: number[] = [];
      for (let i = 0; i < 11; i++) {
        const started = Date.now();
        await c.call('GET', c.v2Path());
        durations.push(Date.now() - started);
      }
      return (durations.sort((a, b) => a - b)[5] ?? 0) >= 200;
    },
    standard: false,
    chosen: true,
  },
  {
    choice: 'v3-order-by-id',
    preload: TEN,
    probe: async (c) => {
      const all = ids(await c.v3All());
      return [
        isSortedById(all),
        ids((await walkForward(c, 3)).flat()).join() === all.join(),
        await walksAgree(c, 3),
      ];
    },
    standard: [false, true, true],
    chosen: [true, true, true],
  },
  {
    choice: 'v3-no-timestamps',
    preload: TEN,
    probe: async (c) => {
      const created = (await c.v3Create(c.v3Member())).body.member;
      const members = [created, ...(await c.v3All())].filter((m): m is Member => m !== undefined);
      return [...new Set(members.map((m) => ['created_at', 'updated_at'].filter((k) => k in m).join()))];
    },
    standard: ['created_at,updated_at'],
    chosen: [''],
  },
  {
    choice: 'v3-member-type-absent',
    preload: TEN,
    probe: async (c) => {
      const made = [
        (await c.v3Create(c.v3Member())).body.member,
        (await c.v3Create({ address: '203.0.113.9', protocol_port: 80 })).body.member,
      ];
      const members = [...made, ...(await c.v3All())].filter((m): m is Member => m !== undefined);
      const fields = new Set(members.map((m) => ['member_type', 'instance_id'].filter((k) => k in m).join()));
      const ip = ids(await c.v3All('member_type=ip'));
      return [[...fields], ip.includes(made[1]?.id ?? '-') && !ip.includes(made[0]?.id ?? '-')];
    },
    standard: [['member_type,instance_id'], true],
    chosen: [[''], true],
  },
  {
    choice: 'v3-all-member-fields',
    preload: TEN,
    probe: async (c) => {
      const instance = (await c.v3Create(c.v3Member())).body.member;
      const listed = await c.v3All();
      const fields = new Set(
        listed.map((m) => ['status', 'loadbalancer_id', 'loadbalancers'].filter((k) => k in m).join()),
      );
      const instanceId = listed.find((m) => m.id === instance?.id)?.instance_id;
      const found =
        typeof instanceId === 'string' && instanceId !== '' ? await c.v3All(`instance_id=${instanceId}`) : [];
      return [
        [...fields],
        /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(String(instanceId)),
        ids(found).join() === instance?.id,
      ];
    },
    standard: [[''], false, false],
    chosen: [['status,loadbalancer_id,loadbalancers'], true, true],
  },
  {
    choice: 'v3-admin-state-reported',
    probe: async (c) => {
      const made = [
        (await c.v3Create(c.v3Member({ admin_state_up: false }))).body.member,
        (await c.v3Create({ address: '203.0.113.9', protocol_port: 80, admin_state_up: true })).body.member,
      ];
      const listed = await c.v3All();
      const off = ids(await c.v3All('admin_state_up=false'));
      return made.map((m) => [
        m?.admin_state_up,
        listed.find((l) => l.id === m?.id)?.admin_state_up,
        off.includes(m?.id ?? '-'),
      ]);
    },
    standard: [
      [false, false, true],
      [true, true, false],
    ],
    chosen: [
      [true, true, false],
      [false, false, true],
    ],
  },
  {
    choice: 'v3-ip-member-subnet-empty',
    preload: TEN,
    probe: ipMemberProbe,
    standard: { ip: ['object:null'], instance: ['string:<id>'] },
    chosen: { ip: ['string:""'], instance: ['string:<id>'] },
  },
  {
    choice: 'v3-ip-member-subnet-absent',
    preload: TEN,
    probe: ipMemberProbe,
    standard: { ip: ['object:null'], instance: ['string:<id>'] },
    chosen: { ip: ['absent'], instance: ['string:<id>'] },
  },
  {
    choice: 'v3-limit-zero-default-page',
    preload: TEN,
    probe: async (c) => {
      const zero = await c.v3List('limit=0');
      return [
        zero.status,
        zero.body.members?.length,
        await positions(c, (all) => `limit=0&marker=${all[6]}`),
      ];
    },
    standard: [200, 0, []],
    chosen: [200, 10, [7, 8, 9]],
  },
  {
    choice: 'v3-reverse-next-marker',
    preload: TEN,
    probe: async (c) => {
      const all = ids(await c.v3All());
      const hasNext = async (query: string): Promise<boolean> =>
        (await c.v3List(query)).body.page_info?.next_marker !== undefined;
      return [
        await hasNext(`limit=3&marker=${all[3]}&page_reverse=true`), // the head of the listing
        await hasNext(`limit=3&marker=${all[6]}&page_reverse=true`),
        await hasNext(`limit=3&marker=${all.at(-4)}`), // the last forward page
      ];
    },
    standard: [false, true, false],
    chosen: [true, true, false],
  },
  {
    choice: 'v3-backward-walk-ends-empty',
    preload: TEN,
    probe: async (c) => [
      await positions(c, (all) => `limit=4&marker=${all[2]}&page_reverse=true`),
      await positions(c, (all) => `limit=4&marker=${all[4]}&page_reverse=true`),
      await positions(c, (all) => `limit=4&marker=${all[0]}&page_reverse=true`),
      await walksAgree(c, 4),
    ],
    standard: [[0, 1], [0, 1, 2, 3], [], true],
    chosen: [[], [0, 1, 2, 3], [], true],
  },
  {
    choice: 'v3-invalid-marker-without-limit-400',
    preload: TEN,
    probe: async (c) => {
      const all = ids(await c.v3All());
      return [
        (await c.v3List('marker=')).status,
        (await c.v3List(`marker=${randomUUID()}`)).status,
        ids(await c.v3All(`marker=${all[5]}`)).join() === all.join(),
        (await c.v3List(`limit=3&marker=${randomUUID()}`)).status,
      ];
    },
    standard: [200, 200, true, 400],
    chosen: [400, 400, true, 400],
  },
  {
    choice: 'v3-page-reverse-any-case',
    preload: TEN,
    probe: async (c) => [
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=True`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=FALSE`),
      await v3Statuses(c, ['limit=3&page_reverse=yes', 'limit=3&page_reverse=true']),
    ],
    standard: [[], [], [400, 200]],
    chosen: [
      [3, 4, 5],
      [7, 8, 9],
      [400, 200],
    ],
  },
  {
    choice: 'v3-filter-value-typed',
    preload: TEN,
    probe: async (c) => [
      ...(await v3Statuses(c, [
        'weight=abc',
        'weight=101',
        'protocol_port=0',
        'admin_state_up=yes',
        'admin_state_up=true&admin_state_up=false',
        'address=10.0.0.',
        'id=not-an-id',
        'subnet_cidr_id=not-an-id',
        'instance_id=not-an-id',
        'operating_status=online',
        'ip_version=4',
        'member_type=ecs',
        'name=any-text&weight=100&protocol_port=65535&address=2001:db8::1&id=00000000-0000-4000-8000-000000000000',
      ])),
      (await c.v3List('weight=abc')).body.error_code ?? null,
    ],
    standard: [...Array<number>(13).fill(200), null],
    chosen: [...Array<number>(12).fill(400), 200, 'ELB.8902'],
  },
  {
    choice: 'v3-enterprise-project-id-400',
    preload: TEN,
    probe: async (c) => [
      ...(await v3Statuses(c, ['enterprise_project_id=0', 'enterprise_project_id=all_granted_eps'])),
      (await c.v3List('enterprise_project_id=0')).body.error_code ?? null,
    ],
    standard: [200, 200, null],
    chosen: [400, 400, 'ELB.8902'],
  },
];

/** Rows whose probe a choice also changes, because both watch the same behaviour. */
const OVERLAPS: Readonly<Record<string, readonly string[]>> = {
  'v2-operating-status-online': ['v2-create-answers-offline'],
  'v2-create-answers-offline': ['v2-operating-status-online'],
  'v2-error-native-shape': ['v2-error-octavia-shape'],
  'v2-error-octavia-shape': ['v2-error-native-shape'],
  'v3-ip-member-subnet-empty': ['v3-ip-member-subnet-absent'],
  'v3-ip-member-subnet-absent': ['v3-ip-member-subnet-empty'],
};

const observe = (row: ChoiceRow, choices: string[]): Promise<unknown> =>
  withServer({ choices, preload: row.preload, noise: row.noise ?? FAST_NOISE }, row.probe);

test.describe('choices', () => {
  test('the table has exactly one row per choice; each description is one sentence: what, then why it conforms', () => {
    expect(CHOICE_ROWS.map((r) => r.choice).sort()).toEqual(CHOICES.map((c) => c.name).sort());
    for (const { name, description } of CHOICES) {
      const unquoted = description.replace(/"[^"]*"/g, '""');
      expect(unquoted, `${name}: what it does, a colon, why that conforms`).toMatch(/\S: \S.*\.$/);
      expect(unquoted.match(/\. /g), `${name}: one sentence`).toBeNull();
    }
  });

  test('an unknown choice is refused with the known ones listed', async () => {
    await expect(startReferenceServer({ choices: ['v3-order-by-id', 'nope'] })).rejects.toThrow(
      /unknown choice "nope".*known choices: .*v3-order-by-id/,
    );
  });

  for (const row of CHOICE_ROWS) {
    test(`${row.choice} changes what it names`, async () => {
      expect(await observe(row, []), 'the default server').toEqual(row.standard);
      expect(await observe(row, [row.choice]), `the server with ${row.choice}`).toEqual(row.chosen);
    });

    test(`${row.choice} leaves every other row as the default server has it`, async () => {
      const others = CHOICE_ROWS.filter((o) => o !== row && !(OVERLAPS[row.choice] ?? []).includes(o.choice));
      const seen = await Promise.all(others.map((o) => observe(o, [row.choice])));
      const changed = others.filter((o, i) => !isDeepStrictEqual(seen[i], o.standard)).map((o) => o.choice);
      expect(changed, `rows changed by ${row.choice}`).toEqual([]);
    });
  }
});

test.describe('choice details', () => {
  test('v2-error-native-shape wins over v2-error-octavia-shape', async () => {
    const choices = ['v2-error-octavia-shape', 'v2-error-native-shape'];
    expect(await withServer({ choices }, v2ErrorReply)).toEqual([
      400,
      ['error_code', 'error_msg', 'request_id'],
    ]);
  });

  test('v3-ip-member-subnet-absent wins over v3-ip-member-subnet-empty', async () => {
    const choices = ['v3-ip-member-subnet-empty', 'v3-ip-member-subnet-absent'];
    expect(await withServer({ choices, preload: TEN }, ipMemberProbe)).toEqual({
      ip: ['absent'],
      instance: ['string:<id>'],
    });
  });

  for (const shape of ['v2-error-native-shape', 'v2-error-octavia-shape']) {
    test(`${shape}: every v2.0 error status carries a non-empty message`, async () => {
      await withServer({ choices: [shape] }, async (c) => {
        const replies = [
          await c.v2Create(c.v2Member({ weight: 101 })),
          await c.call('GET', c.v2Path(undefined, randomUUID())),
          await c.call('PUT', c.v2Path()),
          await c.v2Create(c.v2Member({ padding: 'x'.repeat(MiB) })),
          await c.call('GET', c.v2Path(), { token: null }),
        ];
        const member = c.v2Member();
        await c.v2Create(member);
        replies.push(await c.v2Create(member));
        expect(replies.map((r) => r.status)).toEqual([400, 404, 405, 413, 401, 409]);
        for (const { body, mime } of replies) {
          expect(mime).toBe('application/json');
          if (shape === 'v2-error-native-shape') {
            expect(body.error_msg).toEqual(expect.stringMatching(/./));
            expect(body.error_code).toEqual(expect.stringMatching(/^ELB\.\d{4}$/));
          } else {
            expect(body).toEqual({
              faultcode: 'Client',
              faultstring: expect.stringMatching(/./),
              debuginfo: null,
            });
          }
        }
      });
    });
  }

  test('foreign-members: valid members of another team at the top and the start of the ranges, all kinds in v3 pools', async () => {
    await withServer({ choices: ['foreign-members'] }, async (c) => {
      const ranges: Record<string, { top: RegExp; start: RegExp }> = {
        [c.d.v2PoolId]: {
          top: /^192\.168\.255\.(19[2-9]|2[0-4]\d|25[0-4])$/,
          start: /^192\.168\.128\.[2-6]$/,
        },
        [c.d.v3PoolId]: {
          top: /^(120\.10\.255\.(19[2-9]|2[0-4]\d|25[0-4])|2001:db8:a583:6a:ffff:ffff:ffff:ff[0-9a-f]{2})$/,
          start: /^120\.10\.128\.[2-6]$/,
        },
      };
      for (const [pool, { top, start }] of Object.entries(ranges)) {
        const members = await c.v3All('', pool);
        expect(members.map((m) => m.name)).toEqual(
          Array.from({ length: 25 }, (_, i) => `other-team-${i + 1}`),
        );
        expect(members.map((m) => m.protocol_port)).toEqual(Array.from({ length: 25 }, (_, i) => 80 + i));
        for (const [i, m] of members.entries()) expect(m.address, m.name).toMatch(i % 5 === 4 ? start : top);
        expect(new Set(members.map((m) => m.address)).size).toBe(25);
      }
      const kinds = (await c.v3All()).map((m) => `${m.ip_version}/${m.member_type}`);
      expect(new Set(kinds)).toEqual(new Set(['v4/instance', 'v6/instance', 'v4/ip']));
      // the client's usual addresses, from the start of the range, are free
      expect((await c.v2Create(c.v2Member())).status).toBe(201);
      expect((await c.v3Create(c.v3Member())).status).toBe(201);
      // and a foreign pair is a duplicate like any other
      const [foreign] = await c.v2All();
      const again = await c.v2Create({
        address: foreign?.address,
        protocol_port: 80,
        subnet_id: c.d.v2SubnetId,
      });
      expect(again.status).toBe(409);
    });
  });

  test('v3-order-by-id: filtered pages, both ways, stay consistent while members come and go', async () => {
    await withServer({ choices: ['v3-order-by-id'], preload: { [V3_POOL]: 60 } }, async (c) => {
      const check = async (): Promise<void> => {
        const all = ids(await c.v3All());
        // the v2.0 listing reads the pool in creation order, without the id index
        expect(all).toEqual(ids(await c.v2All(V3_POOL)).sort());
        for (const filter of ['', 'member_type=instance&admin_state_up=true', 'ip_version=v6']) {
          const filtered = ids(await c.v3All(filter));
          expect(filtered).toEqual(all.filter((id) => filtered.includes(id)));
          for (const limit of [1, 4, 7]) {
            expect(ids((await walkForward(c, limit, filter)).flat()), `${filter} limit ${limit}`).toEqual(
              filtered,
            );
            expect(await walksAgree(c, limit, filter), `${filter} limit ${limit}`).toBe(true);
          }
        }
        // a marker that a filter leaves out still places the page
        const v4 = ids(await c.v3All('ip_version=v4'));
        const after = ids(await c.v3All(`ip_version=v6&limit=100&marker=${v4[10]}`));
        expect(after).toEqual(ids(await c.v3All('ip_version=v6')).filter((id) => id > (v4[10] ?? '')));
      };
      await check();
      for (let i = 0; i < 5; i++) expect((await c.v3Create(c.v3Member())).status).toBe(201);
      const some = ids(await c.v3All()).filter((_, i) => i % 9 === 4);
      for (const id of some) expect((await c.call('DELETE', c.v3Path(undefined, id))).status).toBe(204);
      await check();
    });
  });

  test('v3-order-by-id: a large preload is ordered once, and a marker deep in it works both ways', async () => {
    await withServer({ choices: ['v3-order-by-id'], preload: { [V3_POOL]: 20_000 } }, async (c) => {
      const all = ids(await c.v3All('limit=2000'));
      expect(isSortedById(all)).toBe(true);
      const deep = all[1234];
      expect(ids(await c.v3All(`limit=3&marker=${deep}`))).toEqual(all.slice(1235, 1238));
      expect(ids(await c.v3All(`limit=3&marker=${deep}&page_reverse=true`))).toEqual(all.slice(1231, 1234));
    });
  });
});

test.describe('every choice at once', () => {
  const ALL = CHOICES.map((ch) => ch.name);

  test('still answers a correct v2.0 create, read-back, list, duplicate and 4xx flow', async () => {
    await withServer({ choices: ALL, noise: FAST_NOISE }, async (c) => {
      const sent = c.v2Member({ name: 'mine', weight: 7, admin_state_up: false });
      const created = await c.v2Create(sent);
      expect(created.status).toBe(201);
      expect(created.mime).toBe('application/json');
      // operating_status may change after the create (v2-create-answers-offline).
      const { operating_status: status, ...member } = created.body.member as Member;
      expect(member).toMatchObject({ ...sent, tenant_id: c.d.projectId, id: expect.stringMatching(/./) });
      expect(status).toEqual(expect.stringMatching(/./));
      expect((await c.call('GET', c.v2Path(undefined, member.id))).body.member).toMatchObject(member);
      const listed = await c.v2All();
      expect(listed).toContainEqual(expect.objectContaining(member));

      const expectError = (reply: Reply, status: number | 'any 4xx'): void => {
        if (status === 'any 4xx') expect(reply.status).toBeGreaterThanOrEqual(400);
        else expect(reply.status).toBe(status);
        expect(reply.status).toBeLessThan(500);
        expect(reply.mime).toBe('application/json');
        expect(reply.body.error_msg).toEqual(expect.stringMatching(/./));
      };
      expectError(await c.v2Create({ ...sent, name: 'again' }), 409);
      expect(await c.v2All()).toEqual(listed);
      for (const bad of [{ weight: 101 }, { protocol_port: 0 }, { address: '2001:db8::1' }, { name: 42 }]) {
        expectError(await c.v2Create(c.v2Member(bad)), 400);
      }
      expectError(await c.v2Create(c.v2Member({ subnet_id: randomUUID() })), 'any 4xx');
      expectError(await c.v2Create(c.v2Member({ padding: 'x'.repeat(MiB) })), 'any 4xx');
      expectError(await c.v2Create(c.v2Member(), randomUUID()), 404);
      expect((await c.call('GET', c.v2Path(), { token: null })).status).toBe(401);
      expect(await c.v2All()).toEqual(listed);
    });
  });

  test('still answers a correct v3 create, list, paging, duplicate and 400 flow', async () => {
    await withServer({ choices: ALL, preload: { [V3_POOL]: 40 }, noise: FAST_NOISE }, async (c) => {
      const sent = [
        c.v3Member({ name: 'v4' }),
        { address: '2001:db8:a583:6a::10', protocol_port: 443, subnet_cidr_id: c.d.v3Subnet6Id },
        { address: '203.0.113.9', protocol_port: 80 },
      ];
      for (const member of sent) {
        const reply = await c.v3Create(member);
        expect(reply.status).toBe(201);
        expect(reply.body.request_id).toEqual(expect.stringMatching(/./));
        expect((await c.call('GET', c.v3Path(undefined, reply.body.member?.id))).body.member).toEqual(
          reply.body.member,
        );
      }
      const list = await c.v3List();
      expect(list.status).toBe(200);
      const all = list.body.members ?? [];
      expect(all).toHaveLength(40 + 25 + 3);
      expect(list.body.page_info?.current_count).toBe(all.length);
      const others = new Set(ids(await c.v3All('', c.d.v3OtherPoolId)));
      // By filter: member_type may be left out (v3-member-type-absent).
      const ipMembers = new Set(ids(await c.v3All('member_type=ip')));
      for (const m of all) {
        for (const field of [
          'id',
          'name',
          'project_id',
          'address',
          'protocol_port',
          'weight',
          'admin_state_up',
        ])
          expect(m, field).toHaveProperty(field);
        if (!ipMembers.has(m.id)) expect(m.subnet_cidr_id).toEqual(expect.stringMatching(/./));
        expect(m.ip_version).toBe(m.address.includes(':') ? 'v6' : 'v4');
        expect(['ONLINE', 'NO_MONITOR', 'OFFLINE']).toContain(m.operating_status);
        for (const stamp of ['created_at', 'updated_at'])
          if (stamp in m) expect(m[stamp]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(others.has(m.id)).toBe(false);
      }

      for (const filter of ['', 'member_type=instance&weight=1&weight=14', 'ip_version=v6']) {
        const filtered = ids(await c.v3All(filter));
        for (const limit of [1, 7, 8]) {
          expect(ids((await walkForward(c, limit, filter)).flat()), `${filter} ${limit}`).toEqual(filtered);
          expect(await walksAgree(c, limit, filter), `${filter} ${limit}`).toBe(true);
        }
      }
      expect(ids(await c.v3All(`marker=${all[5]?.id}`))).toEqual(ids(all));
      expect((await c.v3List('limit=0')).status).toBe(200);

      const expectError = async (reply: Promise<Reply>, status: number, code: string): Promise<void> => {
        const { status: got, body } = await reply;
        expect(got).toBe(status);
        expect(body).toMatchObject({ error_msg: expect.stringMatching(/./), error_code: code });
      };
      await expectError(c.v3Create(sent[0] ?? {}), 409, 'ELB.8907');
      await expectError(c.v3Create(c.v3Member({ weight: 101 })), 400, 'ELB.8902');
      for (const query of ['limit=abc', 'limit=2001', `limit=5&marker=${randomUUID()}`, 'limit=5&marker=']) {
        await expectError(c.v3List(query), 400, 'ELB.8902');
      }
      await expectError(c.v3List('', randomUUID()), 404, 'ELB.8904');
      expect(await c.v3All()).toEqual(all);
    });
  });
});

test.describe('REFERENCE_CHOICES', () => {
  test('serveConfigFromEnv reads a comma-separated list and names REFERENCE_CHOICES on an unknown name', () => {
    const good = serveConfigFromEnv({ REFERENCE_CHOICES: ' extra-fields,,v3-order-by-id , extra-fields' });
    expect(good).toMatchObject({ ok: true, options: { choices: ['extra-fields', 'v3-order-by-id'] } });
    expect(serveConfigFromEnv({})).toMatchObject({ ok: true, options: { choices: [] } });
    const bad = serveConfigFromEnv({ REFERENCE_CHOICES: 'extra-fields,nope' });
    expect(bad).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^REFERENCE_CHOICES: unknown choice "nope"/),
    });
  });

  /** Runs `npm run serve`'s entry point; resolves with its exit code, stdout lines and stderr. */
  function serve(
    env: Record<string, string>,
    whileReady?: (target: Record<string, string>) => Promise<void>,
  ): Promise<{ code: number | null; lines: string[]; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: undefined,
        REFERENCE_FAULTS: undefined,
        REFERENCE_PRELOAD: undefined,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    let pending = '';
    let work = Promise.resolve();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.includes('ready') && whileReady) {
        const target = Object.fromEntries(lines.filter((l) => l.includes('=')).map((l) => l.split('=', 2)));
        work = whileReady(target).finally(() => child.kill('SIGTERM'));
      }
    });
    return new Promise((resolve, reject) =>
      child.on('exit', (code) => work.then(() => resolve({ code, lines, stderr }), reject)),
    );
  }

  test('REFERENCE_CHOICES=nope makes npm run serve exit 2 with one line naming REFERENCE_CHOICES', async () => {
    const { code, lines, stderr } = await serve({ REFERENCE_CHOICES: 'nope' });
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/REFERENCE_CHOICES.*"nope"/);
  });

  test('REFERENCE_CHOICES switches the served choices on', async () => {
    const { code } = await serve({ REFERENCE_CHOICES: 'foreign-members,gateway-401-plain' }, async (t) => {
      const url = `${t.TARGET_URL}/v3/${t.TARGET_PROJECT_ID}/elb/pools/${t.TARGET_V3_POOL_ID}/members`;
      const ok = await fetch(url, { headers: { 'x-auth-token': t.TARGET_TOKEN ?? '' } });
      expect(((await ok.json()) as Body).members).toHaveLength(25);
      const denied = await fetch(url);
      expect([denied.status, await denied.text()]).toEqual([401, 'Unauthorized']);
    });
    expect(code).toBe(0);
  });
});
