/**
 * The rules of what a v2.0 create sent (src/rules/v2-values.ts, v2-body.ts, v2-duplicates.ts,
 * server-error.ts), under both profiles, over fabricated bodies and statuses.
 */
import { expect, test } from '../support/harness';
import {
  answeredNothing,
  bodyFindings,
  bodyRuleOf,
  boundFindings,
  concurrentCreates,
  createSent,
  createSucceeded,
  duplicateCreate,
  heldOnce,
  refusalShows,
  requestAbout,
  serverError,
  valueDemand,
  valueRuleOf,
} from '../../../src/rules';
import { PROFILE_TABLE } from '../../../src/target/profiles';
import { broken, ruleTable } from './table';

const { huawei, octavia } = PROFILE_TABLE;
const VALID = { address: '192.168.0.10', protocol_port: 80, subnet_id: 's-1', name: 'web', weight: 1 };

/** Each row: a change to a valid member, and the value rule it breaks under each profile (null: none). */
const VALUES: { change: Record<string, unknown>; huawei: string | null; octavia: string | null }[] = [
  { change: {}, huawei: null, octavia: null },
  { change: { address: undefined }, huawei: 'V2-REQUIRED-FIELDS', octavia: 'V2-REQUIRED-FIELDS' },
  { change: { protocol_port: undefined }, huawei: 'V2-REQUIRED-FIELDS', octavia: 'V2-REQUIRED-FIELDS' },
  { change: { subnet_id: undefined }, huawei: 'V2-REQUIRED-FIELDS', octavia: null },
  { change: { weight: 0 }, huawei: null, octavia: null },
  { change: { weight: 100 }, huawei: null, octavia: null },
  { change: { weight: 101 }, huawei: 'V2-WEIGHT-RANGE', octavia: null },
  { change: { weight: 256 }, huawei: 'V2-WEIGHT-RANGE', octavia: null },
  { change: { weight: 257 }, huawei: 'V2-WEIGHT-RANGE', octavia: 'V2-WEIGHT-RANGE' },
  { change: { weight: -1 }, huawei: 'V2-WEIGHT-RANGE', octavia: 'V2-WEIGHT-RANGE' },
  { change: { weight: 1.5 }, huawei: 'V2-WEIGHT-TYPE', octavia: 'V2-WEIGHT-TYPE' },
  { change: { weight: '5' }, huawei: 'V2-WEIGHT-TYPE', octavia: 'V2-WEIGHT-TYPE' },
  { change: { weight: null }, huawei: 'V2-WEIGHT-TYPE', octavia: 'V2-WEIGHT-TYPE' },
  { change: { protocol_port: 1 }, huawei: null, octavia: null },
  { change: { protocol_port: 65535 }, huawei: null, octavia: null },
  { change: { protocol_port: 0 }, huawei: 'V2-PORT-RANGE', octavia: 'V2-PORT-RANGE' },
  { change: { protocol_port: 65536 }, huawei: 'V2-PORT-RANGE', octavia: 'V2-PORT-RANGE' },
  { change: { protocol_port: '80' }, huawei: 'V2-PORT-TYPE', octavia: 'V2-PORT-TYPE' },
  { change: { name: '' }, huawei: null, octavia: null },
  { change: { name: 'n'.repeat(255) }, huawei: null, octavia: null },
  { change: { name: 'n'.repeat(256) }, huawei: 'V2-NAME-LENGTH', octavia: 'V2-NAME-LENGTH' },
  // A character is a code point: 255 astral ones (510 UTF-16 units) are not too long, 256 are.
  { change: { name: '\u{1F600}'.repeat(255) }, huawei: null, octavia: null },
  { change: { name: '\u{1F600}'.repeat(256) }, huawei: 'V2-NAME-LENGTH', octavia: 'V2-NAME-LENGTH' },
  { change: { name: 123 }, huawei: 'V2-NAME-TYPE', octavia: 'V2-NAME-TYPE' },
  { change: { name: null }, huawei: 'V2-NAME-TYPE', octavia: 'V2-NAME-TYPE' },
  { change: { admin_state_up: 'true' }, huawei: 'V2-ADMIN-STATE-TYPE', octavia: 'V2-ADMIN-STATE-TYPE' },
  { change: { admin_state_up: false }, huawei: null, octavia: null },
  // subnet_id is a string where it is mandatory; under octavia null may stand for none.
  { change: { subnet_id: 42 }, huawei: 'V2-SUBNET-ID-TYPE', octavia: null },
  { change: { subnet_id: null }, huawei: 'V2-SUBNET-ID-TYPE', octavia: null },
  { change: { subnet_id: ['s-1'] }, huawei: 'V2-SUBNET-ID-TYPE', octavia: null },
  // First match wins: the refusal is about the first rule of the table the member breaks.
  {
    change: { address: undefined, weight: 'x' },
    huawei: 'V2-REQUIRED-FIELDS',
    octavia: 'V2-REQUIRED-FIELDS',
  },
  { change: { weight: 500, name: 'n'.repeat(300) }, huawei: 'V2-WEIGHT-RANGE', octavia: 'V2-WEIGHT-RANGE' },
];

/** A change as a title shows it: "without address", "weight=101". */
function describeChange(change: Record<string, unknown>): string {
  const parts = Object.entries(change).map(([k, v]) =>
    v === undefined ? `without ${k}` : `${k}=${JSON.stringify(v).slice(0, 12)}`,
  );
  return parts.join(', ') || 'a valid member';
}

function member(change: Record<string, unknown>): Record<string, unknown> {
  const m: Record<string, unknown> = { ...VALID, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete m[k];
  return m;
}

for (const row of VALUES) {
  for (const profile of [huawei, octavia]) {
    const expected = row[profile.name as 'huawei' | 'octavia'];
    test(`valueRuleOf (${profile.name}): ${describeChange(row.change)} breaks ${expected ?? 'nothing'}`, () => {
      expect(valueRuleOf(member(row.change), profile)?.requirement ?? null).toBe(expected);
      expect(valueDemand(member(row.change), profile)).toEqual(
        expected ? profile.refusals.invalidMember : profile.v2CreateSuccess,
      );
    });
  }
}

ruleTable('boundFindings', [
  ...[201, 200].map((status) => ({
    title: `a ${status} for bounded values inside their ranges keeps each bound`,
    findings: () => boundFindings(member({}), status, huawei),
    outcome: 'held' as const,
  })),
  {
    title: 'a success for weight 101 under huawei breaks V2-WEIGHT-RANGE at /member/weight',
    findings: () => boundFindings(member({ weight: 101 }), 201, huawei),
    outcome: [broken('V2-WEIGHT-RANGE', '/member/weight')],
  },
  {
    title: 'weight 101 under octavia keeps it',
    findings: () => boundFindings(member({ weight: 101 }), 201, octavia),
    outcome: 'held',
  },
  {
    title: 'a success for port 65536 breaks V2-PORT-RANGE',
    findings: () => boundFindings(member({ protocol_port: 65536 }), 201, huawei),
    outcome: [broken('V2-PORT-RANGE', '/member/protocol_port')],
  },
  {
    title: 'a success for a name of 256 characters breaks V2-NAME-LENGTH',
    findings: () => boundFindings(member({ name: 'n'.repeat(256) }), 200, octavia),
    outcome: [broken('V2-NAME-LENGTH', '/member/name')],
  },
  {
    title: 'a refusal shows nothing of the bounds',
    findings: () => boundFindings(member({ weight: 101 }), 400, huawei),
    outcome: 'nothing',
  },
  {
    title: 'a value of the wrong type shows nothing of its bound',
    findings: () => boundFindings({ address: 'a', protocol_port: '80', weight: '500', name: 7 }, 201, huawei),
    outcome: 'nothing',
  },
]);

const BIG = `{"member": ${JSON.stringify(VALID)}${' '.repeat(1024 * 1024)}}`;
const body = (value: unknown) => createSent(typeof value === 'string' ? value : JSON.stringify(value));

test('bodyRuleOf: not JSON, not an object, no member object: malformed; over 1 MiB: too large', () => {
  for (const raw of ['', 'member: x', '[]', 'null', '42', '{}', '{"member": null}', '{"member": []}'])
    expect(bodyRuleOf(createSent(raw), huawei)?.requirement, raw).toBe('V2-BODY-MALFORMED');
  expect(bodyRuleOf(createSent(BIG), huawei)?.requirement).toBe('V2-BODY-TOO-LARGE');
  expect(bodyRuleOf(body({ member: VALID }), huawei)).toBeUndefined();
});

ruleTable('bodyFindings', [
  {
    title: 'a 400 for a malformed body keeps it',
    findings: () => bodyFindings(body('x'), 400, octavia),
    outcome: 'held',
  },
  {
    title: 'a 422 keeps it where any 4xx is the refusal',
    findings: () => bodyFindings(body('x'), 422, huawei),
    outcome: 'held',
  },
  {
    title: 'a 422 under octavia (400 named) shows nothing',
    findings: () => bodyFindings(body('x'), 422, octavia),
    outcome: 'nothing',
  },
  ...[401, 403, 404].map((status) => ({
    title: `a ${status} may refuse the token or the pool: it shows nothing`,
    findings: () => bodyFindings(body('x'), status, huawei),
    outcome: 'nothing' as const,
  })),
  {
    title: 'a success for a malformed body breaks it',
    findings: () => bodyFindings(body([{ member: VALID }]), 201, huawei),
    outcome: [broken('V2-BODY-MALFORMED')],
  },
  {
    title: 'a body over 1 MiB refused with a 413 keeps it',
    findings: () => bodyFindings(createSent(BIG), 413, huawei),
    outcome: 'held',
  },
  {
    title: 'a body over 1 MiB taken as any other shows nothing',
    findings: () => bodyFindings(createSent(BIG), 201, huawei),
    outcome: 'nothing',
  },
  {
    title: 'a valid body meets no body rule',
    findings: () => bodyFindings(body({ member: VALID }), 201, huawei),
    outcome: 'nothing',
  },
]);

const SENT = body({ member: VALID });

ruleTable('duplicateCreate', [
  {
    title: 'a 409 for a held pair keeps it',
    findings: () => duplicateCreate(SENT, 'm-1', 409, huawei),
    outcome: 'held',
  },
  {
    title: 'a success for a held pair breaks it',
    findings: () => duplicateCreate(SENT, 'm-1', 201, huawei),
    outcome: [broken('V2-DUPLICATE-REJECTED')],
  },
  {
    title: 'a pair nobody holds shows nothing',
    findings: () => duplicateCreate(SENT, undefined, 201, huawei),
    outcome: 'nothing',
  },
  {
    title: 'a refusal of a held pair whose body breaks a value rule shows nothing',
    findings: () => duplicateCreate(body({ member: { ...VALID, weight: 101 } }), 'm-1', 400, huawei),
    outcome: 'nothing',
  },
  {
    title: 'a 404 shows nothing',
    findings: () => duplicateCreate(SENT, 'm-1', 404, huawei),
    outcome: 'nothing',
  },
]);

const ENDPOINT = { address: '192.168.0.10', port: 80 };

ruleTable('heldOnce', [
  {
    title: 'one member on the endpoint holds',
    findings: () => [heldOnce('V2-DUPLICATE-REJECTED', [{ id: 'a' }], ENDPOINT)],
    outcome: 'held',
  },
  ...[0, 2].map((n) => ({
    title: `${n} members on the endpoint break it`,
    findings: () => [
      heldOnce(
        'V2-DUPLICATE-CONCURRENT',
        Array.from({ length: n }, (_, i) => ({ id: `m${i}` })),
        ENDPOINT,
      ),
    ],
    outcome: [broken('V2-DUPLICATE-CONCURRENT')],
  })),
]);

ruleTable('concurrentCreates', [
  {
    title: 'one success among refusals holds',
    findings: () => [concurrentCreates([201, 409, 409], huawei)],
    outcome: 'held',
  },
  {
    title: 'two successes break it',
    findings: () => [concurrentCreates([201, 201, 409], huawei)],
    outcome: [broken('V2-DUPLICATE-CONCURRENT')],
  },
  {
    title: 'no success breaks it',
    findings: () => [concurrentCreates([409, 409], huawei)],
    outcome: [broken('V2-DUPLICATE-CONCURRENT')],
  },
  {
    title: 'under octavia only a 201 counts as the success',
    findings: () => [concurrentCreates([200, 201, 409], octavia)],
    outcome: 'held',
  },
]);

const every = () => true;
const create = (sent = SENT, heldBy?: string) => ({
  operationId: 'createMemberV2',
  status: 500,
  statusText: 'Internal Server Error',
  token: true,
  create: { sent, heldBy },
});

test('requestAbout: a 5xx is about the first rule the request meets', () => {
  const rows: [Parameters<typeof requestAbout>[0], string][] = [
    [create(body('x')), 'V2-BODY-MALFORMED'],
    [create(createSent(BIG)), 'V2-BODY-TOO-LARGE'],
    [create(body({ member: { ...VALID, weight: 101 } })), 'V2-WEIGHT-RANGE'],
    [create(SENT, 'm-1'), 'V2-DUPLICATE-REJECTED'],
    [create(SENT), 'V2-CREATE-RESPONSE'],
    [{ ...create(), token: false }, 'V2-AUTH'],
    [{ operationId: 'listMembersV3', status: 500, statusText: '', token: false }, 'V3-AUTH'],
    [{ operationId: 'showMemberV2', status: 502, statusText: '', token: true }, 'V2-CREATE-READBACK'],
  ];
  for (const [seen, about] of rows)
    expect(requestAbout(seen, huawei, every), JSON.stringify(seen).slice(0, 80)).toBe(about);
  // A requirement the profile does not have gives way to the operation's response rule.
  expect(requestAbout(create(SENT, 'm-1'), huawei, (id) => id !== 'V2-DUPLICATE-REJECTED')).toBe(
    'V2-CREATE-RESPONSE',
  );
});

ruleTable('serverError', [
  {
    title: 'a 500 breaks the rule the request is about',
    findings: () => serverError(create(body('x')), huawei, every),
    outcome: [broken('V2-BODY-MALFORMED')],
  },
  {
    title: 'a 503 shows nothing',
    findings: () => serverError({ ...create(), status: 503 }, huawei, every),
    outcome: 'nothing',
  },
  ...[201, 400, 404].map((status) => ({
    title: `a ${status} shows nothing of it`,
    findings: () => serverError({ ...create(), status }, huawei, every),
    outcome: 'nothing' as const,
  })),
]);

/** Each row: a status, and whether it shows a rule whose refusal is any 4xx / 400, and a create's success. */
const STATUSES: {
  status: number;
  any4xx: boolean;
  only400: boolean;
  huaweiSuccess: boolean;
  octaviaSuccess: boolean;
}[] = [
  { status: 201, any4xx: false, only400: false, huaweiSuccess: true, octaviaSuccess: true },
  { status: 200, any4xx: false, only400: false, huaweiSuccess: true, octaviaSuccess: false },
  { status: 400, any4xx: true, only400: true, huaweiSuccess: false, octaviaSuccess: false },
  { status: 409, any4xx: true, only400: false, huaweiSuccess: false, octaviaSuccess: false },
  { status: 401, any4xx: false, only400: false, huaweiSuccess: false, octaviaSuccess: false },
  { status: 403, any4xx: false, only400: false, huaweiSuccess: false, octaviaSuccess: false },
  { status: 404, any4xx: false, only400: false, huaweiSuccess: false, octaviaSuccess: false },
  { status: 429, any4xx: false, only400: false, huaweiSuccess: false, octaviaSuccess: false },
  { status: 500, any4xx: false, only400: false, huaweiSuccess: false, octaviaSuccess: false },
];

for (const row of STATUSES)
  test(`status ${row.status}: shows a refusal ${row.any4xx ? '' : 'not '}(any 4xx), a create's success ${row.huaweiSuccess ? '' : 'not '}(huawei)`, () => {
    expect(refusalShows('4xx', row.status)).toBe(row.any4xx);
    expect(refusalShows(400, row.status)).toBe(row.only400);
    expect(createSucceeded(row.status, huawei)).toBe(row.huaweiSuccess);
    expect(createSucceeded(row.status, octavia)).toBe(row.octaviaSuccess);
    expect(answeredNothing(row.status, false)).toBe(row.status === 429);
  });

test('answeredNothing: a 503, a 429 and a busy 409 answer nothing; a 409 that is not busy does', () => {
  expect([503, 429].map((s) => answeredNothing(s, false))).toEqual([true, true]);
  expect(answeredNothing(409, true)).toBe(true);
  expect(answeredNothing(409, false)).toBe(false);
});
