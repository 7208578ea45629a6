// The response schemas of the contract accept a correct body, catch hand-picked wrong ones where they are
// wrong, and accept what docs/readings.md §5 leaves open.
import { expect, test } from './support/harness';
import {
  check,
  long,
  neutronError,
  pageInfo,
  summary,
  v2,
  v2Link,
  v2List,
  v2Member,
  v3,
  v3Error,
  v3List,
  v3Member,
  type Fields,
} from './support/contract-bodies';

// ---------------------------------------------------------------------------------------------------------
// The response schemas accept a correct body and catch hand-picked wrong ones where they are wrong.

type Wrong = [why: string, body: unknown, pointer: string, keyword: string];
interface SchemaCase {
  operationId: string;
  status: number;
  valid: unknown;
  wrong: Wrong[];
}

const v2ErrorCases = (operationId: string, status: number): SchemaCase => ({
  operationId,
  status,
  valid: neutronError('Invalid input for weight.'),
  wrong: [
    ['an empty NeutronError message', neutronError(''), '/NeutronError/message', 'minLength'],
    ['an empty error_msg', { error_msg: '', error_code: 'ELB.1001' }, '/error_msg', 'minLength'],
    ['an empty faultstring', { faultcode: 'Client', faultstring: '' }, '/faultstring', 'minLength'],
    ['no known shape', { message: 'boom' }, '', 'anyOf'],
    ['error_msg without error_code', { error_msg: 'boom' }, '/error_code', 'dependentRequired'],
    ['faultstring without faultcode', { faultstring: 'boom' }, '/faultcode', 'dependentRequired'],
    ['NeutronError a string', { NeutronError: 'boom' }, '/NeutronError', 'type'],
    ['a bare string', 'Invalid input', '', 'type'],
    ['an array', [neutronError('boom')], '', 'type'],
  ],
});

const v3ErrorCases = (operationId: string, status: number): SchemaCase => ({
  operationId,
  status,
  valid: v3Error(),
  wrong: [
    ['an empty error_code', v3Error({ error_code: '' }), '/error_code', 'minLength'],
    ['error_code not a string', v3Error({ error_code: 8902 }), '/error_code', 'type'],
    ['an empty error_msg', v3Error({ error_msg: '' }), '/error_msg', 'minLength'],
    ['no request_id', v3Error({ request_id: undefined }), '/request_id', 'required'],
    ['the Neutron shape', neutronError('boom'), '/error_msg', 'required'],
  ],
});

const schemaCases: SchemaCase[] = [
  {
    operationId: 'createMemberV2',
    status: 201,
    valid: v2(),
    wrong: [
      ['weight 101', v2({ weight: 101 }), '/member/weight', 'maximum'],
      ['weight -1', v2({ weight: -1 }), '/member/weight', 'minimum'],
      ['weight 1.5', v2({ weight: 1.5 }), '/member/weight', 'type'],
      ['protocol_port 0', v2({ protocol_port: 0 }), '/member/protocol_port', 'minimum'],
      ['protocol_port 65536', v2({ protocol_port: 65536 }), '/member/protocol_port', 'maximum'],
      ['protocol_port "88"', v2({ protocol_port: '88' }), '/member/protocol_port', 'type'],
      ['no operating_status', v2({ operating_status: undefined }), '/member/operating_status', 'required'],
      ['an empty operating_status', v2({ operating_status: '' }), '/member/operating_status', 'minLength'],
      ['no id', v2({ id: undefined }), '/member/id', 'required'],
      ['no subnet_id', v2({ subnet_id: undefined }), '/member/subnet_id', 'required'],
      ['admin_state_up "true"', v2({ admin_state_up: 'true' }), '/member/admin_state_up', 'type'],
      ['a name of 256 characters', v2({ name: long(256) }), '/member/name', 'maxLength'],
      ['a tenant_id of 256 characters', v2({ tenant_id: long(256) }), '/member/tenant_id', 'maxLength'],
      ['an address of 65 characters', v2({ address: long(65) }), '/member/address', 'maxLength'],
      ['name null', v2({ name: null }), '/member/name', 'type'],
      ['an unwrapped member', v2Member, '/member', 'required'],
      ['member an array', { member: [v2Member] }, '/member', 'type'],
    ],
  },
  {
    operationId: 'showMemberV2',
    status: 200,
    valid: v2(),
    wrong: [
      ['tenant_id a number', v2({ tenant_id: 42 }), '/member/tenant_id', 'type'],
      ['no weight', v2({ weight: undefined }), '/member/weight', 'required'],
    ],
  },
  {
    operationId: 'listMembersV2',
    status: 200,
    valid: v2List(),
    wrong: [
      ['members not an array', { members: v2Member }, '/members', 'type'],
      ['no members', v2List({}, { members: undefined }), '/members', 'required'],
      ['a member with weight 101', v2List({ weight: 101 }), '/members/0/weight', 'maximum'],
      [
        'a link with rel "last"',
        v2List({}, { members_links: [{ ...v2Link, rel: 'last' }] }),
        '/members_links/0/rel',
        'enum',
      ],
      [
        'a link without href',
        v2List({}, { members_links: [{ rel: 'next' }] }),
        '/members_links/0/href',
        'required',
      ],
    ],
  },
  ...[400, 404, 409, 413, 418].map((status) => v2ErrorCases('createMemberV2', status)),
  v2ErrorCases('listMembersV2', 400),
  v2ErrorCases('deleteMemberV2', 409),
  {
    operationId: 'listMembersV3',
    status: 200,
    valid: v3List(),
    wrong: [
      ['no page_info', v3List({}, { page_info: undefined }), '/page_info', 'required'],
      ['no request_id', v3List({}, { request_id: undefined }), '/request_id', 'required'],
      ['no members', v3List({}, { members: undefined }), '/members', 'required'],
      ['members not an array', v3List({}, { members: v3Member }), '/members', 'type'],
      [
        'current_count -1',
        v3List({}, { page_info: { current_count: -1 } }),
        '/page_info/current_count',
        'minimum',
      ],
      [
        'current_count "1"',
        v3List({}, { page_info: { current_count: '1' } }),
        '/page_info/current_count',
        'type',
      ],
      ['no current_count', v3List({}, { page_info: {} }), '/page_info/current_count', 'required'],
      [
        'next_marker null',
        v3List({}, { page_info: { ...pageInfo, next_marker: null } }),
        '/page_info/next_marker',
        'type',
      ],
      ['ip_version "v5"', v3List({ ip_version: 'v5' }), '/members/0/ip_version', 'enum'],
      ['ip_version "IPv4"', v3List({ ip_version: 'IPv4' }), '/members/0/ip_version', 'enum'],
      ['operating_status "UP"', v3List({ operating_status: 'UP' }), '/members/0/operating_status', 'enum'],
      [
        'created_at with milliseconds',
        v3List({ created_at: '2024-05-17T08:09:10.123Z' }),
        '/members/0/created_at',
        'pattern',
      ],
      [
        'updated_at with an offset',
        v3List({ updated_at: '2024-05-17T08:09:10+08:00' }),
        '/members/0/updated_at',
        'pattern',
      ],
      [
        'created_at in month 13',
        v3List({ created_at: '2024-13-17T08:09:10Z' }),
        '/members/0/created_at',
        'format',
      ],
      ['protocol_port 0', v3List({ protocol_port: 0 }), '/members/0/protocol_port', 'minimum'],
      ['weight 101', v3List({ weight: 101 }), '/members/0/weight', 'maximum'],
      ['no project_id', v3List({ project_id: undefined }), '/members/0/project_id', 'required'],
      ['no ip_version', v3List({ ip_version: undefined }), '/members/0/ip_version', 'required'],
      ['admin_state_up "false"', v3List({ admin_state_up: 'false' }), '/members/0/admin_state_up', 'type'],
      ['subnet_cidr_id a number', v3List({ subnet_cidr_id: 7 }), '/members/0/subnet_cidr_id', 'type'],
      [
        'a status entry with operating_status "UP"',
        v3List({ status: [{ listener_id: 'l1', operating_status: 'UP' }] }),
        '/members/0/status/0/operating_status',
        'enum',
      ],
      ['member_type "ecs"', v3List({ member_type: 'ecs' }), '/members/0/member_type', 'enum'],
      ['loadbalancers of strings', v3List({ loadbalancers: ['lb'] }), '/members/0/loadbalancers/0', 'type'],
    ],
  },
  {
    operationId: 'showMemberV3',
    status: 200,
    valid: v3(),
    wrong: [
      ['no request_id', v3({}, { request_id: undefined }), '/request_id', 'required'],
      ['weight "100"', v3({ weight: '100' }), '/member/weight', 'type'],
    ],
  },
  {
    operationId: 'createMemberV3',
    status: 201,
    valid: v3(),
    wrong: [['an unwrapped member', v3Member, '/member', 'required']],
  },
  v3ErrorCases('listMembersV3', 400),
  v3ErrorCases('listMembersV3', 404),
  v3ErrorCases('createMemberV3', 409),
  v3ErrorCases('deleteMemberV3', 403),
];

test.describe('the response schemas', () => {
  for (const { operationId, status, valid, wrong } of schemaCases) {
    test(`${operationId} ${status}: a correct body passes`, async () => {
      expect(summary(await check(operationId, status, valid))).toEqual([]);
    });
    for (const [why, body, pointer, keyword] of wrong) {
      test(`${operationId} ${status}: ${why} is caught at "${pointer}" by ${keyword}`, async () => {
        const violations = await check(operationId, status, body);
        const found = summary(violations).join('\n');
        expect(violations.length, found).toBeGreaterThan(0);
        expect(
          violations.every(
            (v) => v.kind === 'schema' && v.operationId === operationId && v.status === status,
          ),
        ).toBe(true);
        expect(
          violations.map((v) => `${v.pointer} ${v.keyword}`),
          found,
        ).toContain(`${pointer} ${keyword}`);
      });
    }
  }

  test('a violation names the place, the rule and the value', async () => {
    expect(await check('createMemberV2', 201, v2({ weight: 101 }))).toEqual([
      {
        kind: 'schema',
        operationId: 'createMemberV2',
        status: 201,
        pointer: '/member/weight',
        value: 101,
        keyword: 'maximum',
        message: '/member/weight must be <= 100 (got 101)',
      },
    ]);
    expect(await check('createMemberV2', 201, v2({ operating_status: undefined }))).toEqual([
      {
        kind: 'schema',
        operationId: 'createMemberV2',
        status: 201,
        pointer: '/member/operating_status',
        keyword: 'required',
        message: '/member/operating_status is required but missing',
      },
    ]);
  });

  test('a value matching none of the alternatives is reported once', async () => {
    expect(summary(await check('createMemberV2', 404, { message: 'boom' }))).toEqual([
      'schema  anyOf: body must have one of the properties NeutronError, error_msg, faultstring (got {"message":"boom"})',
    ]);
  });

  test('a long offending value is shortened for display', async () => {
    const [violation] = await check('createMemberV2', 201, v2({ name: long(5000) }));
    expect(violation?.keyword).toBe('maxLength');
    expect(String(violation?.value).length).toBeLessThan(300);
    expect(violation?.message.length).toBeLessThan(200);
  });
});

// ---------------------------------------------------------------------------------------------------------
// What docs/readings.md §5 leaves open passes.

const everyOptionalField: Fields = {
  created_at: '2024-05-17T08:09:10Z',
  updated_at: '2024-05-17T08:09:11Z',
  status: [{ listener_id: 'l1', operating_status: 'ONLINE' }],
  loadbalancer_id: 'lb',
  loadbalancers: [{ id: 'lb' }],
  member_type: 'ip',
  instance_id: '',
};

const lenient: { operationId: string; status: number; passes: [why: string, body: unknown][] }[] = [
  {
    operationId: 'listMembersV3',
    status: 200,
    passes: [
      ['a member without created_at, updated_at and status', v3List()],
      ['a member with every optional field', v3List(everyOptionalField)],
      ['subnet_cidr_id ""', v3List({ subnet_cidr_id: '' })],
      ['subnet_cidr_id null', v3List({ subnet_cidr_id: null })],
      ['subnet_cidr_id absent', v3List({ subnet_cidr_id: undefined })],
      ['an unknown member field', v3List({ availability_zone: 'az1' })],
      ['an empty page without markers', v3List({}, { members: [], page_info: { current_count: 0 } })],
      ['a page with both markers', v3List({}, { page_info: { ...pageInfo, next_marker: v3Member['id'] } })],
    ],
  },
  {
    operationId: 'showMemberV3',
    status: 200,
    passes: [['subnet_cidr_id null', v3({ subnet_cidr_id: null })]],
  },
  {
    operationId: 'createMemberV3',
    status: 201,
    passes: [['subnet_cidr_id absent', v3({ subnet_cidr_id: undefined })]],
  },
  {
    operationId: 'createMemberV3',
    status: 400,
    passes: [['an error with extra fields', v3Error({ details: [] })]],
  },
  {
    operationId: 'createMemberV2',
    status: 201,
    passes: [
      [
        'unknown member fields',
        v2({ project_id: 'p', provisioning_status: 'ACTIVE', monitor_address: null }),
      ],
      ['operating_status "PENDING"', v2({ operating_status: 'PENDING' })],
      ['operating_status "OFFLINE"', v2({ operating_status: 'OFFLINE' })],
      [
        'weight 0, port 65535, the longest strings',
        v2({ weight: 0, protocol_port: 65535, name: long(255), address: long(64) }),
      ],
      ['weight 100, port 1, an empty name', v2({ weight: 100, protocol_port: 1, name: '' })],
      ['an IPv4 spelling with leading zeros, echoed', v2({ address: '192.168.044.011' })],
    ],
  },
  {
    operationId: 'listMembersV2',
    status: 200,
    passes: [
      ['no members_links', v2List({}, { members_links: undefined })],
      ['an empty listing', { members: [], members_links: [] }],
    ],
  },
  {
    operationId: 'createMemberV2',
    status: 400,
    passes: [
      [
        'the Octavia error with debuginfo',
        { faultcode: 'Client', faultstring: 'Invalid input', debuginfo: null },
      ],
      ['a NeutronError without type and detail', { NeutronError: { message: 'Invalid input' } }],
      ['the native form with a numeric code', { error_msg: 'Invalid input', error_code: 400 }],
    ],
  },
];

test.describe('what docs/readings.md §5 leaves open', () => {
  for (const { operationId, status, passes } of lenient) {
    for (const [why, body] of passes) {
      test(`${operationId} ${status}: ${why} passes`, async () => {
        expect(summary(await check(operationId, status, body))).toEqual([]);
      });
    }
  }
});
