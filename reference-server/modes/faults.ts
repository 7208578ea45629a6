import { randomUUID } from 'node:crypto';
import { DEFAULTS } from '../src/defaults';
import type { ProbeClient, V2List } from './probe-client';
import {
  createdId,
  mimeOf,
  MiB,
  outcome,
  misspelt,
  positions,
  refusedMethods,
  statusOf,
  TIMESTAMP,
  v2Outcome,
  v2SpelledOutcome,
  v2DuplicateStored,
  v2Sequence,
  v2ForeignTenant,
  v2IdAt,
  v2Link,
  v2LinkWalk,
  v2Positions,
  v3ForeignProject,
  v3DuplicateStored,
  v3ForeignProjectBody,
  v3Ids,
} from './probes';

/**
 * One row per fault mode of the reference server: a named, realistic bug, what shows it, and what the
 * conformance suite must report when it is on. The server reads the names and descriptions from here
 * (src/faults.ts) and plays each fault in src/plays/, where its handler hands over the behaviour it names;
 * `v3-` faults touch only /v3 routes, the `delete-` faults the deletes of both, the `route-` faults the router of
 * both (requests outside the documented operations), the others only /v2.0 routes.
 */
export interface FaultRow {
  readonly name: string;
  /** What the bug does. */
  readonly description: string;

  // What the suite reports with the fault on, both APIs run (tests/self/faults.spec.ts). A fault that fails no
  // test is caught by the members it leaves behind (the report's leftovers).
  /**
   * The conformance tests (by key, as each declares it with requirementTest) that must fail on every run,
   * whatever the seed. Together the rows name every conformance test: each one is shown to bite.
   */
  readonly fails: readonly string[];
  /** The requirements that must fail on every run. */
  readonly catches: readonly string[];
  /**
   * Requirements the bug honestly breaks too, on some seeds or through another rule's test, each with the
   * reason. Nothing else may fail.
   */
  readonly collateral?: Readonly<Record<string, string>>;
  /**
   * Why the catch rests on random cases, not only on a fixed check or an example every seed runs (absent: it
   * does not). Such a fault runs with the suite's default number of property runs.
   */
  readonly byChance?: string;

  // What the server shows (tests/self/reference-server-faults.spec.ts): `probe` sends the request(s) to a
  // server started with `preload` and returns an observation; the correct server must show `correct`, the
  // server with only this fault `faulty`, and the server with this fault every other row's `correct`, but for
  // the rows named in `overlaps`, which look at the same behaviour from another side.
  readonly preload?: Readonly<Record<string, number>>;
  readonly probe: (c: ProbeClient) => Promise<unknown>;
  readonly correct: unknown;
  readonly faulty: unknown;
  readonly overlaps?: readonly string[];
}

/** The requirements that may fail under the fault: the caught ones and the collateral ones. */
export function allowedFailures(row: Pick<FaultRow, 'catches' | 'collateral'>): Set<string> {
  return new Set([...row.catches, ...Object.keys(row.collateral ?? {})]);
}

/** Keeps the literal names of the rows, for the type of a fault's name. */
const faultTable = <const T extends readonly FaultRow[]>(rows: T): T => rows;

/** A bug in matching one filter value also breaks the filters that repeat or combine values drawn at random. */
function filterCollateral(how: string): Record<string, string> {
  return {
    'V3-FILTER-REPEATED': `a repeated filter may draw ${how}`,
    'V3-FILTER-COMBINED': `a combined filter may draw ${how}`,
    'V3-FILTER-PAGINATED': `a filtered walk may draw ${how}`,
  };
}

/** A member of each API created, deleted and read again: the statuses of the delete and of the read. */
async function deleteThenRead(c: ProbeClient): Promise<number[]> {
  const v2 = createdId((await c.v2Create(c.v2Member())).body);
  const v3 = createdId((await c.v3Create(c.v3Member())).body);
  return [
    await statusOf(c.call('DELETE', c.v2Path(undefined, v2))),
    await statusOf(c.v2Get(v2)),
    await statusOf(c.call('DELETE', c.v3Path(undefined, v3))),
    await statusOf(c.call('GET', c.v3Path(undefined, v3))),
  ];
}

/** A member of each API created and deleted: whether a read of each finds it, and whether its listing holds it. */
async function deleteThenList(c: ProbeClient): Promise<unknown[]> {
  const v2 = createdId((await c.v2Create(c.v2Member())).body);
  const v3 = createdId((await c.v3Create(c.v3Member())).body);
  await c.call('DELETE', c.v2Path(undefined, v2));
  await c.call('DELETE', c.v3Path(undefined, v3));
  return [
    await statusOf(c.v2Get(v2)),
    (await c.v2All()).some((m) => m.id === v2),
    await statusOf(c.v3Get(v3)),
    (await v3Ids(c)).includes(v3),
  ];
}

/** Every check whose examples walk pages of four members with limit 1 or 2 (tests/v3/pagination.spec.ts). */
const WALKS = ['V3-WALK-FORWARD', 'V3-STABLE-ORDER', 'V3-PAGE-INFO', 'V3-WALK-BACKWARD'];
const WALK_TESTS = ['v3-walk-forward', 'v3-stable-order', 'v3-page-info', 'v3-walk-backward'];

/** A page that starts in the wrong place: every walk, the marker check and the filtered walk (limit 1). */
const WRONG_PAGE_START = {
  fails: [...WALK_TESTS, 'v3-marker-continuity', 'v3-filter-paginated'],
  catches: [...WALKS, 'V3-MARKER-CONTINUITY', 'V3-FILTER-PAGINATED'],
};

/** The faults that change the status or Allow of a 405: each one's probe (refusedMethods) shows every other. */
const ALLOW_FAULTS = [
  'route-by-path-only',
  'route-405-no-allow',
  'route-allow-space-separated',
  'route-allow-first-only',
  'route-allow-every-method',
];

/** A fault of the refusal of an unoffered method, as refusedMethods shows it: the members, a member, a member. */
const METHOD_REFUSED = {
  fails: ['v2-method-refused', 'v3-method-refused'],
  catches: ['V2-METHOD-REFUSED', 'V3-METHOD-REFUSED'],
  probe: refusedMethods,
  correct: [
    [405, 'GET, POST'],
    [405, 'GET, DELETE'],
    [405, 'GET, DELETE'],
  ],
};

/** A fault of the refusal of a misspelt path, as its status and Allow show it (/v2.0 and /v3). */
const PATH_UNKNOWN = {
  fails: ['v2-path-unknown', 'v3-path-unknown'],
  catches: ['V2-PATH-UNKNOWN', 'V3-PATH-UNKNOWN'],
  probe: async (c: ProbeClient) => {
    const replies = await Promise.all(misspelt(c).map((path) => c.call('GET', path)));
    return replies.map((r) => [r.status, r.allow ?? null]);
  },
  correct: [
    [404, null],
    [404, null],
  ],
};

const TEN = { [DEFAULTS.v3PoolId]: 10 };
const THREE_V2 = { [DEFAULTS.v2PoolId]: 3 };
const TEN_AND_ONE = { [DEFAULTS.v3PoolId]: 10, [DEFAULTS.v3OtherPoolId]: 1 };

const TABLE = faultTable([
  // v2.0: weight
  {
    name: 'weight-upper-off-by-one',
    description: 'Accepts weight 101: the range check uses <= max + 1.',
    fails: ['v2-weight-range-rejected'],
    catches: ['V2-WEIGHT-RANGE'],
    probe: (c) => v2Outcome(c, { weight: 101 }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'weight-zero-rejected',
    description: 'Rejects weight 0 because a falsy check treats it as missing.',
    fails: ['v2-weight-range-accepted', 'v2-create-echo', 'v2-create-readback'],
    catches: ['V2-WEIGHT-RANGE', 'V2-CREATE-ECHO', 'V2-CREATE-READBACK'],
    collateral: {
      'V2-DUPLICATE-REJECTED':
        'the duplicate may draw weight 0, refused with 400 before it is judged a duplicate',
    },
    probe: (c) => v2Outcome(c, { weight: 0 }),
    correct: 'ok',
    faulty: 400,
  },
  {
    name: 'weight-string-coerced',
    description: 'Accepts a numeric string such as "5" as weight and stores 5.',
    fails: ['v2-weight-type'],
    catches: ['V2-WEIGHT-TYPE'],
    probe: (c) => v2Outcome(c, { weight: '5' }, 'weight'),
    correct: 400,
    faulty: ['ok', 5],
  },
  {
    name: 'weight-fraction-truncated',
    description: 'Accepts a fractional weight such as 1.5 and stores 1.',
    fails: ['v2-weight-type'],
    catches: ['V2-WEIGHT-TYPE'],
    probe: (c) => v2Outcome(c, { weight: 1.5 }, 'weight'),
    correct: 400,
    faulty: ['ok', 1],
  },
  {
    name: 'weight-null-defaulted',
    description: 'Treats weight null as omitted and stores the default 1.',
    fails: ['v2-weight-type'],
    catches: ['V2-WEIGHT-TYPE'],
    probe: (c) => v2Outcome(c, { weight: null }, 'weight'),
    correct: 400,
    faulty: ['ok', 1],
  },
  {
    name: 'weight-default-zero',
    description: 'Stores 0 instead of 1 when weight is omitted.',
    fails: ['v2-create-defaults'],
    catches: ['V2-CREATE-DEFAULTS'],
    probe: (c) => v2Outcome(c, {}, 'weight'),
    correct: ['ok', 1],
    faulty: ['ok', 0],
  },
  // v2.0: protocol_port
  {
    name: 'port-upper-off-by-one',
    description: 'Accepts protocol_port 65536.',
    fails: ['v2-port-range-rejected'],
    catches: ['V2-PORT-RANGE'],
    probe: (c) => v2Outcome(c, { protocol_port: 65536 }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'port-upper-rejected',
    description: 'Rejects protocol_port 65535: the range check uses < 65535.',
    fails: ['v2-port-range-accepted'],
    catches: ['V2-PORT-RANGE'],
    probe: (c) => v2Outcome(c, { protocol_port: 65535 }),
    correct: 'ok',
    faulty: 400,
  },
  {
    name: 'port-zero-accepted',
    description: 'Accepts protocol_port 0.',
    fails: ['v2-port-range-rejected'],
    catches: ['V2-PORT-RANGE'],
    probe: (c) => v2Outcome(c, { protocol_port: 0 }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'port-string-coerced',
    description: 'Accepts a numeric string such as "80" as protocol_port.',
    fails: ['v2-port-type'],
    catches: ['V2-PORT-TYPE'],
    probe: (c) => v2Outcome(c, { protocol_port: '80' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'port-missing-defaulted',
    description: 'Stores protocol_port 80 when it is omitted instead of rejecting.',
    fails: ['v2-required-fields'],
    catches: ['V2-REQUIRED-FIELDS'],
    probe: (c) => v2Outcome(c, { protocol_port: undefined }, 'protocol_port'),
    correct: 400,
    faulty: ['ok', 80],
  },
  // v2.0: name, tenant_id, admin_state_up
  {
    name: 'name-length-off-by-one',
    description: 'Accepts a name of 256 characters.',
    fails: ['v2-name-length-rejected'],
    catches: ['V2-NAME-LENGTH'],
    probe: (c) => v2Outcome(c, { name: 'n'.repeat(256) }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'name-length-max-rejected',
    description: 'Rejects a name of 255 characters: the check uses < 255.',
    // the read-back example sends a name of 255 characters
    fails: ['v2-name-length-accepted', 'v2-create-readback'],
    catches: ['V2-NAME-LENGTH', 'V2-CREATE-READBACK'],
    collateral: { 'V2-CREATE-ECHO': 'its random names reach 255 characters on most seeds' },
    probe: (c) => v2Outcome(c, { name: 'n'.repeat(255) }),
    correct: 'ok',
    faulty: 400,
  },
  {
    name: 'name-number-stringified',
    description: 'Accepts a numeric name and stores it as a string.',
    fails: ['v2-name-type'],
    catches: ['V2-NAME-TYPE'],
    probe: (c) => v2Outcome(c, { name: 42 }, 'name'),
    correct: 400,
    faulty: ['ok', '42'],
  },
  {
    name: 'tenant-id-length-unchecked',
    description:
      'Compares only the first 32 characters of tenant_id with the project id, so longer values pass.',
    fails: ['v2-tenant-id-length'],
    catches: ['V2-TENANT-ID-LENGTH'],
    probe: (c) => v2Outcome(c, { tenant_id: c.d.projectId + 'x'.repeat(300) }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'tenant-id-falsy-defaulted',
    description:
      'Replaces a falsy tenant_id (null, false, 0) with the project id of the token, as `tenant_id or project_id` does.',
    fails: ['v2-tenant-id-type'],
    catches: ['V2-TENANT-ID-TYPE'],
    probe: (c) => Promise.all([null, false, 42].map((tenantId) => v2Outcome(c, { tenant_id: tenantId }))),
    correct: [400, 400, 400],
    faulty: ['ok', 'ok', 400],
  },
  // v2.0: ownership (tenant_id names the token's project)
  {
    name: 'tenant-id-unchecked',
    description:
      "Stores a member under whatever tenant_id the body names, never comparing it with the token's project.",
    fails: ['v2-tenant-id-foreign'],
    catches: ['V2-TENANT-ID-FOREIGN'],
    probe: v2ForeignTenant,
    correct: [400, 0],
    faulty: ['ok', 1],
    overlaps: ['tenant-id-foreign-stored', 'tenant-id-folded'],
  },
  {
    name: 'tenant-id-foreign-stored',
    description:
      "Compares tenant_id with the token's project only after storing the member: the create is refused, the member stays.",
    fails: ['v2-tenant-id-foreign'],
    catches: ['V2-TENANT-ID-FOREIGN'],
    probe: v2ForeignTenant,
    correct: [400, 0],
    faulty: [400, 1],
    overlaps: ['tenant-id-unchecked', 'tenant-id-folded'],
  },
  {
    name: 'tenant-id-folded',
    description:
      "Compares tenant_id with the token's project after Unicode compatibility folding (NFKC): the project id in full-width characters is taken for the project's own.",
    fails: ['v2-tenant-id-foreign'],
    catches: ['V2-TENANT-ID-FOREIGN'],
    // The project id in full-width characters: U+FF10 for 0, U+FF41 for a.
    probe: (c) =>
      v2ForeignTenant(
        c,
        DEFAULTS.projectId.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
      ),
    correct: [400, 0],
    faulty: ['ok', 1],
  },
  {
    name: 'tenant-id-default-blank',
    description: "Stores and answers an empty tenant_id when the body has none, not the token's project.",
    fails: ['v2-tenant-id-default'],
    catches: ['V2-TENANT-ID-DEFAULT'],
    probe: (c) => v2Outcome(c, {}, 'tenant_id'),
    correct: ['ok', DEFAULTS.projectId],
    faulty: ['ok', ''],
  },
  {
    name: 'admin-state-string-coerced',
    description: 'Accepts the strings "true"/"false" as admin_state_up.',
    fails: ['v2-admin-state-type'],
    catches: ['V2-ADMIN-STATE-TYPE'],
    probe: (c) => v2Outcome(c, { admin_state_up: 'false' }, 'admin_state_up'),
    correct: 400,
    faulty: ['ok', false],
  },
  {
    name: 'admin-state-default-false',
    description: 'Stores admin_state_up false when it is omitted.',
    fails: ['v2-create-defaults'],
    catches: ['V2-CREATE-DEFAULTS'],
    probe: (c) => v2Outcome(c, {}, 'admin_state_up'),
    correct: ['ok', true],
    faulty: ['ok', false],
  },
  // the omitted name comes back null, which the contract check of every create response reports
  {
    name: 'name-default-null',
    description: 'Returns name null instead of "" when it is omitted.',
    fails: ['v2-create-defaults'],
    catches: ['V2-CREATE-RESPONSE'],
    probe: (c) => v2Outcome(c, {}, 'name'),
    correct: ['ok', ''],
    faulty: ['ok', null],
  },
  // v2.0: address, subnet_id
  {
    name: 'address-ipv6-accepted',
    description: 'Accepts IPv6 addresses and skips the subnet check for them.',
    fails: ['v2-address-format-ipv6'],
    catches: ['V2-ADDRESS-FORMAT'],
    probe: (c) => v2Outcome(c, { address: '2001:db8::1' }),
    correct: 400,
    faulty: 'ok',
  },
  // an address that is never parsed is never placed in the subnet either
  {
    name: 'address-unvalidated',
    description: 'Does not parse address: any string of at most 64 characters is stored.',
    fails: ['v2-address-format-rejected', 'v2-address-format-ipv6', 'v2-address-in-subnet'],
    catches: ['V2-ADDRESS-FORMAT', 'V2-ADDRESS-IN-SUBNET'],
    overlaps: ['address-ipv6-accepted', 'address-subnet-unchecked', 'ip-spelling-normalised'],
    probe: (c) => v2Outcome(c, { address: 'not-an-ip' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'address-subnet-unchecked',
    description: 'Accepts an IPv4 address outside the subnet of subnet_id.',
    fails: ['v2-address-in-subnet'],
    catches: ['V2-ADDRESS-IN-SUBNET'],
    probe: (c) => v2Outcome(c, { address: '10.1.2.3' }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'address-length-unchecked',
    description: 'Does not enforce the 64-character limit and stores a longer address without parsing it.',
    fails: ['v2-address-format-rejected'],
    catches: ['V2-ADDRESS-FORMAT'],
    probe: (c) => v2Outcome(c, { address: '192.168.1.1'.padEnd(65, ' ') }, 'address'),
    correct: 400,
    faulty: ['ok', '192.168.1.1'.padEnd(65, ' ')],
  },
  {
    name: 'subnet-missing-accepted',
    description: 'Accepts a member without subnet_id.',
    fails: ['v2-required-fields'],
    catches: ['V2-REQUIRED-FIELDS'],
    probe: (c) => v2Outcome(c, { subnet_id: undefined }),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'subnet-unknown-accepted',
    description: 'Accepts an unknown subnet_id and skips the address check.',
    fails: ['v2-subnet-unknown'],
    catches: ['V2-SUBNET-UNKNOWN'],
    probe: (c) => v2Outcome(c, { subnet_id: randomUUID() }),
    correct: 400,
    faulty: 'ok',
  },
  // v2.0: a subnet_id naming an IPv6 subnet (TARGET_V2_SUBNET6_ID)
  {
    name: 'v2-ipv6-subnet-accepted',
    description:
      'Checks only that subnet_id names a known subnet: a create naming an IPv6 subnet is stored, with an IPv6 address as with an IPv4 one.',
    fails: ['v2-subnet-ipv6-address-ipv6', 'v2-subnet-ipv6-address-ipv4'],
    catches: ['V2-SUBNET-IPV6-REFUSED'],
    probe: (c) =>
      Promise.all(
        [{ address: '2001:db8:6::c0a8:8001' }, {}].map((address) =>
          v2Outcome(c, { subnet_id: DEFAULTS.v2Subnet6Id, ...address }),
        ),
      ),
    correct: [400, 400],
    faulty: ['ok', 'ok'],
  },
  // v2.0: the input space of the create (tests/v2/input-space.spec.ts, src/generators/input-space.ts)
  {
    name: 'subnet-id-number-accepted',
    description:
      'Takes a numeric subnet_id for no subnet_id at all, as a lookup keyed by strings misses it, and stores the member without one.',
    fails: ['v2-subnet-id-type'],
    catches: ['V2-SUBNET-ID-TYPE'],
    probe: (c) => v2Outcome(c, { subnet_id: 42 }, 'subnet_id'),
    correct: 400,
    faulty: ['ok', null],
  },
  {
    name: 'ip-spelling-normalised',
    description:
      'Accepts an IPv4 address with leading zeros ("192.168.1.05") and stores it without them ("192.168.1.5").',
    fails: ['v2-kept-or-refused'],
    catches: ['V2-KEPT-OR-REFUSED'],
    probe: (c) => v2Outcome(c, { address: '192.168.128.09' }, 'address'),
    correct: 400,
    faulty: ['ok', '192.168.128.9'],
  },
  {
    name: 'name-nul-truncated',
    description: 'Stores a name cut at its first U+0000, as a C string ends there.',
    fails: ['v2-kept-or-refused'],
    catches: ['V2-KEPT-OR-REFUSED'],
    probe: (c) => v2Outcome(c, { name: 'a\u0000b' }, 'name'),
    correct: ['ok', 'a\u0000b'],
    faulty: ['ok', 'a'],
  },
  {
    name: 'name-astral-500',
    description:
      'Answers 500 to a name with a character beyond the Basic Multilingual Plane, which its database encoding (utf8mb3) cannot store.',
    // the 256-code-point name of the length check is astral too
    fails: ['v2-kept-or-refused', 'v2-name-length-rejected'],
    catches: ['V2-KEPT-OR-REFUSED', 'V2-NAME-LENGTH'],
    probe: (c) => v2Outcome(c, { name: 'smile \u{1F600}' }),
    correct: 'ok',
    faulty: 500,
  },
  {
    name: 'name-normalised-nfc',
    description: 'Stores a name in Unicode normal form C, so "e" and a combining accent come back as "é".',
    fails: ['v2-kept-or-refused'],
    catches: ['V2-KEPT-OR-REFUSED'],
    probe: (c) => v2Outcome(c, { name: 'cafe\u0301' }, 'name'),
    correct: ['ok', 'cafe\u0301'],
    faulty: ['ok', 'caf\u00e9'],
  },
  // v2.0: integers written with a fraction part or an exponent (tests/v2/input-space.spec.ts, field-values.spec.ts)
  {
    name: 'weight-exponent-truncated',
    description:
      'Reads weight from the raw JSON text with parseInt, so 1e2 is stored and answered as 1 and 1e3 passes the range check as 1.',
    fails: ['v2-kept-or-refused', 'v2-weight-range-rejected'],
    catches: ['V2-KEPT-OR-REFUSED', 'V2-WEIGHT-RANGE'],
    collateral: {
      'V2-WEIGHT-TYPE':
        'its random fractions may draw one that JSON writes with an exponent (5e-324), which parseInt reads as an integer (5)',
    },
    probe: (c) => v2SpelledOutcome(c, 'weight', '1e2'),
    correct: ['ok', 100],
    faulty: ['ok', 1],
  },
  {
    name: 'port-float-500',
    description:
      'Lets a protocol_port written with a fraction part (80.0) past its checks as the float it parses to, and crashes with 500 storing it in an integer column.',
    fails: ['v2-kept-or-refused'],
    catches: ['V2-KEPT-OR-REFUSED'],
    probe: (c) => v2SpelledOutcome(c, 'protocol_port', '80.0'),
    correct: ['ok', 80],
    faulty: 500,
  },
  // v2.0: uniqueness
  {
    name: 'duplicate-unchecked',
    description: 'Never checks that (address, protocol_port) is unique in the pool.',
    fails: ['v2-duplicate-rejected', 'v2-duplicate-concurrent', 'v2-duplicate-leaves-first'],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
    // a duplicate answered otherwise is what the probe of duplicate-answers-busy looks at, too
    overlaps: [
      'duplicate-race',
      'duplicate-500',
      'duplicate-stored-anyway',
      'duplicate-answers-busy',
      'duplicate-overwrites',
    ],
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m]]);
    },
    correct: ['ok', 409],
    faulty: ['ok', 'ok'],
  },
  // Every run sends three bursts of eight identical creates (examples), each at once: the server's 20 ms
  // between check and insert lets a burst through unless its eight creates reach it more than 20 ms apart.
  {
    name: 'duplicate-race',
    description:
      'Awaits between the uniqueness check and the insert, so concurrent identical creates all succeed.',
    fails: ['v2-duplicate-concurrent'],
    catches: ['V2-DUPLICATE-CONCURRENT'],
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
    name: 'duplicate-500',
    description:
      "Leaves a duplicate to the database's unique index, whose error escapes: the create crashes with 500.",
    fails: ['v2-duplicate-rejected', 'v2-duplicate-concurrent', 'v2-duplicate-leaves-first'],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
    overlaps: [
      'duplicate-unchecked',
      'duplicate-race',
      'duplicate-stored-anyway',
      'duplicate-answers-busy',
      'duplicate-overwrites',
    ],
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m]]);
    },
    correct: ['ok', 409],
    faulty: ['ok', 500],
  },
  {
    name: 'duplicate-address-only',
    description: 'Keys uniqueness on the address alone, so the same address on another port gets 409.',
    fails: ['v2-duplicate-scope-other-port'],
    catches: ['V2-DUPLICATE-SCOPE'],
    collateral: {
      'V2-LIST-PAGES': 'the members it pages share one address on three ports: the second is refused 409',
      'V2-LIST-FILTERS':
        'two of the members it filters share one address on two ports: the second is refused 409',
    },
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [{ ...m, protocol_port: 81 }]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  // The allocator hands out one port across many addresses, so the form check's 409 probe puts its first
  // member on the port of the 201 probe's member, still stored: refused for good, it is never created.
  {
    name: 'duplicate-port-only',
    description: 'Keys uniqueness on protocol_port alone, so the same port on another address gets 409.',
    fails: ['v2-duplicate-scope-other-address'],
    catches: ['V2-DUPLICATE-SCOPE'],
    collateral: {
      'V2-CONTENT-TYPE':
        'its create of a fresh member may draw a port already used on another address: refused 409, as is the ' +
        "client's probe of the pool, which then looks stuck (no verdict) or, with another write accepted, fails",
      'V2-DUPLICATE-REJECTED':
        "its cases run side by side, and a case's first create may draw the port of another case's member on " +
        'another address: refused 409 before its duplicate is sent',
      'V2-LIST-FILTERS':
        'two of the members it filters share one port on two addresses: the second is refused 409',
      'V2-DELETE-GONE':
        'the member it keeps beside the deleted one draws the same port on another address: refused 409',
      'V2-LIST-PAGES':
        'its first create may draw a port already used on another address, as V2-CONTENT-TYPE may: refused 409',
    },
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [{ ...m, address: c.v2Member().address }]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  {
    name: 'duplicate-across-pools',
    description: 'Checks uniqueness across all pools instead of within the pool.',
    fails: ['v2-duplicate-scope-other-pool'],
    catches: ['V2-DUPLICATE-SCOPE'],
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[m], [m, c.d.v2OtherPoolId]]);
    },
    correct: ['ok', 'ok'],
    faulty: ['ok', 409],
  },
  {
    name: 'duplicate-stored-anyway',
    description: 'Answers a duplicate with 409 but has already stored it.',
    fails: ['v2-duplicate-rejected', 'v2-duplicate-concurrent'],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
    probe: v2DuplicateStored,
    correct: ['ok', 409, 1],
    faulty: ['ok', 409, 2],
  },
  // A busy load balancer (src/http/settle.ts): a duplicate never judged is no rejection. A write refused for
  // ever fails only where the pool accepted other writes meanwhile (the identical creates sent at once: one is
  // stored); refused alone, it meets what looks like a stuck load balancer and has no verdict (the form checks'
  // 409 probes are duplicates sent alone).
  {
    name: 'duplicate-answers-busy',
    description:
      'Answers a duplicate with the busy 409 of a load balancer being updated, on every resend too.',
    // Every test that sends a duplicate: its busy answers outlast the settle time while the pool takes the
    // client's probe (a fresh member), so the refusal was no busy state.
    fails: ['v2-duplicate-rejected', 'v2-duplicate-concurrent', 'v2-content-type', 'v2-error-body'],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT', 'V2-CONTENT-TYPE', 'V2-ERROR-BODY'],
    probe: async (c) => {
      const m = c.v2Member();
      await c.v2Create(m);
      const again = await c.v2Create(m);
      return [again.status, /PENDING_|immutable/.test(again.text) ? 'busy' : 'duplicate'];
    },
    correct: [409, 'duplicate'],
    faulty: [409, 'busy'],
  },
  // v2.0: create response (the contract check of every create reports a wrong form, under V2-CREATE-RESPONSE)
  {
    name: 'create-unwrapped',
    description: 'Returns the created member without the "member" wrapper.',
    fails: ['v2-create-response'],
    catches: ['V2-CREATE-RESPONSE'],
    overlaps: ['create-missing-operating-status', 'echo-weight-default'],
    probe: async (c) => {
      const body = (await c.v2Create(c.v2Member())).body;
      return ['member', 'id', 'address'].map((field) => field in body);
    },
    correct: [true, false, false],
    faulty: [false, true, true],
  },
  {
    name: 'create-missing-operating-status',
    description: 'Leaves operating_status out of the create response.',
    fails: ['v2-create-response'],
    catches: ['V2-CREATE-RESPONSE'],
    probe: async (c) => typeof (await c.v2Create(c.v2Member())).body.member?.operating_status,
    correct: 'string',
    faulty: 'undefined',
  },
  {
    name: 'echo-weight-default',
    description: 'Always shows weight 1 in the create response, while storing the weight that was sent.',
    // V2-KEPT-OR-REFUSED too: its weights written 1e2 and 1.0 are answered as 1.
    fails: ['v2-create-echo', 'v2-create-readback', 'v2-kept-or-refused'],
    catches: ['V2-CREATE-ECHO', 'V2-CREATE-READBACK', 'V2-KEPT-OR-REFUSED'],
    probe: async (c) => {
      const reply = await c.v2Create(c.v2Member({ weight: 7 }));
      return [reply.body.member?.weight, (await c.v2Get(createdId(reply.body))).body.member.weight];
    },
    correct: [7, 7],
    faulty: [1, 7],
  },
  {
    name: 'readback-name-dropped',
    description: 'Returns name "" when a member is read back with GET.',
    fails: ['v2-create-readback', 'v2-kept-or-refused'],
    catches: ['V2-CREATE-READBACK', 'V2-KEPT-OR-REFUSED'],
    overlaps: ['name-nul-truncated', 'name-normalised-nfc', 'duplicate-overwrites'],
    probe: async (c) =>
      (await c.v2Get(createdId((await c.v2Create(c.v2Member({ name: 'kept' }))).body))).body.member.name,
    correct: 'kept',
    faulty: '',
  },
  // v2.0: request body and routing
  {
    name: 'malformed-json-500',
    description: 'Crashes with 500 on a body that is not JSON.',
    fails: ['v2-body-malformed'],
    catches: ['V2-BODY-MALFORMED'],
    probe: (c) => statusOf(c.call('POST', c.v2Path(), { raw: '{' })),
    correct: 400,
    faulty: 500,
  },
  {
    name: 'non-object-500',
    description: 'Crashes with 500 on a JSON body that is not an object ([], "x", null).',
    fails: ['v2-body-malformed'],
    catches: ['V2-BODY-MALFORMED'],
    probe: async (c) =>
      Promise.all(['[]', '"x"', 'null'].map((raw) => statusOf(c.call('POST', c.v2Path(), { raw })))),
    correct: [400, 400, 400],
    faulty: [500, 500, 500],
  },
  {
    name: 'unwrapped-body-accepted',
    description: 'Reads a body without the "member" wrapper as the member itself.',
    fails: ['v2-body-malformed'],
    catches: ['V2-BODY-MALFORMED'],
    probe: async (c) => outcome(await statusOf(c.call('POST', c.v2Path(), { body: c.v2Member() }))),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'body-limit-500',
    description: 'Answers 500 to a body over 1 MiB: its body parser throws instead of refusing it.',
    fails: ['v2-body-too-large'],
    catches: ['V2-BODY-TOO-LARGE'],
    probe: async (c) => {
      const reply = await c.call('POST', c.v2Path(), {
        body: { member: c.v2Member({ padding: 'x'.repeat(MiB) }) },
      });
      return [outcome(reply.status), (await c.v2All()).length];
    },
    correct: [413, 0],
    faulty: [500, 0],
  },
  {
    name: 'unknown-pool-500',
    description: 'Crashes with 500 on a create in an unknown pool.',
    fails: ['v2-pool-unknown'],
    catches: ['V2-POOL-UNKNOWN'],
    probe: (c) => statusOf(c.v2Create(c.v2Member(), randomUUID())),
    correct: 404,
    faulty: 500,
  },
  // v2.0: the listing, paged and filtered (tests/v2/listing-pages.spec.ts, tests/v2/listing-filters.spec.ts)
  {
    name: 'v2-next-link-keeps-marker',
    description:
      'Builds the "next" link of a v2.0 page from the request, keeping its marker instead of naming the ' +
      "page's last member: following it reads the same page again.",
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: (c) => v2LinkWalk(c, 1, 3),
    correct: [[0], [1], [2]],
    faulty: [[0], [0], [0]],
  },
  {
    name: 'v2-previous-link-forward',
    description:
      'Leaves page_reverse=True out of the "previous" link of a v2.0 page, so following it pages forward from ' +
      "the page's first member.",
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) => v2Positions(c, await v2Link(c, `limit=1&marker=${await v2IdAt(c, 1)}`, 'previous')),
    correct: [1],
    faulty: [],
  },
  {
    name: 'v2-reverse-limit-ignored',
    description:
      'Answers a v2.0 page asked for with page_reverse=True with every member before the marker, whatever the limit.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) => v2Positions(c, `limit=1&marker=${await v2IdAt(c, 2)}&page_reverse=True`),
    correct: [1],
    faulty: [0, 1],
    // v2-previous-link-forward's probe follows a previous link to a page read backwards.
    overlaps: ['v2-previous-link-forward'],
  },
  {
    name: 'v2-reverse-next-link-backwards',
    description:
      'Keeps page_reverse=True in the "next" link of a v2.0 page read backwards, so that link leads further ' +
      'back instead of forward again.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) =>
      v2Positions(c, await v2Link(c, `limit=1&marker=${await v2IdAt(c, 2)}&page_reverse=True`, 'next')),
    correct: [2],
    faulty: [0],
  },
  {
    name: 'v2-links-bare-hrefs',
    description: 'Lists the members_links of a v2.0 page as bare URLs, without their rel.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) =>
      (await c.call<V2List>('GET', `${c.v2Path()}?limit=1`)).body.members_links.map((l) => typeof l),
    correct: ['object'],
    faulty: ['string'],
    // The probes that follow links find none.
    overlaps: ['v2-next-link-keeps-marker', 'v2-previous-link-forward', 'v2-reverse-next-link-backwards'],
  },
  {
    name: 'v2-limit-read-as-number',
    description:
      'Reads a v2.0 limit as any positive number: limit=1.5 answers one member and, its page not being full ' +
      '(1 is not 1.5), links no next page.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) => {
      const reply = await c.call<V2List>('GET', `${c.v2Path()}?limit=1.5`);
      return [reply.status, reply.body.members?.length ?? 0, reply.body.members_links?.length ?? 0];
    },
    correct: [400, 0, 0],
    faulty: [200, 1, 0],
  },
  {
    name: 'v2-page-reverse-truthy',
    description:
      'Reads a v2.0 page_reverse that is anything but false as true: page_reverse=sideways pages back.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    preload: THREE_V2,
    probe: async (c) => {
      const query = `limit=1&marker=${await v2IdAt(c, 1)}&page_reverse=sideways`;
      return [await statusOf(c.call('GET', `${c.v2Path()}?${query}`)), await v2Positions(c, query)];
    },
    correct: [400, []],
    faulty: [200, [0]],
  },
  {
    name: 'v2-filtered-default-page',
    description:
      'Answers a filtered v2.0 listing without limit with its first two members and no link on: the query path ' +
      'of the filters applies a default page size of its own.',
    fails: ['v2-list-pages'],
    catches: ['V2-LIST-PAGES'],
    probe: async (c) => {
      const named = (port: number) => c.v2Member({ name: 'three', protocol_port: port });
      await v2Sequence(c, [[named(80)], [named(81)], [named(82)]]);
      return (await v2Positions(c, 'name=three')).length;
    },
    correct: 3,
    faulty: 2,
  },
  {
    name: 'v2-filter-any-of',
    description:
      'Combines the filters of a v2.0 listing with any-of instead of all-of: address=a&protocol_port=p lists ' +
      'every member on a, and every member on p.',
    fails: ['v2-list-filters'],
    catches: ['V2-LIST-FILTERS'],
    probe: async (c) => {
      const [a, b] = [c.v2Member(), c.v2Member({ protocol_port: 81 })];
      await v2Sequence(c, [[a], [b]]);
      return (await v2Positions(c, `address=${String(a.address)}&protocol_port=81`)).length;
    },
    correct: 0,
    faulty: 2,
  },
  {
    name: 'v2-filtered-marker-skips',
    description:
      'Starts a filtered v2.0 page one member late when its marker is a member the filter leaves out: the ' +
      'first member that matches after it is skipped.',
    fails: ['v2-list-filters'],
    catches: ['V2-LIST-FILTERS'],
    probe: async (c) => {
      const named = (name: string, port: number) => c.v2Member({ name, protocol_port: port });
      await v2Sequence(c, [[named('x', 80)], [named('y', 81)], [named('x', 82)]]);
      return v2Positions(c, `name=x&limit=1&marker=${await v2IdAt(c, 1)}`);
    },
    correct: [2],
    faulty: [],
  },
  {
    name: 'v2-list-unknown-pool-empty',
    description: 'Answers a v2.0 listing of a pool that does not exist with 200 and no members.',
    fails: ['v2-pool-unknown'],
    catches: ['V2-POOL-UNKNOWN'],
    probe: (c) => statusOf(c.call('GET', c.v2Path(randomUUID()))),
    correct: 404,
    faulty: 200,
  },
  // v2.0: auth and error format
  {
    name: 'auth-missing-accepted',
    description: 'Accepts requests without X-Auth-Token (a wrong token is still 401).',
    fails: ['v2-auth-missing-token'],
    catches: ['V2-AUTH'],
    overlaps: ['auth-any-token'],
    probe: (c) => Promise.all([null, 'wrong'].map((token) => statusOf(c.call('GET', c.v2Path(), { token })))),
    correct: [401, 401],
    faulty: [200, 401],
  },
  {
    name: 'auth-any-token',
    description: 'Accepts any non-empty X-Auth-Token.',
    fails: ['v2-auth-wrong-token'],
    catches: ['V2-AUTH'],
    overlaps: ['auth-missing-accepted'],
    probe: (c) => Promise.all([null, 'wrong'].map((token) => statusOf(c.call('GET', c.v2Path(), { token })))),
    correct: [401, 401],
    faulty: [401, 200],
  },
  {
    name: 'v2-error-text-plain',
    description: 'Sends v2.0 4xx error bodies as text/plain.',
    fails: ['v2-content-type'],
    catches: ['V2-CONTENT-TYPE'],
    probe: (c) => mimeOf(c.v2Create(c.v2Member({ weight: -1 }))),
    correct: 'application/json',
    faulty: 'text/plain',
    overlaps: ['route-error-html'],
  },
  {
    name: 'v2-error-empty-message',
    description: 'Sends v2.0 error bodies with an empty message.',
    fails: ['v2-error-body'],
    catches: ['V2-ERROR-BODY'],
    probe: async (c) => (await c.v2Create(c.v2Member({ weight: -1 }))).body.NeutronError?.message === '',
    correct: false,
    faulty: true,
    overlaps: ['route-error-empty-message'],
  },
  {
    name: 'v2-success-content-type-html',
    description: 'Labels v2.0 2xx JSON bodies as text/html.',
    fails: ['v2-content-type'],
    catches: ['V2-CONTENT-TYPE'],
    probe: (c) => Promise.all([mimeOf(c.call('GET', c.v2Path())), mimeOf(c.v2Create(c.v2Member()))]),
    correct: ['application/json', 'application/json'],
    faulty: ['text/html', 'text/html'],
  },
  // both APIs: requests outside the documented operations
  {
    name: 'route-by-path-only',
    description:
      'Matches a route by its path alone: PATCH on the members is served as the listing, PATCH or POST on a ' +
      'member as its read (/v2.0 and /v3).',
    ...METHOD_REFUSED,
    faulty: [
      [200, null],
      [200, null],
      [404, null],
    ],
    overlaps: [
      ...ALLOW_FAULTS.filter((f) => f !== 'route-by-path-only'),
      'route-refused-stored',
      'route-refused-applied',
    ],
  },
  {
    name: 'route-405-no-allow',
    description: 'Answers a method a path does not offer with 405 but no Allow header (/v2.0 and /v3).',
    ...METHOD_REFUSED,
    faulty: [
      [405, null],
      [405, null],
      [405, null],
    ],
    overlaps: ALLOW_FAULTS.filter((f) => f !== 'route-405-no-allow'),
  },
  {
    name: 'route-allow-space-separated',
    description: "Writes a 405's Allow with spaces between the methods, not commas (/v2.0 and /v3).",
    ...METHOD_REFUSED,
    faulty: [
      [405, 'GET POST'],
      [405, 'GET DELETE'],
      [405, 'GET DELETE'],
    ],
    overlaps: ALLOW_FAULTS.filter((f) => f !== 'route-allow-space-separated'),
  },
  {
    name: 'route-allow-first-only',
    description: "Names in a 405's Allow only the method of the path's first route (/v2.0 and /v3).",
    ...METHOD_REFUSED,
    faulty: [
      [405, 'GET'],
      [405, 'GET'],
      [405, 'GET'],
    ],
    overlaps: ALLOW_FAULTS.filter((f) => f !== 'route-allow-first-only'),
  },
  {
    name: 'route-allow-every-method',
    description:
      "Names in a 405's Allow every method the server knows, the refused one among them, not those of the " +
      'path (/v2.0 and /v3).',
    ...METHOD_REFUSED,
    faulty: [
      [405, 'GET, POST, PUT, PATCH, DELETE'],
      [405, 'GET, POST, PUT, PATCH, DELETE'],
      [405, 'GET, POST, PUT, PATCH, DELETE'],
    ],
    overlaps: ALLOW_FAULTS.filter((f) => f !== 'route-allow-every-method'),
  },
  {
    name: 'route-refused-stored',
    description:
      'Runs the create of the members path before it refuses a method with 405: PATCH on the members, or POST ' +
      'on a member, stores the member of its body (/v2.0 and /v3).',
    fails: ['v2-method-refused', 'v3-method-refused'],
    catches: ['V2-METHOD-REFUSED', 'V3-METHOD-REFUSED'],
    probe: async (c) => {
      const reply = await c.call('PATCH', c.v2Path(), { body: { member: c.v2Member() } });
      return [reply.status, (await c.v2All()).length];
    },
    correct: [405, 0],
    faulty: [405, 1],
    overlaps: ['route-by-path-only'],
  },
  {
    name: 'route-refused-applied',
    description:
      'Applies the name and weight of a PATCH on a member before it refuses the method with 405 (/v2.0 and /v3).',
    fails: ['v2-method-refused', 'v3-method-refused'],
    catches: ['V2-METHOD-REFUSED', 'V3-METHOD-REFUSED'],
    probe: async (c) => {
      const id = createdId((await c.v2Create(c.v2Member({ name: 'kept', weight: 1 }))).body);
      const reply = await c.call('PATCH', c.v2Path(undefined, id), {
        body: { member: { name: 'new', weight: 2 } },
      });
      const { weight } = (await c.v2Get(id)).body.member;
      return [reply.status, weight];
    },
    correct: [405, 1],
    faulty: [405, 2],
    overlaps: ['route-by-path-only'],
  },
  {
    name: 'route-unknown-405',
    description:
      'Answers a path it cannot route with 405 and an empty Allow, as if the path offered no method (/v2.0 and ' +
      '/v3).',
    ...PATH_UNKNOWN,
    faulty: [
      [405, ''],
      [405, ''],
    ],
    overlaps: ['route-literals-ignored', 'route-escape-500'],
  },
  {
    name: 'route-escape-500',
    description:
      'Decodes the whole path unguarded before routing it: a malformed percent-escape (%zz) answers 500 ' +
      '(/v2.0 and /v3).',
    fails: ['v2-path-unknown', 'v3-path-unknown'],
    catches: ['V2-PATH-UNKNOWN', 'V3-PATH-UNKNOWN'],
    probe: (c) =>
      Promise.all([c.v2Path('%zz'), c.v3Path('%zz')].map((path) => statusOf(c.call('GET', path)))),
    correct: [404, 404],
    faulty: [500, 500],
  },
  {
    name: 'route-literals-ignored',
    description:
      'Matches a route by its number of segments, never comparing the fixed ones: /v2.0/lbaas/pool/{pool_id}/' +
      'members is served as the listing (/v2.0 and /v3).',
    ...PATH_UNKNOWN,
    faulty: [
      [200, null],
      [200, null],
    ],
    overlaps: ['route-unknown-405'],
  },
  {
    name: 'route-error-empty-message',
    description:
      "Words the router's own refusals (a method a path does not offer, a path that names nothing) with an " +
      'empty message (/v2.0 and /v3).',
    fails: ['v2-error-body', 'v3-error-body'],
    catches: ['V2-ERROR-BODY', 'V3-ERROR-BODY'],
    probe: async (c) => [
      (await c.call('PATCH', c.v2Path())).body.NeutronError?.message === '',
      (await c.call('GET', misspelt(c)[1]!)).body.error_msg === '',
    ],
    correct: [false, false],
    faulty: [true, true],
  },
  {
    name: 'route-error-html',
    description:
      "Sends the router's own refusals (a method a path does not offer, a path that names nothing) as HTML " +
      'pages (/v2.0 and /v3).',
    fails: ['v2-content-type', 'v2-error-body', 'v3-content-type', 'v3-error-body'],
    catches: ['V2-CONTENT-TYPE', 'V2-ERROR-BODY', 'V3-CONTENT-TYPE', 'V3-ERROR-BODY'],
    probe: async (c) => [
      await mimeOf(c.call('PATCH', c.v2Path())),
      await mimeOf(c.call('GET', misspelt(c)[1]!)),
    ],
    correct: ['application/json', 'application/json'],
    faulty: ['text/html', 'text/html'],
  },
  // both APIs: clean-up
  // a delete that keeps the member: the lifecycle checks read it after its delete, and the run names what it left
  {
    name: 'delete-noop',
    description: 'Answers a DELETE of an existing member with 204 but keeps the member (/v2.0 and /v3).',
    fails: ['v2-delete-gone', 'v3-delete-gone'],
    catches: ['V2-DELETE-GONE', 'V3-DELETE-GONE'],
    probe: deleteThenRead,
    correct: [204, 404, 204, 404],
    faulty: [204, 200, 204, 200],
    overlaps: [
      'delete-404-keeps',
      'delete-soft-listed',
      'v3-deleted-marker-accepted',
      'delete-gone-204',
      'delete-removed-404',
      'v2-filter-keeps-deleted',
    ],
  },
  {
    name: 'delete-gone-204',
    description:
      'Answers a DELETE of a member that is not there with 204, as if it deleted it (/v2.0 and /v3).',
    fails: ['v2-delete-gone', 'v3-delete-gone'],
    catches: ['V2-DELETE-GONE', 'V3-DELETE-GONE'],
    probe: async (c) => {
      const v2 = c.v2Path(undefined, createdId((await c.v2Create(c.v2Member())).body));
      const v3 = c.v3Path(undefined, createdId((await c.v3Create(c.v3Member())).body));
      return [
        await statusOf(c.call('DELETE', v2)),
        await statusOf(c.call('DELETE', v2)),
        await statusOf(c.call('DELETE', v3)),
        await statusOf(c.call('DELETE', v3)),
      ];
    },
    correct: [204, 404, 204, 404],
    faulty: [204, 204, 204, 204],
  },
  // a 404 to a delete is no confirmation: the lifecycle checks and the run read the member afterwards, and find it
  {
    name: 'delete-404-keeps',
    description: 'Answers a DELETE of an existing member with 404 but keeps the member (/v2.0 and /v3).',
    fails: ['v2-delete-gone', 'v3-delete-gone'],
    catches: ['V2-DELETE-GONE', 'V3-DELETE-GONE'],
    probe: deleteThenRead,
    correct: [204, 404, 204, 404],
    faulty: [404, 200, 404, 200],
    overlaps: [
      'delete-gone-204',
      'delete-noop',
      'delete-soft-listed',
      'v3-deleted-marker-accepted',
      'delete-removed-404',
      'v2-filter-keeps-deleted',
    ],
  },
  {
    name: 'delete-removed-404',
    description:
      'Removes the member a /v2.0 DELETE names, then answers 404, as if it had looked the member up after removing it.',
    fails: ['v2-delete-gone'],
    catches: ['V2-DELETE-GONE'],
    probe: deleteThenRead,
    correct: [204, 404, 204, 404],
    faulty: [404, 404, 204, 404],
    overlaps: ['delete-gone-204', 'delete-noop', 'delete-404-keeps'],
  },
  // both APIs: what a delete, a refused create and a refused duplicate leave behind (tests/v2/lifecycle.spec.ts,
  // tests/v3/lifecycle.spec.ts, tests/v2/duplicates.spec.ts)
  {
    name: 'delete-soft-listed',
    description:
      'Marks a deleted member deleted for reads by id only: its read answers 404, but listings, filters and ' +
      'markers still hold it, and its (address, protocol_port) stays taken (/v2.0 and /v3).',
    fails: ['v2-delete-gone', 'v3-delete-gone'],
    catches: ['V2-DELETE-GONE', 'V3-DELETE-GONE'],
    probe: deleteThenList,
    correct: [404, false, 404, false],
    faulty: [404, true, 404, true],
    overlaps: ['delete-noop', 'delete-404-keeps', 'v3-deleted-marker-accepted', 'v2-filter-keeps-deleted'],
  },
  {
    name: 'refused-create-reserves-pair',
    description:
      'Reserves the (address, protocol_port) of a create before it validates the rest, and keeps the ' +
      'reservation when it refuses the create, so a later valid create of the pair gets 409.',
    fails: ['v2-refusal-holds-no-pair'],
    catches: ['V2-REFUSAL-HOLDS-NO-PAIR'],
    probe: (c) => {
      const m = c.v2Member();
      return v2Sequence(c, [[{ ...m, weight: -1 }], [m]]);
    },
    correct: [400, 'ok'],
    faulty: [400, 409],
  },
  {
    name: 'v2-unknown-marker-ignored',
    description:
      'Takes a v2.0 marker that names no member of the pool, unknown or deleted, as no marker at all, and ' +
      'answers the first page.',
    fails: ['v2-list-pages', 'v2-delete-gone'],
    catches: ['V2-LIST-PAGES', 'V2-DELETE-GONE'],
    probe: (c) => statusOf(c.call('GET', `${c.v2Path()}?limit=1&marker=${randomUUID()}`)),
    correct: 400,
    faulty: 200,
  },
  {
    name: 'v2-filter-keeps-deleted',
    description:
      'Answers filtered v2.0 listings from an index that a delete does not update: a deleted member is still ' +
      'listed by its address, port or name, though no longer in the whole listing.',
    fails: ['v2-delete-gone'],
    catches: ['V2-DELETE-GONE'],
    probe: async (c) => {
      const m = c.v2Member();
      await c.call('DELETE', c.v2Path(undefined, createdId((await c.v2Create(m)).body)));
      return (await v2Positions(c, `address=${String(m.address)}`)).length;
    },
    correct: 0,
    faulty: 1,
  },
  {
    name: 'v2-filter-index-keeps-refused',
    description:
      'Adds every v2.0 create to the index that answers filtered listings before it validates it, and keeps ' +
      'it there when the create is refused (a weight out of range, a duplicate): a listing filtered by its ' +
      'address and port shows it, though the whole listing does not.',
    fails: ['v2-refusal-holds-no-pair', 'v2-duplicate-leaves-first'],
    catches: ['V2-REFUSAL-HOLDS-NO-PAIR', 'V2-DUPLICATE-REJECTED'],
    probe: async (c) => {
      const m = c.v2Member({ weight: 1000 });
      await c.v2Create(m);
      return [(await c.v2All()).length, (await v2Positions(c, `address=${String(m.address)}`)).length];
    },
    correct: [0, 0],
    faulty: [0, 1],
  },
  {
    name: 'duplicate-overwrites',
    description:
      "Refuses a duplicate with 409 but first writes its name, weight and admin_state_up over the member's.",
    fails: ['v2-duplicate-leaves-first'],
    catches: ['V2-DUPLICATE-REJECTED'],
    probe: async (c) => {
      const m = c.v2Member({ name: 'first', weight: 5 });
      const id = createdId((await c.v2Create(m)).body);
      const again = await c.v2Create({ ...m, name: 'second', weight: 7 });
      const { name, weight } = (await c.v2Get(id)).body.member;
      return [again.status, name, weight];
    },
    correct: [409, 'first', 5],
    faulty: [409, 'second', 7],
  },
  {
    name: 'v3-deleted-marker-accepted',
    description:
      'Looks a marker up among deleted members too, so the id of a deleted member is taken as the start of a page.',
    fails: ['v3-delete-gone'],
    catches: ['V3-DELETE-GONE'],
    preload: TEN,
    probe: async (c) => {
      const id = createdId((await c.v3Create(c.v3Member())).body);
      await c.call('DELETE', c.v3Path(undefined, id));
      return statusOf(c.v3List(`limit=3&marker=${id}`));
    },
    correct: 400,
    faulty: 200,
  },
  // v3: a member read by id before its delete is the member the listing shows
  {
    name: 'v3-read-wrong-key',
    description:
      "Looks a v3 member read by id up under the pool's id instead of the member's, so every member reads 404.",
    fails: ['v3-delete-gone'],
    catches: ['V3-DELETE-GONE'],
    collateral: {
      'V3-METHOD-REFUSED':
        'its check reads the member by id before and after the refused requests, and finds none',
    },
    probe: async (c) => statusOf(c.v3Get(createdId((await c.v3Create(c.v3Member())).body))),
    correct: 200,
    faulty: 404,
    overlaps: ['v3-read-name-dropped', 'v3-duplicate-overwrites'],
  },
  {
    name: 'v3-read-name-dropped',
    description:
      "Answers a read of a v3 member by id with an empty name: the read's mapping leaves the name out.",
    fails: ['v3-delete-gone'],
    catches: ['V3-DELETE-GONE'],
    probe: async (c) =>
      (await c.v3Get(createdId((await c.v3Create(c.v3Member({ name: 'web' }))).body))).body.member?.name,
    correct: 'web',
    faulty: '',
    overlaps: ['v3-duplicate-overwrites'],
  },
  // v3: a duplicate (address, protocol_port) is refused and leaves the first member alone
  {
    name: 'v3-duplicate-unchecked',
    description:
      'Never checks a v3 create for a duplicate (address, protocol_port): the pool holds the pair twice.',
    fails: ['v3-duplicate-rejected'],
    catches: ['V3-DUPLICATE-REJECTED'],
    probe: v3DuplicateStored,
    correct: ['ok', 409, 1],
    faulty: ['ok', 'ok', 2],
    overlaps: ['v3-duplicate-stored-anyway', 'v3-duplicate-overwrites'],
  },
  {
    name: 'v3-duplicate-stored-anyway',
    description:
      'Stores a v3 duplicate before it finds the pair taken, and answers 409 without taking the write back.',
    fails: ['v3-duplicate-rejected'],
    catches: ['V3-DUPLICATE-REJECTED'],
    probe: v3DuplicateStored,
    correct: ['ok', 409, 1],
    faulty: ['ok', 409, 2],
    overlaps: ['v3-duplicate-unchecked'],
  },
  {
    name: 'v3-duplicate-overwrites',
    description:
      "Refuses a v3 duplicate with 409 but first writes its name, weight and admin_state_up over the member's.",
    fails: ['v3-duplicate-rejected'],
    // The listing the test reads next shows the first member with the duplicate's name and weight.
    catches: ['V3-LISTED-AS-SENT'],
    probe: async (c) => {
      const m = c.v3Member({ name: 'first', weight: 5 });
      const id = createdId((await c.v3Create(m)).body);
      const again = await c.v3Create({ ...m, name: 'second', weight: 7 });
      const shown = (await c.v3Get(id)).body.member;
      return [again.status, shown?.name, shown?.weight];
    },
    correct: [409, 'first', 5],
    faulty: [409, 'second', 7],
  },
  // v3: limit and marker
  {
    name: 'v3-limit-upper-off-by-one',
    description: 'Accepts limit 2001.',
    fails: ['v3-limit-range-refused'],
    catches: ['V3-LIMIT-RANGE'],
    preload: TEN,
    probe: (c) => statusOf(c.v3List('limit=2001')),
    correct: 400,
    faulty: 200,
  },
  // the isolation check also lists each pool with limit 2000
  {
    name: 'v3-limit-max-rejected',
    description: 'Rejects limit 2000: the range check uses < 2000.',
    fails: ['v3-limit-range-accepted', 'v3-pool-isolation'],
    catches: ['V3-LIMIT-RANGE', 'V3-POOL-ISOLATION'],
    preload: TEN,
    probe: (c) => statusOf(c.v3List('limit=2000')),
    correct: 200,
    faulty: 400,
  },
  {
    name: 'v3-limit-negative-accepted',
    description: 'Treats a negative limit as no limit instead of rejecting it.',
    fails: ['v3-limit-range-refused'],
    catches: ['V3-LIMIT-RANGE'],
    preload: TEN,
    probe: async (c) => {
      const reply = await c.v3List('limit=-1');
      return [reply.status, reply.body.members?.length];
    },
    correct: [400, undefined],
    faulty: [200, 10],
  },
  {
    name: 'v3-limit-lenient-parse',
    description: 'Parses limit with parseInt: "1.5" becomes 1 and "abc" or "" fall back to the default.',
    fails: ['v3-limit-range-refused'],
    catches: ['V3-LIMIT-RANGE'],
    overlaps: ['v3-limit-empty-as-zero'],
    preload: TEN,
    probe: (c) => Promise.all(['1.5', 'abc', ''].map((limit) => statusOf(c.v3List(`limit=${limit}`)))),
    correct: [400, 400, 400],
    faulty: [200, 200, 200],
  },
  {
    name: 'v3-limit-empty-as-zero',
    description: 'Reads limit with Number(), so an empty limit= is limit 0 and answers an empty page.',
    fails: ['v3-limit-range-empty'],
    catches: ['V3-LIMIT-RANGE'],
    overlaps: ['v3-limit-lenient-parse'],
    preload: TEN,
    probe: async (c) => {
      const empty = await c.v3List('limit=');
      return [empty.status, empty.body.members?.length ?? null];
    },
    correct: [400, null],
    faulty: [200, 0],
  },
  // a member of another pool is unknown in this one, and so is a deleted member: both are ignored too
  {
    name: 'v3-marker-unknown-ignored',
    description: 'Ignores a marker that is not in the pool and returns page one.',
    fails: ['v3-marker-invalid-unknown', 'v3-marker-invalid-other-pool', 'v3-delete-gone'],
    catches: ['V3-MARKER-INVALID', 'V3-DELETE-GONE'],
    overlaps: ['v3-marker-cross-pool', 'v3-deleted-marker-accepted'],
    preload: TEN,
    probe: (c) => statusOf(c.v3List(`limit=3&marker=${randomUUID()}`)),
    correct: 400,
    faulty: 200,
  },
  {
    name: 'v3-marker-empty-ignored',
    description: 'Ignores an empty marker instead of rejecting it.',
    fails: ['v3-marker-invalid-empty'],
    catches: ['V3-MARKER-INVALID'],
    preload: TEN,
    probe: (c) => statusOf(c.v3List('limit=3&marker=')),
    correct: 400,
    faulty: 200,
  },
  {
    name: 'v3-marker-cross-pool',
    description: 'Looks markers up in every pool, so a member of another pool is accepted as the start.',
    fails: ['v3-marker-invalid-other-pool'],
    catches: ['V3-MARKER-INVALID'],
    preload: TEN,
    probe: async (c) => {
      const other = await c.v3Create(c.v3Member(), DEFAULTS.v3OtherPoolId);
      return statusOf(c.v3List(`limit=3&marker=${other.body.member?.id}`));
    },
    correct: 400,
    faulty: 200,
  },
  {
    name: 'v3-marker-without-limit-applied',
    description: 'Applies marker even when limit is absent.',
    fails: ['v3-marker-without-limit'],
    catches: ['V3-MARKER-WITHOUT-LIMIT'],
    preload: TEN,
    probe: (c) => positions(c, (all) => `marker=${all[6]}`),
    correct: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    faulty: [7, 8, 9],
  },
  // v3: pages and page_info
  {
    name: 'v3-page-includes-marker',
    description: 'Starts the next page with the marker member itself.',
    ...WRONG_PAGE_START,
    preload: TEN,
    probe: async (c) => (await positions(c, (all) => `limit=3&marker=${all[2]}`)).includes(2),
    correct: false,
    faulty: true,
  },
  {
    name: 'v3-page-skips-one',
    description: 'Skips the member right after the marker.',
    ...WRONG_PAGE_START,
    preload: TEN,
    probe: async (c) => (await positions(c, (all) => `limit=3&marker=${all[2]}`)).includes(3),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-next-marker-on-last-page',
    description: 'Sets next_marker on the last page too.',
    fails: ['v3-page-info'],
    catches: ['V3-PAGE-INFO'],
    preload: TEN,
    probe: async (c) => {
      const all = await v3Ids(c);
      return Object.keys((await c.v3List(`limit=20&marker=${all[0]}`)).body.page_info ?? {}).sort();
    },
    correct: ['current_count', 'previous_marker'],
    faulty: ['current_count', 'next_marker', 'previous_marker'],
  },
  {
    name: 'v3-current-count-total',
    description: 'Reports the filtered total as current_count instead of the page size.',
    fails: ['v3-page-info'],
    catches: ['V3-PAGE-INFO'],
    preload: TEN,
    probe: async (c) => (await c.v3List('limit=3')).body.page_info?.current_count,
    correct: 3,
    faulty: 10,
  },
  // a backward walk starts from the previous_marker of the last forward page
  {
    name: 'v3-previous-marker-last',
    description: 'Reports the last id of the page as previous_marker.',
    fails: ['v3-page-info', 'v3-walk-backward'],
    catches: ['V3-PAGE-INFO', 'V3-WALK-BACKWARD'],
    preload: TEN,
    probe: async (c) => {
      const all = await v3Ids(c);
      return all.indexOf((await c.v3List('limit=3')).body.page_info?.previous_marker ?? '');
    },
    correct: 0,
    faulty: 2,
  },
  {
    name: 'v3-reverse-page-reversed',
    description: 'Returns page_reverse pages in reverse order.',
    fails: ['v3-walk-backward'],
    catches: ['V3-WALK-BACKWARD'],
    preload: TEN,
    probe: async (c) => {
      const seen = await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=true`);
      return seen.every((p, i) => i === 0 || p > (seen[i - 1] ?? 0));
    },
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-reverse-ignored',
    description: 'Ignores page_reverse and returns the forward page.',
    fails: ['v3-walk-backward'],
    catches: ['V3-WALK-BACKWARD'],
    preload: TEN,
    probe: async (c) => (await positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=true`)).sort(),
    correct: [3, 4, 5],
    faulty: [7, 8, 9],
  },
  // Each of the four examples of every run compares a fresh listing of the eight-member read pool with the
  // first one: a uniform shuffle leaves all four equal with a probability of (1/8!)^4, below 1e-18.
  // v3: page_reverse without limit, and page_reverse=false
  {
    name: 'v3-reverse-without-limit-applied',
    description: 'Lists the members in reverse when page_reverse=true comes without limit.',
    fails: ['v3-reverse-default'],
    catches: ['V3-REVERSE-DEFAULT'],
    preload: TEN,
    probe: async (c) => (await positions(c, () => 'page_reverse=true')).slice(0, 2),
    correct: [0, 1],
    faulty: [9, 8],
  },
  {
    name: 'v3-reverse-false-as-true',
    description: 'Takes page_reverse as true whenever it is given, false too.',
    fails: ['v3-reverse-default'],
    catches: ['V3-REVERSE-DEFAULT'],
    preload: TEN,
    probe: async (c) => positions(c, () => 'limit=2&page_reverse=false'),
    correct: [0, 1],
    faulty: [8, 9],
  },
  // v3: page_reverse spelled other than true or false
  {
    name: 'v3-page-reverse-other-500',
    description:
      'Reads page_reverse with a strict boolean parser whose error nobody catches: any value but true or false answers 500.',
    fails: ['v3-reverse-values'],
    catches: ['V3-REVERSE-VALUES'],
    preload: TEN,
    probe: (c) => statusOf(c.v3List('limit=3&page_reverse=maybe')),
    correct: 400,
    faulty: 500,
  },
  {
    name: 'v3-page-reverse-other-first-page',
    description:
      'Resets the paging on a page_reverse it cannot read: any value but true or false drops the marker and answers page one.',
    fails: ['v3-reverse-values'],
    catches: ['V3-REVERSE-VALUES'],
    preload: TEN,
    probe: (c) => positions(c, (all) => `limit=3&marker=${all[6]}&page_reverse=maybe`),
    correct: [],
    faulty: [0, 1, 2],
    overlaps: ['v3-page-reverse-other-500', 'v3-error-neutron-shape'],
  },
  {
    name: 'v3-unstable-order',
    description: 'Reshuffles the listing order on every request.',
    fails: ['v3-stable-order'],
    catches: ['V3-STABLE-ORDER'],
    collateral: {
      'V3-WALK-FORWARD': 'pages cut from differently shuffled listings repeat and miss members',
      'V3-PAGE-INFO': 'next_marker names a member that a shuffled next listing may put last',
      'V3-WALK-BACKWARD': 'the backward pages are cut from other shuffles than the forward ones',
      'V3-MARKER-CONTINUITY': 'the member after the marker differs from one shuffle to the next',
      'V3-MARKER-WITHOUT-LIMIT': 'the listing with a marker and the one without are shuffled apart',
      'V3-FILTER-PAGINATED': 'a filtered walk pages through differently shuffled listings',
      'V3-REVERSE-DEFAULT': 'the listings and pages with page_reverse and those without are shuffled apart',
    },
    // every probe that takes a marker from one listing and pages with it in the next
    overlaps: [
      'v3-marker-without-limit-applied',
      'v3-page-includes-marker',
      'v3-page-skips-one',
      'v3-next-marker-on-last-page',
      'v3-previous-marker-last',
      'v3-reverse-page-reversed',
      'v3-reverse-ignored',
      'v3-filter-after-pagination',
      'v3-reverse-without-limit-applied',
      'v3-reverse-false-as-true',
    ],
    preload: { [DEFAULTS.v3PoolId]: 30 },
    probe: async (c) => {
      const first = await v3Ids(c);
      const again = await Promise.all([v3Ids(c), v3Ids(c), v3Ids(c)]);
      return again.every((order) => order.join() === first.join());
    },
    correct: true,
    faulty: false,
  },
  // v3: filters
  {
    name: 'v3-filter-last-value-wins',
    description: 'Uses only the last value of a repeated filter parameter.',
    fails: ['v3-filter-repeated'],
    catches: ['V3-FILTER-REPEATED'],
    collateral: {
      'V3-FILTER-COMBINED': 'a combined filter may give one of its parameters two values',
      'V3-FILTER-PAGINATED': 'a filtered walk may give its parameter two values',
    },
    preload: TEN,
    probe: async (c) => {
      const [a, b] = (await c.v3List()).body.members ?? [];
      return (await c.v3List(`name=${a?.name}&name=${b?.name}`)).body.members?.length;
    },
    correct: 2,
    faulty: 1,
  },
  {
    name: 'v3-filter-params-ored',
    description: 'OR-s different filter parameters instead of AND-ing them.',
    fails: ['v3-filter-combined'],
    catches: ['V3-FILTER-COMBINED'],
    collateral: {
      'V3-FILTER-PAGINATED': 'a filtered walk may combine two parameters',
      'V3-DUPLICATE-REJECTED':
        "its listing filtered by address and protocol_port draws members on either, another team's too",
    },
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
    name: 'v3-filter-prefix-match',
    description: 'Matches string filters as prefixes.',
    fails: ['v3-filter-match'],
    catches: ['V3-FILTER-MATCH'],
    collateral: filterCollateral('a prefix of a name or address among its values'),
    preload: TEN,
    probe: async (c) => {
      const [a] = (await c.v3List()).body.members ?? [];
      return (await c.v3List(`name=${a?.name.slice(0, 3)}`)).body.members?.length !== 0;
    },
    correct: false,
    faulty: true,
  },
  {
    name: 'v3-filter-ignores-member-type',
    description: 'Ignores the member_type filter.',
    fails: ['v3-filter-match'],
    catches: ['V3-FILTER-MATCH'],
    collateral: filterCollateral('member_type as one of its parameters'),
    preload: TEN,
    probe: async (c) =>
      new Set((await c.v3List('member_type=ip')).body.members?.map((m) => m.member_type)).size,
    correct: 1,
    faulty: 2,
  },
  // The examples walk with limit 1 on values the last member shows and the first does not: the first page,
  // filtered after it was cut, is empty, and the walk ends there without the last member.
  {
    name: 'v3-filter-after-pagination',
    description: 'Applies filters to the page after paginating the full listing.',
    fails: ['v3-filter-paginated'],
    catches: ['V3-FILTER-PAGINATED'],
    preload: TEN,
    probe: async (c) => (await c.v3List('ip_version=v6&limit=2')).body.members?.length,
    correct: 2,
    faulty: 0,
  },
  // v3: scope, auth and representation (a wrong form is reported by the contract check of every listing, under
  // its own id)
  {
    name: 'v3-pool-leak',
    description: 'Lists the members of every pool of the project.',
    fails: ['v3-pool-isolation'],
    catches: ['V3-POOL-ISOLATION'],
    preload: TEN_AND_ONE,
    probe: async (c) => (await v3Ids(c)).length,
    correct: 10,
    faulty: 11,
  },
  {
    name: 'v3-unknown-pool-empty',
    description: 'Answers a listing of an unknown pool with 200 and no members.',
    fails: ['v3-pool-unknown'],
    catches: ['V3-POOL-UNKNOWN'],
    probe: (c) => statusOf(c.v3List('', randomUUID())),
    correct: 404,
    faulty: 200,
  },
  {
    name: 'v3-create-unknown-pool-500',
    description:
      'Skips the pool check of a v3 create, whose write then fails on a pool that does not exist: 500.',
    fails: ['v3-pool-unknown'],
    catches: ['V3-POOL-UNKNOWN'],
    probe: async (c) => statusOf(c.v3Create(c.v3Member(), randomUUID())),
    correct: 404,
    faulty: 500,
  },
  {
    name: 'v3-read-unknown-pool-500',
    description:
      'Answers a read of a v3 member in a pool that does not exist with 500: it reads the member of a pool it did not find.',
    fails: ['v3-pool-unknown'],
    catches: ['V3-POOL-UNKNOWN'],
    probe: (c) => statusOf(c.v3Get(randomUUID(), randomUUID())),
    correct: 404,
    faulty: 500,
  },
  {
    name: 'v3-delete-unknown-pool-204',
    description:
      'Answers a delete of a v3 member in a pool that does not exist with 204, as if there were nothing left to do.',
    fails: ['v3-pool-unknown'],
    catches: ['V3-POOL-UNKNOWN'],
    probe: (c) => statusOf(c.call('DELETE', c.v3Path(randomUUID(), randomUUID()))),
    correct: 404,
    faulty: 204,
  },
  {
    name: 'v3-auth-missing-accepted',
    description: 'Accepts /v3 requests without X-Auth-Token.',
    fails: ['v3-auth-missing-token'],
    catches: ['V3-AUTH'],
    probe: (c) => statusOf(c.call('GET', c.v3Path(), { token: null })),
    correct: 401,
    faulty: 200,
  },
  {
    name: 'v3-auth-any-token',
    description: 'Accepts any non-empty X-Auth-Token on /v3.',
    fails: ['v3-auth-wrong-token'],
    catches: ['V3-AUTH'],
    probe: (c) => statusOf(c.call('GET', c.v3Path(), { token: 'wrong' })),
    correct: 401,
    faulty: 200,
  },
  // v3: ownership (the path's project_id is the token's project, and every listed member's)
  {
    name: 'v3-project-unchecked',
    description:
      'Lists a pool under any project_id in the path: the listing looks the pool up by its id alone.',
    fails: ['v3-project-foreign'],
    catches: ['V3-PROJECT-FOREIGN'],
    preload: TEN,
    overlaps: ['v3-forbidden-body-gateway'],
    probe: v3ForeignProject,
    correct: [403, 0],
    faulty: [200, 10],
  },
  {
    name: 'v3-listed-project-foreign',
    description:
      "Shows as every v3 member's project_id the project of the load balancer service's own account, not the owner's.",
    // V3Members checks project_id in every listing it reads: every v3 test that lists a member fails with it.
    fails: ['v3-listed-project'],
    catches: ['V3-LISTED-PROJECT'],
    preload: TEN,
    probe: async (c) =>
      (await c.v3List()).body.members?.some((m) => 'project_id' in m && m.project_id !== c.d.projectId),
    correct: false,
    faulty: true,
  },
  {
    name: 'v3-ip-version-always-v4',
    description: 'Reports ip_version "v4" for every member, IPv6 ones included.',
    fails: ['v3-ip-version-v6'],
    catches: ['V3-IP-VERSION'],
    preload: TEN,
    probe: async (c) => [...new Set((await c.v3List()).body.members?.map((m) => m.ip_version))].sort(),
    correct: ['v4', 'v6'],
    faulty: ['v4'],
  },
  {
    name: 'v3-ip-version-swapped',
    description: 'Reports ip_version "v6" for IPv4 members and "v4" for IPv6 ones (the mapping inverted).',
    fails: ['v3-ip-version-v4', 'v3-ip-version-v6'],
    catches: ['V3-IP-VERSION'],
    preload: TEN,
    probe: async (c) =>
      (await c.v3List()).body.members
        ?.map((m) => `${m.address.includes(':') ? 6 : 4}:${m.ip_version}`)
        .sort()[0],
    correct: '4:v4',
    faulty: '4:v6',
  },
  // v3: what a listed member's fields say of its create (src/rules/v3-members.ts: every listing is held to them)
  {
    name: 'v3-weight-default-zero',
    description: 'Stores weight 0 for a v3 member created without weight.',
    fails: ['v3-created-defaults'],
    catches: ['V3-CREATED-DEFAULTS'],
    probe: async (c) => (await c.v3Create(c.v3Member())).body.member?.weight,
    correct: 1,
    faulty: 0,
  },
  {
    name: 'v3-member-type-always-instance',
    description: 'Lists every member with member_type "instance", IP-as-a-backend ones too.',
    fails: ['v3-created-defaults'],
    catches: ['V3-CREATED-DEFAULTS'],
    // member_type=ip then matches no member: the listing and the filter agree
    overlaps: ['v3-filter-ignores-member-type'],
    preload: TEN,
    probe: async (c) => [...new Set((await c.v3All()).map((m) => m.member_type))].sort(),
    correct: ['instance', 'ip'],
    faulty: ['instance'],
  },
  {
    name: 'v3-instance-id-invented',
    description: 'Gives IP-as-a-backend members (no cloud server behind them) an instance_id.',
    fails: ['v3-created-defaults'],
    catches: ['V3-CREATED-DEFAULTS'],
    preload: TEN,
    probe: async (c) => (await c.v3All()).filter((m) => m.member_type === 'ip').every((m) => !m.instance_id),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-created-at-epoch',
    description: 'Lists created_at as 1970-01-01T00:00:00Z, the epoch, for every member.',
    fails: ['v3-created-time'],
    catches: ['V3-CREATED-TIME'],
    preload: TEN,
    probe: async (c) => (await c.v3All()).some((m) => m.created_at?.startsWith('1970-')),
    correct: false,
    faulty: true,
  },
  {
    name: 'v3-ipv6-subnet-dropped',
    description: 'Lists IPv6 members with subnet_cidr_id null, as if they were IP-as-a-backend members.',
    fails: ['v3-ip-member-ipv4'],
    catches: ['V3-IP-MEMBER-IPV4'],
    preload: TEN,
    probe: async (c) =>
      (await c.v3All()).filter((m) => m.address.includes(':')).every((m) => !!m.subnet_cidr_id),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-ipv6-ip-member-accepted',
    description: 'Takes a v3 create of an IPv6 address without subnet_cidr_id as an IP-as-a-backend member.',
    fails: ['v3-ip-member-ipv6-refused'],
    catches: ['V3-IP-MEMBER-IPV4'],
    probe: async (c) =>
      outcome(
        (await c.v3Create(c.v3Member({ address: '2001:db8:a583:6a::77', subnet_cidr_id: undefined }))).status,
      ),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'v3-create-weight-ignored',
    description: 'Stores every v3 member with weight 1, whatever weight its create sent.',
    fails: ['v3-listed-as-sent'],
    catches: ['V3-LISTED-AS-SENT'],
    probe: async (c) => {
      const { body } = await c.v3Create(c.v3Member({ weight: 7 }));
      return (await c.v3All()).find((m) => m.id === body?.member?.id)?.weight;
    },
    correct: 7,
    faulty: 1,
    overlaps: ['v3-duplicate-overwrites'],
  },
  // v3: a create without an address, with one that is no IP address, or with a subnet_cidr_id that names no subnet
  {
    name: 'v3-address-type-500',
    description:
      'Hands a v3 address that is not a string (a number, null) to the IP parser, which throws on it: 500.',
    fails: ['v3-create-invalid'],
    catches: ['V3-CREATE-INVALID'],
    probe: (c) => statusOf(c.v3Create(c.v3Member({ address: 167772161 }))),
    correct: 400,
    faulty: 500,
  },
  {
    name: 'v3-address-unparsed',
    description: 'Stores a v3 address as sent without checking that it is an IP address.',
    fails: ['v3-create-invalid'],
    catches: ['V3-CREATE-INVALID'],
    probe: async (c) => outcome((await c.v3Create(c.v3Member({ address: 'not-an-address' }))).status),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'v3-subnet-unknown-ip-member',
    description:
      'Takes a v3 subnet_cidr_id that names no subnet for none, and stores the member as IP as a backend.',
    fails: ['v3-create-invalid'],
    catches: ['V3-CREATE-INVALID'],
    probe: async (c) => outcome((await c.v3Create(c.v3Member({ subnet_cidr_id: randomUUID() }))).status),
    correct: 400,
    faulty: 'ok',
  },
  // v3: IP-as-a-backend members in a pool whose protocol is none of TCP, HTTP, HTTPS (TARGET_V3_UDP_POOL_ID)
  {
    name: 'v3-ip-member-any-protocol',
    description:
      'Takes a v3 create without subnet_cidr_id as an IP-as-a-backend member in a pool of any protocol, UDP included.',
    fails: ['v3-ip-member-protocol'],
    catches: ['V3-IP-MEMBER-PROTOCOL'],
    probe: async (c) =>
      outcome((await c.v3Create(c.v3Member({ subnet_cidr_id: undefined }), DEFAULTS.v3UdpPoolId)).status),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'v3-address-subnet-unchecked',
    description:
      "Never checks that a v3 member's address is inside its subnet_cidr_id, and lists it where it was put.",
    fails: ['v3-subnet-address'],
    catches: ['V3-SUBNET-ADDRESS'],
    overlaps: ['v3-subnet-family-unchecked'],
    probe: async (c) => outcome((await c.v3Create(c.v3Member({ address: '203.0.113.10' }))).status),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'v3-forbidden-body-gateway',
    description:
      'Refuses a path naming another project in front of the API, as a gateway would: 403 with {"message": "Forbidden"}, no error_msg, error_code or request_id.',
    fails: ['v3-error-body', 'v3-project-foreign'],
    catches: ['V3-ERROR-BODY'],
    probe: v3ForeignProjectBody,
    correct: ['error_msg', 'error_code', 'request_id'],
    faulty: ['message'],
  },
  {
    name: 'v3-subnet-family-unchecked',
    description:
      "Checks a v3 member's address against its subnet_cidr_id only when both are of one family: an IPv6 address is stored, and listed, in an IPv4 subnet.",
    fails: ['v3-subnet-address'],
    catches: ['V3-SUBNET-ADDRESS'],
    probe: async (c) => outcome((await c.v3Create(c.v3Member({ address: '2001:db8:ffff::10' }))).status),
    correct: 400,
    faulty: 'ok',
  },
  {
    name: 'v3-member-missing-project-id',
    description: 'Leaves project_id out of v3 members.',
    fails: ['v3-list-shape'],
    catches: ['V3-LIST-SHAPE'],
    preload: TEN,
    probe: async (c) => (await c.v3List()).body.members?.every((m) => 'project_id' in m),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-timestamp-millis',
    description: 'Formats created_at/updated_at with milliseconds.',
    fails: ['v3-list-shape'],
    catches: ['V3-LIST-SHAPE'],
    preload: TEN,
    probe: async (c) => (await c.v3List()).body.members?.every((m) => TIMESTAMP.test(m.created_at ?? '')),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-operating-status-lowercase',
    description: 'Reports operating_status in lower case ("no_monitor").',
    fails: ['v3-list-shape'],
    catches: ['V3-LIST-SHAPE'],
    preload: TEN,
    probe: async (c) =>
      (await c.v3List()).body.members?.every((m) => m.operating_status === m.operating_status.toUpperCase()),
    correct: true,
    faulty: false,
  },
  {
    name: 'v3-error-neutron-shape',
    description: 'Sends v3 errors in the v2.0 NeutronError shape.',
    fails: ['v3-error-body'],
    catches: ['V3-ERROR-BODY'],
    overlaps: ['v3-forbidden-body-gateway'],
    probe: async (c) => Object.keys((await c.v3List('limit=5&page_reverse=maybe')).body ?? {}).sort(),
    correct: ['error_code', 'error_msg', 'request_id'],
    faulty: ['NeutronError'],
  },
  {
    name: 'v3-request-id-missing',
    description: 'Leaves request_id out of v3 list responses.',
    fails: ['v3-list-shape'],
    catches: ['V3-LIST-SHAPE'],
    probe: async (c) => typeof (await c.v3List()).body.request_id,
    correct: 'string',
    faulty: 'undefined',
  },
  {
    name: 'v3-content-type-text',
    description: 'Labels v3 list responses as text/plain.',
    fails: ['v3-content-type'],
    catches: ['V3-CONTENT-TYPE'],
    probe: (c) => mimeOf(c.v3List()),
    correct: 'application/json',
    faulty: 'text/plain',
  },
]);

export type FaultName = (typeof TABLE)[number]['name'];

export const FAULT_ROWS: readonly (FaultRow & { readonly name: FaultName })[] = TABLE;

/** The row of a fault; throws on a name no row has. */
/** The APIs whose routes a fault touches, by the naming rule of the table (see FaultRow): v3, v2 or both. */
export function faultApis(name: string): ('v3' | 'v2')[] {
  if (name.startsWith('v3-')) return ['v3'];
  return name.startsWith('delete-') || name.startsWith('route-') ? ['v3', 'v2'] : ['v2'];
}

export function faultRow(name: string): FaultRow {
  const row = FAULT_ROWS.find((r) => r.name === name);
  if (!row) throw new Error(`no fault row named ${name}`);
  return row;
}
