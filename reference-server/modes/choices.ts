import { randomUUID } from 'node:crypto';
import { BUSY_MS } from '../src/busy';
import { DEFAULTS } from '../src/defaults';
import type { NoiseSettings } from '../src/noise';
import type { ProbeClient, V2List, V2Member, V3Member } from './probe-client';
import {
  createdId,
  outcome,
  ids,
  isSortedById,
  MiB,
  positions,
  refusedMethods,
  statusOf,
  v2DuplicateStored,
  v2ForeignTenant,
  v2SpelledOutcome,
  v2Statuses,
  v3ForeignProject,
  v3Statuses,
  v2IdAt,
  v2Positions,
  walksAgree,
} from './probes';

/**
 * One row per choice of the reference server: a legitimate alternative to its default behaviour, each a choice
 * docs/readings.md leaves open (§5 "not checked", or a §1 "any 4xx conforms"), so the suite must pass a server
 * that makes it. Unlike faults, any number of them may be on together and the server stays correct. The server
 * reads the names and descriptions from here (src/choices.ts) and plays each choice in src/plays/, where its
 * handler hands over the behaviour it names.
 */
export interface ChoiceRow {
  readonly name: string;
  /** What the server does instead, a colon, then why that conforms: one sentence. */
  readonly description: string;
  /** The API whose answers the choice changes (tests/self/open-choices.spec.ts runs only that one with it). */
  readonly api: 'v2' | 'v3' | 'both';
  /** Choices this one overrides: with both on, the server shows this row's `chosen`. */
  readonly winsOver?: readonly string[];

  // What the server shows (tests/self/reference-server-choices.spec.ts): `probe` sends the request(s) to a
  // server started with `preload` and `noise` and returns what it saw; the default server must show
  // `standard`, the server with only this choice `chosen`, and the server with this choice every other row's
  // `standard`, but for the rows named in `overlaps`, which watch the same behaviour.
  readonly preload?: Readonly<Record<string, number>>;
  /** Noise settings beyond the ones every probe runs with. */
  readonly noise?: Partial<NoiseSettings>;
  readonly probe: (c: ProbeClient) => Promise<unknown>;
  readonly standard: unknown;
  readonly chosen: unknown;
  readonly overlaps?: readonly string[];
}

/** Keeps the literal names of the rows, for the type of a choice's name. */
const choiceTable = <const T extends readonly ChoiceRow[]>(rows: T): T => rows;

const TEN = { [DEFAULTS.v3PoolId]: 10 };
const THREE_V2 = { [DEFAULTS.v2PoolId]: 3 };

/** A pause past the busy spell that busy-after-write puts after each write, for probes that write twice. */
const pastBusy = () => new Promise((resolve) => setTimeout(resolve, BUSY_MS + 50));

/** The undocumented fields the members carry, across all of them. */
const extraFields = (members: readonly (object | undefined)[], known: ReadonlySet<string>): string[] =>
  [...new Set(members.flatMap((m) => Object.keys(m ?? {}).filter((k) => !known.has(k))))].sort();

/** How the members spell subnet_cidr_id. */
const subnetSpellings = (members: readonly V3Member[]): string[] => [
  ...new Set(
    members
      .map((m) =>
        'subnet_cidr_id' in m ? typeof m.subnet_cidr_id + ':' + JSON.stringify(m.subnet_cidr_id) : 'absent',
      )
      .map((s) => (s.startsWith('string:"') && s !== 'string:""' ? 'string:<id>' : s)),
  ),
];

const v2ErrorReply = async (c: ProbeClient): Promise<unknown> => {
  const reply = await c.v2Create(c.v2Member({ weight: -1 }));
  return [reply.status, Object.keys(reply.body).sort()];
};

/** How IP-as-a-backend members (`ip`) and the others (`instance`) spell subnet_cidr_id. */
const ipMemberProbe = async (c: ProbeClient): Promise<unknown> => {
  const created = (await c.v3Create({ address: '203.0.113.9', protocol_port: 80 })).body.member;
  const back = (await c.v3Get(created?.id ?? '')).body.member;
  // By filter rather than by member_type, which v3-member-type-absent leaves out.
  const ip = await c.v3All('member_type=ip');
  return {
    ip: subnetSpellings([created, back, ...ip].filter((m): m is V3Member => m !== undefined)),
    instance: subnetSpellings(await c.v3All('member_type=instance')),
  };
};

/** operating_status of a new v2.0 member: in the create answer, read back, and read through v3. */
const operatingStatusProbe = async (c: ProbeClient): Promise<unknown> => {
  const created = (await c.v2Create(c.v2Member())).body.member;
  const v2 = (await c.v2Get(created?.id ?? '')).body.member;
  const v3 = (await c.v3Get(created?.id ?? '', c.d.v2PoolId)).body.member;
  return [created?.operating_status, v2?.operating_status, v3?.operating_status];
};

const TABLE = choiceTable([
  {
    name: 'v2-error-native-shape',
    description:
      'v2.0 errors come as {"error_msg", "error_code": "ELB.xxxx", "request_id"} (this wins over ' +
      'v2-error-octavia-shape), a shape §1 accepts: "{"error_msg", "error_code"} (the vendor\'s native form)".',
    api: 'v2',
    winsOver: ['v2-error-octavia-shape'],
    overlaps: ['v2-error-octavia-shape'],
    probe: v2ErrorReply,
    standard: [400, ['NeutronError']],
    chosen: [400, ['error_code', 'error_msg', 'request_id']],
  },
  {
    name: 'v2-error-octavia-shape',
    description:
      'v2.0 errors come as {"faultcode", "faultstring", "debuginfo": null}, a shape §1 accepts: ' +
      '"{"faultcode", "faultstring"} (OpenStack Octavia)".',
    api: 'v2',
    overlaps: ['v2-error-native-shape'],
    probe: v2ErrorReply,
    standard: [400, ['NeutronError']],
    chosen: [400, ['debuginfo', 'faultcode', 'faultstring']],
  },
  {
    name: 'v2-operating-status-online',
    description:
      'Members created through v2.0 start ONLINE instead of NO_MONITOR (a value of the v3 enum too), ' +
      'which §5 leaves open: "which operating_status value a new member gets (any non-empty string)".',
    api: 'v2',
    overlaps: ['v2-create-answers-offline'],
    probe: operatingStatusProbe,
    standard: ['NO_MONITOR', 'NO_MONITOR', 'NO_MONITOR'],
    chosen: ['ONLINE', 'ONLINE', 'ONLINE'],
  },
  {
    name: 'extra-fields',
    description:
      'Every v2.0 and v3 member carries undocumented fields too (provisioning_status, backup, monitor_port): ' +
      'an answer must hold every field of the response table, and nothing says it may hold no others.',
    api: 'both',
    probe: async (c) => {
      const v2 = await c.v2Create(c.v2Member());
      const v2Back = (await c.v2Get(v2.body.member?.id ?? '')).body.member;
      const v3 = (await c.v3Create(c.v3Member())).body.member;
      const v3Back = (await c.v3Get(v3?.id ?? '')).body.member;
      const [v2Fields, v3Fields] = await Promise.all([c.documentedFields('v2'), c.documentedFields('v3')]);
      return [
        v2.status,
        extraFields([v2.body.member], v2Fields),
        extraFields([v2Back, ...(await c.v2All())], v2Fields),
        extraFields([v3, v3Back, ...(await c.v3All())], v3Fields),
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
    name: 'v2-unknown-fields-400',
    description:
      'A v2.0 create whose member holds a field the page does not list answers 400 instead of ignoring it: ' +
      'the page lists the fields of member and says nothing of others, so refusing them conforms as well as ' +
      'ignoring them.',
    api: 'v2',
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const statuses = await v2Statuses(c, [{ weight: 101 }, { color: 'blue', backup: true }]);
      return [...statuses, (await c.v2All()).length - before];
    },
    standard: [400, 201, 1],
    chosen: [400, 400, 0],
  },
  {
    name: 'v2-ipv4-other-spellings',
    description:
      'A v2.0 create accepts other spellings of an IPv4 address (leading zeros, hex parts, fewer than four ' +
      'parts, read as inet_aton reads them), checked against the subnet and the duplicates as the address ' +
      'they spell: the page asks for an IPv4 address without naming its spelling, so accepting them conforms ' +
      'as well as refusing them.',
    api: 'v2',
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
    name: 'subnet-reserved-addresses-400',
    description:
      "A v2.0 or v3 create on its subnet's network address, first host address (where the gateway usually " +
      'sits) or IPv4 broadcast address answers 400: the pages only ask that the address be inside the ' +
      'subnet, so refusing these few conforms as well as accepting them.',
    api: 'both',
    // One v2.0 create (the gateway), the rest through v3 at once (busy-after-write refuses all but the first).
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
    name: 'v2-name-length-bytes',
    description:
      'The 255 limit of a v2.0 name and tenant_id counts UTF-8 bytes, not characters: the page gives the ' +
      'limit without saying what it counts, and both counts agree on ASCII, so either conforms.',
    api: 'v2',
    overlaps: ['v2-name-length-utf16'],
    // 128 two-byte characters: 128 characters, 256 bytes.
    probe: (c) => v2Statuses(c, [{ name: 'x'.repeat(256) }, { name: 'é'.repeat(128) }]),
    standard: [400, 201],
    chosen: [400, 400],
  },
  // the input space of the create: names beyond ASCII (docs/readings.md §5)
  {
    name: 'v2-name-length-utf16',
    description:
      'The 255 limit of a v2.0 name and tenant_id counts UTF-16 code units, as a Java or JavaScript length does: ' +
      'the page gives the limit without saying what it counts, and every counting agrees on ASCII, so either ' +
      'conforms.',
    api: 'v2',
    overlaps: ['v2-name-length-bytes'],
    // 128 astral characters: 128 code points, 256 UTF-16 units.
    probe: (c) => v2Statuses(c, [{ name: 'x'.repeat(256) }, { name: '\u{1F600}'.repeat(128) }]),
    standard: [400, 201],
    chosen: [400, 400],
  },
  {
    name: 'v2-name-controls-400',
    description:
      'A v2.0 name with a control character, U+0000 or a lone surrogate answers 400: the page types name ' +
      'String and names no characters, so refusing these conforms as well as keeping them.',
    api: 'v2',
    probe: (c) =>
      v2Statuses(c, [
        { name: 'a\u0000b' },
        { name: 'a\u0007b' },
        { name: 'a\ud800b' },
        { name: 'caf\u00e9' },
      ]),
    standard: [201, 201, 201, 201],
    chosen: [400, 400, 400, 201],
  },
  // v2.0: integers written with a fraction part or an exponent
  {
    name: 'v2-number-spellings-400',
    description:
      'A v2.0 weight or protocol_port written with a fraction part or an exponent (1.0, 1e2) answers 400: the ' +
      'page types both Integer and shows no spelling, so refusing these conforms as well as taking the integer ' +
      'each equals.',
    api: 'v2',
    probe: async (c) => {
      const weight = await v2SpelledOutcome(c, 'weight', '1e2');
      await pastBusy();
      return [weight, await v2SpelledOutcome(c, 'protocol_port', '80.0')];
    },
    standard: [
      ['ok', 100],
      ['ok', 80],
    ],
    chosen: [400, 400],
  },
  {
    name: 'v2-create-answers-offline',
    description:
      'The v2.0 create answers operating_status OFFLINE, while later reads show NO_MONITOR: the page names ' +
      'no value for a new member and a health status may change at any time, so any non-empty one conforms.',
    api: 'v2',
    overlaps: ['v2-operating-status-online'],
    probe: operatingStatusProbe,
    standard: ['NO_MONITOR', 'NO_MONITOR', 'NO_MONITOR'],
    chosen: ['OFFLINE', 'NO_MONITOR', 'NO_MONITOR'],
  },
  {
    name: 'v2-create-200',
    description:
      'A valid v2.0 create answers 200 instead of 201, with the same member body: the page names no status ' +
      'for it ("For details, see Status Codes."), so any 2xx with the member conforms (§5).',
    api: 'v2',
    // Every probe that reads the status of a successful v2.0 create sees 200 instead of its 201.
    overlaps: [
      'extra-fields',
      'v2-unknown-fields-400',
      'v2-ipv4-other-spellings',
      'subnet-reserved-addresses-400',
      'v2-name-length-bytes',
      'v2-name-length-utf16',
      'v2-name-controls-400',
      'busy-after-write',
    ],
    probe: async (c) => {
      const reply = await c.v2Create(c.v2Member());
      return [reply.status, Object.keys(reply.body), createdId(reply.body) !== ''];
    },
    standard: [201, ['member'], true],
    chosen: [200, ['member'], true],
  },
  {
    name: 'v2-order-by-id',
    description:
      'v2.0 listings and their markers follow member id order instead of creation order: no order is ' +
      'documented, only that it stays the same from one request to the next.',
    api: 'v2',
    preload: { [DEFAULTS.v2PoolId]: 10 },
    probe: async (c) => {
      const all = ids(await c.v2All());
      const paged: V2Member[] = [];
      for (let marker = ''; paged.length < 100;) {
        const page = (await c.call<V2List>('GET', `${c.v2Path()}?limit=3${marker}`)).body.members ?? [];
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
    name: 'v2-list-unpaged',
    description:
      'The v2.0 listing does not page: it ignores limit, marker and page_reverse, answers every member and ' +
      'sends no members_links, as Neutron does with its paging turned off; the pages do not document the ' +
      'listing (§2).',
    api: 'v2',
    winsOver: ['v2-list-octavia-paging', 'v2-marker-unknown-404'],
    // v2-order-by-id's probe pages by marker, and so do the other paging choices'.
    overlaps: ['v2-order-by-id', 'v2-list-octavia-paging', 'v2-marker-unknown-404'],
    preload: THREE_V2,
    probe: async (c) => {
      const page = await c.call<V2List>('GET', `${c.v2Path()}?limit=1`);
      return [page.body.members?.length, 'members_links' in page.body];
    },
    standard: [1, true],
    chosen: [3, false],
  },
  {
    name: 'v2-list-filters-ignored',
    description:
      'The v2.0 listing ignores its address, protocol_port and name filters and lists every member: the pages ' +
      'do not document them (§2).',
    api: 'v2',
    preload: THREE_V2,
    probe: async (c) => (await v2Positions(c, 'name=nobody')).length,
    standard: 0,
    chosen: 3,
  },
  {
    name: 'v2-list-octavia-paging',
    description:
      'The v2.0 listing pages as Octavia does: a page read backwards holds the first members before its marker, ' +
      'links carry only limit, marker and page_reverse, a limit below 1 is none, and only page_reverse=True ' +
      'pages back; so does a correct OpenStack target (§2).',
    api: 'v2',
    preload: THREE_V2,
    probe: async (c) => [
      await v2Positions(c, `limit=1&marker=${await v2IdAt(c, 2)}&page_reverse=True`),
      await statusOf(c.call('GET', `${c.v2Path()}?limit=-1`)),
    ],
    standard: [[1], 400],
    chosen: [[0], 200],
  },
  {
    name: 'content-type-charset',
    description:
      'Every JSON answer says Content-Type application/json; charset=UTF-8: the media type is what is asked ' +
      'for, and a charset parameter does not change it.',
    api: 'both',
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
    name: 'unknown-subnet-404',
    description:
      'A v2.0 create naming an unknown subnet_id answers 404 instead of 400: §1 "an unknown subnet is a ' +
      'client error (4xx)".',
    api: 'v2',
    // v2-invalid-member-422's probe sends an unknown subnet.
    overlaps: ['v2-invalid-member-422'],
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
    name: 'gateway-routing',
    description:
      'A method a member path does not offer answers 404 without Allow, and a path with a malformed ' +
      'percent-escape 400, as a gateway that routes by method and path does: §1 "any 4xx conforms".',
    api: 'both',
    probe: async (c) => [
      ...(await refusedMethods(c)),
      await statusOf(c.call('GET', c.v2Path('%zz'))),
      await statusOf(c.call('GET', c.v3Path('%zz'))),
    ],
    standard: [[405, 'GET, POST'], [405, 'GET, DELETE'], [405, 'GET, DELETE'], 404, 404],
    chosen: [[404, null], [404, null], [404, null], 400, 400],
  },
  {
    name: 'body-limit-400',
    description:
      'A request body over 1 MiB answers 400 instead of 413: §1 "A body over 1 MiB: 413 (any 4xx conforms; ' +
      'a 5xx never does)".',
    api: 'both',
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
    name: 'v2-large-body-accepted',
    description:
      'A v2.0 create whose body is over 1 MiB is taken as any other body (its valid member is stored) ' +
      'instead of being refused: the vendor pages set no limit on the size of a request.',
    api: 'v2',
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const reply = await c.call('POST', c.v2Path(), {
        raw: `{"member": ${JSON.stringify(c.v2Member())}${' '.repeat(MiB)}}`,
      });
      const status = outcome(reply.status);
      return [status === 'ok' || status >= 500 ? status : '4xx', (await c.v2All()).length - before];
    },
    standard: ['4xx', 0],
    chosen: ['ok', 1],
    overlaps: ['body-limit-400'],
  },
  {
    name: 'v2-invalid-member-422',
    description:
      'A v2.0 create whose body is JSON but holds no valid member (a value out of range or of the wrong type, ' +
      'a mandatory field missing, an unknown subnet, no member object) answers 422 instead of 400, and one ' +
      'that is not JSON still 400: the page names no status for a refused member, so any 4xx conforms (§5).',
    api: 'v2',
    // Every probe that reads the status of a refused v2.0 member sees 422 instead of its 400.
    overlaps: [
      'v2-error-native-shape',
      'v2-error-octavia-shape',
      'v2-unknown-fields-400',
      'v2-ipv4-other-spellings',
      'v2-name-length-bytes',
      'v2-name-length-utf16',
      'v2-name-controls-400',
      'content-type-charset',
      'unknown-subnet-404',
      'busy-after-write',
      'tenant-id-foreign-403',
    ],
    probe: async (c) => {
      const before = (await c.v2All()).length;
      const members = await v2Statuses(c, [
        { weight: 101 },
        { weight: '5' },
        { protocol_port: 0 },
        { name: 'n'.repeat(256) },
        { admin_state_up: 'true' },
        { address: 'not-an-ip' },
        { address: '10.0.0.1' },
        { subnet_id: randomUUID() },
      ]);
      const bodies = await Promise.all(
        ['{}', '[]', JSON.stringify({ member: null }), 'member: address=192.168.0.1'].map(
          async (raw) => (await c.call('POST', c.v2Path(), { raw })).status,
        ),
      );
      return [...members, ...bodies, (await c.v2All()).length - before];
    },
    standard: [...Array<number>(12).fill(400), 0],
    chosen: [...Array<number>(11).fill(422), 400, 0],
  },
  {
    name: 'v2-duplicate-400',
    description:
      'A v2.0 create of an (address, protocol_port) pair the pool already holds answers 400 instead of 409: ' +
      'the page forbids the duplicate without naming a status, so any 4xx conforms (§5).',
    api: 'v2',
    // busy-after-write's probe ends with a duplicate.
    overlaps: ['busy-after-write'],
    probe: v2DuplicateStored,
    standard: ['ok', 409, 1],
    chosen: ['ok', 400, 1],
  },
  {
    name: 'unknown-pool-400',
    description:
      'A request naming a pool that does not exist (v2.0 and v3) answers 400 instead of 404: the pages name ' +
      'no status for it, so any 4xx conforms (§5).',
    api: 'both',
    // v3-error-code-symbolic's probe reads the error_code of an unknown pool.
    overlaps: ['v3-error-code-symbolic'],
    probe: async (c) => {
      const pool = randomUUID();
      return Promise.all([
        statusOf(c.v2Create(c.v2Member(), pool)),
        statusOf(c.call('GET', c.v2Path(pool))),
        statusOf(c.v3List('', pool)),
        statusOf(c.v3List('limit=1', pool)),
      ]);
    },
    standard: [404, 404, 404, 404],
    chosen: [400, 400, 400, 400],
  },
  {
    name: 'v2-marker-unknown-404',
    description:
      'A v2.0 listing whose marker names no member of the pool answers 404 instead of 400, as Neutron does: ' +
      'the pages name no status for it, so any 4xx conforms (§5).',
    api: 'v2',
    probe: (c) => statusOf(c.call('GET', `${c.v2Path()}?limit=1&marker=${randomUUID()}`)),
    standard: 400,
    chosen: 404,
  },
  {
    name: 'auth-403',
    description:
      'A request without X-Auth-Token or with a token that is not valid answers 403 with a JSON error body ' +
      'instead of 401 (this wins over gateway-401-plain for those refusals): the pages ask for the token ' +
      'without naming the status of a refusal, so any 4xx conforms (§5).',
    api: 'both',
    winsOver: ['gateway-401-plain'],
    overlaps: ['gateway-401-plain'],
    probe: (c) =>
      Promise.all(
        [
          c.call('GET', c.v2Path(), { token: null }),
          c.call('POST', c.v2Path(), { token: 'wrong', body: { member: c.v2Member() } }),
          c.call('GET', c.v3Path(), { token: null }),
          c.call('GET', c.v3Path(), { token: 'wrong' }),
        ].map(async (reply) => {
          const r = await reply;
          return `${r.status} ${r.mime}`;
        }),
      ),
    standard: Array<string>(4).fill('401 application/json'),
    chosen: Array<string>(4).fill('403 application/json'),
  },
  // Ownership: which 4xx refuses another project than the token's
  {
    name: 'tenant-id-foreign-403',
    description:
      "A v2.0 create whose tenant_id names another project than the token's answers 403 instead of 400: the " +
      "page asks for the token's project without naming the status of a refusal, so any 4xx conforms (§5).",
    api: 'v2',
    probe: v2ForeignTenant,
    standard: [400, 0],
    chosen: [403, 0],
  },
  {
    name: 'v3-project-foreign-404',
    description:
      "A v3 request whose path names another project than the token's answers 404, as for a pool not found in " +
      'that project, instead of 403: the page names no status for it, so any 4xx conforms (§5).',
    api: 'v3',
    probe: v3ForeignProject,
    standard: [403, 0],
    chosen: [404, 0],
  },
  {
    name: 'v3-paging-422',
    description:
      'A v3 listing with a limit outside 0..2000 or not an integer, or with limit and a marker that is empty ' +
      'or names no member of the pool, answers 422 instead of 400: the page refuses these values without ' +
      'naming a status, so any 4xx conforms (§5).',
    api: 'v3',
    // The last status of v3-invalid-marker-without-limit-400's probe is an unknown marker with limit, and
    // content-type-charset's probe sends limit=abc.
    overlaps: ['v3-invalid-marker-without-limit-400', 'content-type-charset'],
    probe: (c) =>
      v3Statuses(c, [
        'limit=2001',
        'limit=-1',
        'limit=abc',
        'limit=2&marker=',
        `limit=2&marker=${randomUUID()}`,
        'marker=',
        'limit=2&page_reverse=yes',
      ]),
    standard: [400, 400, 400, 400, 400, 200, 400],
    chosen: [422, 422, 422, 422, 422, 200, 400],
  },
  {
    name: 'v3-error-code-symbolic',
    description:
      'v3 error bodies carry a symbolic error_code (InvalidParameter, NotFound, Conflict, Unauthorized) ' +
      'instead of the ELB.xxxx form: the page shows no error body and names no form of error_code (§5).',
    api: 'v3',
    probe: async (c) => {
      const m = c.v3Member();
      await c.v3Create(m);
      const replies = await Promise.all([
        c.v3List('limit=abc'),
        c.v3List('', randomUUID()),
        c.v3Create(m),
        c.call('GET', c.v3Path(), { token: null }),
      ]);
      return replies.map((r) => (r.body as { error_code?: unknown }).error_code ?? null);
    },
    standard: ['ELB.8902', 'ELB.8904', 'ELB.8907', 'ELB.1001'],
    chosen: ['InvalidParameter', 'NotFound', 'Conflict', 'Unauthorized'],
  },
  {
    name: 'gateway-401-plain',
    description:
      '401 answers carry the text/plain body "Unauthorized", and the 429 refusals the text/plain body "Too ' +
      'Many Requests", as an API gateway in front of the service sends them: only their status (and ' +
      "Retry-After) is read, since their body is the gateway's and not the service's.",
    api: 'both',
    // The probes of auth-403 and v3-error-code-symbolic read a refused token's answer.
    overlaps: ['auth-403', 'v3-error-code-symbolic'],
    noise: { refusedForever: 'refused-always' },
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
    name: 'foreign-members',
    description:
      'Every pool starts with 25 members of another team (other-team-N, ports from 80, addresses from the ' +
      'top of the address ranges but every fifth on the first ones a client takes, IPv6 and IP-as-a-backend ' +
      'ones in v3 pools): §5 "The pool may already hold members that the suite did not create".',
    api: 'both',
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
    name: 'v3-order-by-id',
    description:
      'v3 listings and their markers follow member id order instead of creation order: §5 "Listing order ' +
      'is not prescribed, only that it is the same from one request to the next".',
    api: 'v3',
    preload: TEN,
    probe: async (c) => {
      const all = ids(await c.v3All());
      return [
        isSortedById(all),
        ids((await c.walkForward(3)).flat()).join() === all.join(),
        await walksAgree(c, 3),
      ];
    },
    standard: [false, true, true],
    chosen: [true, true, true],
  },
  {
    name: 'v3-no-timestamps',
    description:
      'v3 members omit created_at and updated_at: §5 "The other Member fields (status, loadbalancer_id, ' +
      'loadbalancers, created_at, updated_at, member_type, instance_id) may be absent".',
    api: 'v3',
    preload: TEN,
    probe: async (c) => {
      const created = (await c.v3Create(c.v3Member())).body.member;
      const members = [created, ...(await c.v3All())].filter((m): m is V3Member => m !== undefined);
      return [...new Set(members.map((m) => ['created_at', 'updated_at'].filter((k) => k in m).join()))];
    },
    standard: ['created_at,updated_at'],
    chosen: [''],
  },
  {
    name: 'v3-member-type-absent',
    description:
      'v3 members omit member_type and instance_id (the filters on them still work): the page documents ' +
      'these fields, but its own example lists members without them, so leaving them out conforms.',
    api: 'v3',
    winsOver: ['v3-all-member-fields'],
    preload: TEN,
    probe: async (c) => {
      const first = (await c.v3Create(c.v3Member())).body.member;
      await pastBusy();
      const made = [first, (await c.v3Create({ address: '203.0.113.9', protocol_port: 80 })).body.member];
      const members = [...made, ...(await c.v3All())].filter((m): m is V3Member => m !== undefined);
      const fields = new Set(members.map((m) => ['member_type', 'instance_id'].filter((k) => k in m).join()));
      const ip = ids(await c.v3All('member_type=ip'));
      return [[...fields], ip.includes(made[1]?.id ?? '-') && !ip.includes(made[0]?.id ?? '-')];
    },
    standard: [['member_type,instance_id'], true],
    chosen: [[''], true],
  },
  {
    name: 'v3-all-member-fields',
    description:
      'v3 members carry status, loadbalancer_id and loadbalancers too, and instance members the id of their ' +
      'cloud server in instance_id (unless v3-member-type-absent leaves it out): the page documents these ' +
      'fields, so showing them with their documented types conforms as well as leaving them out.',
    api: 'v3',
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
    name: 'v3-admin-state-reported',
    description:
      'v3 members report admin_state_up true exactly when a cloud server stands behind them (instance ' +
      'members), whatever the create sent, and the admin_state_up filter matches what is reported: the page ' +
      'says the value depends on whether cloud servers exist, so it need not be the one sent.',
    api: 'v3',
    probe: async (c) => {
      const first = (await c.v3Create(c.v3Member({ admin_state_up: false }))).body.member;
      await pastBusy();
      const made = [
        first,
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
    name: 'v3-ip-member-subnet-empty',
    description:
      'IP-as-a-backend members report subnet_cidr_id "" instead of null: §5 "subnet_cidr_id of an ' +
      'IP-as-a-backend member may be "", null or absent".',
    api: 'v3',
    overlaps: ['v3-ip-member-subnet-absent'],
    preload: TEN,
    probe: ipMemberProbe,
    standard: { ip: ['object:null'], instance: ['string:<id>'] },
    chosen: { ip: ['string:""'], instance: ['string:<id>'] },
  },
  {
    name: 'v3-ip-member-subnet-absent',
    description:
      'IP-as-a-backend members leave subnet_cidr_id out (this wins over v3-ip-member-subnet-empty): §5 ' +
      '"subnet_cidr_id of an IP-as-a-backend member may be "", null or absent".',
    api: 'v3',
    winsOver: ['v3-ip-member-subnet-empty'],
    overlaps: ['v3-ip-member-subnet-empty'],
    preload: TEN,
    probe: ipMemberProbe,
    standard: { ip: ['object:null'], instance: ['string:<id>'] },
    chosen: { ip: ['absent'], instance: ['string:<id>'] },
  },
  {
    name: 'v3-limit-zero-default-page',
    description:
      'limit=0 answers the default page (as limit=2000 would, marker included) instead of an empty one: ' +
      '§5 "limit=0: any 200 with a well-formed body conforms (empty page or default page)".',
    api: 'v3',
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
    name: 'v3-reverse-next-marker',
    description:
      'Every non-empty page_reverse page carries next_marker, the one at the head of the listing too: §5 ' +
      '"Whether a reverse page carries next_marker is not checked".',
    api: 'v3',
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
    name: 'v3-backward-walk-ends-empty',
    description:
      'A page_reverse request with fewer than limit members before its marker answers an empty page ' +
      'instead of those few, so a backward walk always ends on an empty page: §5 "A backward walk ends ' +
      'when a reverse page is empty or holds fewer than limit members; both conform".',
    api: 'v3',
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
    name: 'v3-invalid-marker-without-limit-400',
    description:
      'An empty or unknown marker without limit answers 400 (a valid one is still ignored): §5 "An invalid ' +
      'or empty marker without limit: not checked".',
    api: 'v3',
    // v3-paging-422's probe sends an empty marker without limit.
    overlaps: ['v3-paging-422'],
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
    name: 'v3-page-reverse-any-case',
    description:
      'page_reverse also takes True, FALSE and the other spellings of true and false in any case: the page ' +
      'documents the values true and false, and what a server makes of other spellings is left open.',
    api: 'v3',
    preload: TEN,
    // The probes of v3-page-reverse-only-true and v3-page-reverse-not-false send TRUE and FALSE.
    overlaps: ['v3-page-reverse-only-true', 'v3-page-reverse-not-false'],
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
    name: 'v3-page-reverse-only-true',
    description:
      'page_reverse is true only when it reads exactly true, and any other value (TRUE, yes, maybe) reads as ' +
      'false, the page after the marker: the page documents the values true and false, and what a server makes ' +
      'of other spellings is left open.',
    api: 'v3',
    preload: TEN,
    winsOver: ['v3-page-reverse-any-case', 'v3-page-reverse-words', 'v3-page-reverse-not-false'],
    // The probes of the other page_reverse choices, and v3-paging-422's, send spellings it reads.
    overlaps: [
      'v3-paging-422',
      'v3-page-reverse-any-case',
      'v3-page-reverse-words',
      'v3-page-reverse-not-false',
    ],
    probe: async (c) => [
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=TRUE`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=yes`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=maybe`),
    ],
    standard: [[], [], []],
    chosen: [
      [7, 8, 9],
      [7, 8, 9],
      [7, 8, 9],
    ],
  },
  {
    name: 'v3-page-reverse-not-false',
    description:
      'page_reverse is false only when it reads exactly false, and any other value (FALSE, no, maybe) reads as ' +
      'true, the page before the marker: the page documents the values true and false, and what a server makes ' +
      'of other spellings is left open.',
    api: 'v3',
    preload: TEN,
    winsOver: ['v3-page-reverse-any-case', 'v3-page-reverse-words'],
    // The probes of the other page_reverse choices, and v3-paging-422's, send spellings it reads.
    overlaps: [
      'v3-paging-422',
      'v3-page-reverse-any-case',
      'v3-page-reverse-words',
      'v3-page-reverse-only-true',
    ],
    probe: async (c) => [
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=FALSE`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=no`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=maybe`),
    ],
    standard: [[], [], []],
    chosen: [
      [3, 4, 5],
      [3, 4, 5],
      [3, 4, 5],
    ],
  },
  {
    name: 'v3-page-reverse-words',
    description:
      'page_reverse also takes the words of a lenient boolean parser in any case (1, yes, y, on, t for true; 0, no, ' +
      'n, off, f for false) and refuses any other value: the page documents the values true and false, and what ' +
      'a server makes of other spellings is left open.',
    api: 'v3',
    preload: TEN,
    winsOver: ['v3-page-reverse-any-case'],
    // The probes of the other page_reverse choices, and v3-paging-422's, send spellings it reads.
    overlaps: [
      'v3-paging-422',
      'v3-page-reverse-any-case',
      'v3-page-reverse-only-true',
      'v3-page-reverse-not-false',
    ],
    probe: async (c) => [
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=yes`),
      await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=0`),
      await v3Statuses(c, ['limit=3&page_reverse=maybe']),
    ],
    standard: [[], [], [400]],
    chosen: [[3, 4, 5], [7, 8, 9], [400]],
  },
  {
    name: 'v3-filter-value-typed',
    description:
      'A v3 filter value of the wrong type (weight or protocol_port not an integer in range, admin_state_up ' +
      'not true or false or given twice, address not an IP address, id, subnet_cidr_id or instance_id not a ' +
      'UUID, operating_status, ip_version or member_type not one of their values) answers 400 ELB.8902 ' +
      'instead of matching nothing: the page types each parameter and says nothing of other values, so ' +
      'refusing them conforms as well as matching nothing.',
    api: 'v3',
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
    name: 'v3-filter-ignores-case',
    description:
      'The v3 string filters (name, address, the ids, operating_status, ip_version, member_type) compare ' +
      'ignoring case, as a case-insensitive database collation does: the page says a filter matches the ' +
      "member's value and says nothing of case, so a value that differs only in case may match or not.",
    api: 'v3',
    preload: TEN,
    probe: async (c) => {
      const [a] = (await c.v3List()).body.members ?? [];
      const count = async (query: string) => (await c.v3List(query)).body.members?.length ?? null;
      return [
        await count(`name=${encodeURIComponent(a?.name ?? '')}`),
        await count(`name=${encodeURIComponent(a?.name.toUpperCase() ?? '')}`),
        await count(`name=${encodeURIComponent(a?.name.slice(0, 3) ?? '')}`),
        (await count('operating_status=no_monitor')) === (await count('operating_status=NO_MONITOR')),
      ];
    },
    standard: [1, 0, 0, false],
    chosen: [1, 1, 0, true],
  },
  {
    name: 'v3-limit-empty-as-none',
    description:
      'An empty limit (limit=) is taken as no limit instead of being refused: the page gives limit a type, ' +
      'bounds and a default and, unlike marker, says nothing of a blank value.',
    api: 'v3',
    preload: TEN,
    probe: async (c) => {
      const empty = await c.v3List('limit=');
      return [
        empty.status >= 400 && empty.status < 500 ? '4xx' : empty.status,
        empty.body.members?.length ?? null,
      ];
    },
    standard: ['4xx', null],
    chosen: [200, 10],
  },
  {
    name: 'v3-enterprise-project-id-400',
    description:
      'A v3 listing with enterprise_project_id answers 400 ELB.8902 instead of ignoring it: the page calls ' +
      'the parameter unsupported and asks not to use it, so refusing it conforms as well as ignoring it.',
    api: 'v3',
    preload: TEN,
    probe: async (c) => [
      ...(await v3Statuses(c, ['enterprise_project_id=0', 'enterprise_project_id=all_granted_eps'])),
      (await c.v3List('enterprise_project_id=0')).body.error_code ?? null,
    ],
    standard: [200, 200, null],
    chosen: [400, 400, 'ELB.8902'],
  },
  {
    name: 'busy-after-write',
    description:
      'After each successful create or delete its load balancer is busy for 40 ms (the v2.0 pools share one, ' +
      'each v3 pool has its own), and every write there meanwhile gets 409 with a busy message (v2.0: ' +
      'Octavia\'s "Pool <id> is immutable and cannot be updated." with v2-error-octavia-shape, else ' +
      'Neutron\'s "Invalid state PENDING_UPDATE of loadbalancer resource <id>"; v3: "load balancer <id> is in ' +
      'PENDING_UPDATE: try again later"): §5 "A real cloud may answer 409 to a write while the load balancer ' +
      'is busy".',
    api: 'both',
    // creates sent at once, or one right after another, to one pool: all but the first meet its load balancer busy
    overlaps: ['subnet-reserved-addresses-400', 'v2-name-controls-400'],
    probe: async (c) => {
      const before = [(await c.v2All()).length, (await c.v3All()).length];
      const v2First = await c.v2Create(c.v2Member());
      const v2Second = await c.v2Create(c.v2Member());
      const v2Invalid = await c.v2Create(c.v2Member({ weight: -1 }));
      await pastBusy();
      const v2Third = await c.v2Create(c.v2Member());
      const v2Removed = await c.call('DELETE', c.v2Path(undefined, v2Third.body.member?.id));
      const v2Duplicate = await c.v2Create(c.v2Member({ address: v2First.body.member?.address }));
      const v3First = await c.v3Create(c.v3Member());
      const v3Second = await c.v3Create(c.v3Member());
      const v3Invalid = await c.v3Create(c.v3Member({ weight: -1 }));
      // the other v3 pool's load balancer is not the one this pool's create made busy
      const v3Other = await c.v3Create(c.v3Member(), c.d.v3OtherPoolId);
      await pastBusy();
      const v3Third = await c.v3Create(c.v3Member());
      const v3Removed = await c.call('DELETE', c.v3Path(undefined, v3Third.body.member?.id));
      return [
        [v2First, v2Second, v2Invalid, v2Third, v2Removed, v2Duplicate].map((r) => r.status),
        /is immutable|invalid state PENDING_/i.test(v2Second.text + v2Duplicate.text),
        [v3First, v3Second, v3Invalid, v3Other, v3Third, v3Removed].map((r) => r.status),
        /PENDING_UPDATE/.test(v3Second.text + v3Removed.text),
        [(await c.v2All()).length - (before[0] ?? 0), (await c.v3All()).length - (before[1] ?? 0)],
      ];
    },
    standard: [[201, 201, 400, 201, 204, 409], false, [201, 201, 400, 201, 201, 204], false, [2, 2]],
    chosen: [[201, 409, 400, 201, 409, 409], true, [201, 409, 400, 201, 201, 409], true, [2, 2]],
  },
  {
    name: 'rate-limit',
    description:
      'Every 7th request is refused before it is handled, alternately with 429 and Retry-After in seconds ' +
      '(0, once in 100 refusals 1) and with 503 and Retry-After as an HTTP date (this second, once in 100 ' +
      'refusals the next), every third refused request once more on its retry but never more than twice in ' +
      'a row (a request the same as one refused before is not refused again as new): §5 "A 429 or 503 ' +
      'with Retry-After is not a verdict: the suite waits and retries (bounded), and says in the report ' +
      'that it did".',
    api: 'both',
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
    name: 'latency',
    description:
      'Every answer is delayed by REFERENCE_LATENCY_MS (default 300) give or take a third, jittered by a ' +
      'fixed sequence: §5 "the suite waits and retries (bounded)" only for 429/503, so slow answers must ' +
      'simply be waited for: slow answers (hundreds of ms) cause no failure.',
    api: 'both',
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
]);

export type ChoiceName = (typeof TABLE)[number]['name'];

export const CHOICE_ROWS: readonly (ChoiceRow & { readonly name: ChoiceName })[] = TABLE;
