// The contract's own tests: the OpenAPI documents are valid, their examples conform, the response schemas
// reject what the vendor pages rule out and accept what docs/readings.md §5 leaves open.
import { expect, test } from '@playwright/test';
import {
  CONTRACT_FILES,
  assertValidOpenApi,
  exampleBodies,
  getOperation,
  loadContract,
  readContractDocument,
  requestBodySchema,
  validateBody,
  validateRequestBody,
  validateResponse,
  type BodyTarget,
  type ContractViolation,
  type ResponseToCheck,
  type ViolationKind,
} from '../../src/contract';

type Fields = Record<string, unknown>;

const JSON_TYPE = 'application/json';

/** `base` with `patch` applied; a patch value of undefined removes the field. */
function patched(base: Fields, patch: Fields = {}): Fields {
  const result: Fields = { ...base, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete result[key];
  return result;
}

function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: not an object`);
  return value as Fields;
}

/** A response as the HTTP layer hands it over: raw text (a non-string body is sent as JSON). */
function response(
  operationId: string,
  status: number,
  contentType?: string,
  body?: unknown,
): ResponseToCheck {
  return { operationId, status, contentType, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Checks a JSON body, sent as its JSON text. */
async function check(operationId: string, status: number, body: unknown): Promise<ContractViolation[]> {
  const checked = { ...response(operationId, status, JSON_TYPE), body: JSON.stringify(body) };
  return validateResponse(await loadContract(), checked);
}

function summary(violations: readonly ContractViolation[]): string[] {
  return violations.map((v) => `${v.kind} ${v.pointer ?? ''} ${v.keyword ?? ''}: ${v.message}`);
}

const long = (length: number) => 'x'.repeat(length);

// ---------------------------------------------------------------------------------------------------------
// Correct bodies, built from the vendor pages' examples, and patched into wrong ones.

const v2Member: Fields = {
  id: 'c0042496-e220-44f6-914b-e6ca33bab503',
  tenant_id: '145483a5107745e9b3d80f956713e6a3',
  name: 'member-jy-tt-1',
  address: '192.168.44.11',
  protocol_port: 88,
  subnet_id: '33d8b01a-bbe6-41f4-bc45-78a1d284d503',
  admin_state_up: true,
  weight: 1,
  operating_status: 'ONLINE',
};
const v2 = (patch?: Fields) => ({ member: patched(v2Member, patch) });
const v2Link = { rel: 'next', href: '/v2.0/lbaas/pools/p/members?limit=1&marker=m' };
const v2List = (patch?: Fields, listPatch?: Fields) =>
  patched({ members: [patched(v2Member, patch)], members_links: [v2Link] }, listPatch);

const v3Member: Fields = {
  name: 'quark-neutron',
  weight: 100,
  admin_state_up: false,
  subnet_cidr_id: 'c09f620e-3492-4429-ac15-445d5dd9ca74',
  project_id: '99a3fff0d03c428eac3678da6a7d0f24',
  address: '120.10.10.2',
  protocol_port: 2100,
  id: '0aa23a52-1ac2-4a2d-8dfa-1e11cb26079d',
  operating_status: 'NO_MONITOR',
  ip_version: 'v4',
};
const requestId = '87e29592-7ab8-401a-9bf4-66cf6747eab9';
const pageInfo = { previous_marker: v3Member['id'], current_count: 1 };
const v3List = (patch?: Fields, listPatch?: Fields) =>
  patched({ members: [patched(v3Member, patch)], page_info: pageInfo, request_id: requestId }, listPatch);
const v3 = (patch?: Fields, envelopePatch?: Fields) =>
  patched({ member: patched(v3Member, patch), request_id: requestId }, envelopePatch);

const neutronError = (message: string) => ({ NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
const v3Error = (patch?: Fields) =>
  patched({ error_msg: 'Invalid input for limit.', error_code: 'ELB.8902', request_id: requestId }, patch);

// ---------------------------------------------------------------------------------------------------------
// (a) The documents are valid OpenAPI 3.1, and the check can fail.

const firstOperation = (doc: Fields): Fields => {
  const pathItem = fields(Object.values(fields(doc['paths'], 'paths'))[0], 'first path');
  return fields(pathItem['get'] ?? pathItem['post'], 'first operation');
};
const responsesOf = (doc: Fields) => fields(firstOperation(doc)['responses'], 'responses');
const INVALID = /is not a valid OpenAPI 3.1 document/;

const breakages: [name: string, damage: (doc: Fields) => void, error: RegExp][] = [
  ['without info', (doc) => delete doc['info'], /must have required property 'info'/],
  ['with a response keyed "2000"', (doc) => (responsesOf(doc)['2000'] = { description: 'x' }), INVALID],
  [
    'with an OpenAPI 2 "in: body" parameter',
    (doc) => (firstOperation(doc)['parameters'] = [{ in: 'body' }]),
    INVALID,
  ],
  [
    'with a path that does not start with "/"',
    (doc) => (fields(doc['paths'], 'paths')['members'] = {}),
    INVALID,
  ],
  [
    'with a $ref to a missing component',
    (doc) => (responsesOf(doc)['200'] = { $ref: '#/nowhere' }),
    /nowhere/,
  ],
  ['declared as OpenAPI 3.0', (doc) => (doc['openapi'] = '3.0.3'), /expected an OpenAPI 3.1 document/],
];

const V2_MEMBERS = '/v2.0/lbaas/pools/{pool_id}/members';
const V3_MEMBERS = '/v3/{project_id}/elb/pools/{pool_id}/members';
const operations: [operationId: string, method: string, path: string, statusKeys: string][] = [
  ['createMemberV2', 'post', V2_MEMBERS, '201 400 401 404 409 413 429 4XX'],
  ['listMembersV2', 'get', V2_MEMBERS, '200 400 401 404 429 4XX'],
  ['showMemberV2', 'get', `${V2_MEMBERS}/{member_id}`, '200 401 404 429 4XX'],
  ['deleteMemberV2', 'delete', `${V2_MEMBERS}/{member_id}`, '204 401 404 409 429 4XX'],
  ['listMembersV3', 'get', V3_MEMBERS, '200 400 401 404 429 4XX'],
  ['createMemberV3', 'post', V3_MEMBERS, '201 400 401 404 409 429 4XX'],
  ['showMemberV3', 'get', `${V3_MEMBERS}/{member_id}`, '200 401 404 429 4XX'],
  ['deleteMemberV3', 'delete', `${V3_MEMBERS}/{member_id}`, '204 401 404 409 429 4XX'],
];

test.describe('the OpenAPI documents', () => {
  for (const file of CONTRACT_FILES) {
    test(`${file} is a valid OpenAPI 3.1 document`, async () => {
      await expect(assertValidOpenApi(await readContractDocument(file), file)).resolves.toBeUndefined();
    });
    for (const [name, damage, error] of breakages) {
      test(`a copy of ${file} ${name} is rejected`, async () => {
        const broken = fields(await readContractDocument(file), file);
        damage(broken);
        await expect(assertValidOpenApi(broken, `broken ${file}`)).rejects.toThrow(error);
      });
    }
  }

  // ajv's strictRequired is off (see validator.ts), so typos in `required` lists are caught here.
  test('every required property is declared in the properties beside it', async () => {
    const undeclared: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const { required, properties } = node as Fields;
      if (Array.isArray(required) && properties !== undefined) {
        const declared = fields(properties, `${where}/properties`);
        undeclared.push(
          ...required.filter((name) => !(String(name) in declared)).map((name) => `${where}: ${name}`),
        );
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${where}/${key}`);
    };
    for (const file of CONTRACT_FILES) visit(await readContractDocument(file), file);
    expect(undeclared).toEqual([]);
  });

  test('the contract is loaded once per process', async () => {
    expect(await loadContract()).toBe(await loadContract());
  });

  test('the operations are indexed by operationId, with their statuses', async () => {
    const contract = await loadContract();
    expect([...contract.operations.keys()].sort()).toEqual(
      operations.map(([operationId]) => operationId).sort(),
    );
    for (const [operationId, method, path, statusKeys] of operations) {
      const operation = getOperation(contract, operationId);
      expect({ method: operation.method, path: operation.path }, operationId).toEqual({ method, path });
      expect([...operation.responses.keys()].join(' '), operationId).toBe(statusKeys);
      for (const status of ['401', '429', '204']) {
        expect(
          operation.responses.get(status)?.content,
          `${operationId} ${status}: no content`,
        ).toBeUndefined();
      }
    }
  });

  test('the v3 listing takes every query parameter of the page', async () => {
    const { parameters } = getOperation(await loadContract(), 'listMembersV3');
    const query = parameters.filter((p) => p.in === 'query');
    expect(query.map((p) => p.name)).toEqual([
      ...['marker', 'limit', 'page_reverse', 'name', 'weight', 'admin_state_up', 'subnet_cidr_id', 'address'],
      ...['protocol_port', 'id', 'operating_status', 'enterprise_project_id', 'ip_version', 'member_type'],
      'instance_id',
    ]);
    expect(query.find((p) => p.name === 'limit')?.schema).toMatchObject({
      minimum: 0,
      maximum: 2000,
      default: 2000,
    });
    for (const p of query.filter((p) => fields(p.schema, p.name)['type'] === 'array')) {
      expect({ style: p.style, explode: p.explode }, p.name).toEqual({ style: 'form', explode: true });
    }
    expect(parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(['project_id', 'pool_id']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// (b) Every example conforms to its own schema, the vendor pages' examples among them.

const vendorExamples: [operationId: string, statusKey: string | undefined, value: unknown][] = [
  [
    'createMemberV2',
    undefined,
    {
      member: {
        subnet_id: '33d8b01a-bbe6-41f4-bc45-78a1d284d503',
        protocol_port: 88,
        name: 'member-jy-tt-1',
        address: '192.168.44.11',
      },
    },
  ],
  ['createMemberV2', '201', { member: v2Member }],
  [
    'listMembersV3',
    '200',
    {
      members: [
        v3Member,
        { ...v3Member, id: '315b928b-39e4-4d5f-8e48-39e9108c1035', protocol_port: 2101 },
        expect.anything(),
      ],
      page_info: { previous_marker: '0aa23a52-1ac2-4a2d-8dfa-1e11cb26079d', current_count: 3 },
      request_id: requestId,
    },
  ],
];

test.describe('the examples', () => {
  test('every example validates against its own schema', async () => {
    const contract = await loadContract();
    const examples = exampleBodies(contract);
    expect(examples.length).toBeGreaterThan(20);
    for (const { operationId, statusKey, mediaType, name, value } of examples) {
      const target: BodyTarget =
        statusKey === undefined
          ? { operationId, part: 'request', mediaType }
          : { operationId, part: 'response', statusKey, mediaType };
      const where = `${operationId} ${statusKey ?? 'request'} ${name}`;
      await test.step(where, () => expect(validateBody(contract, target, value), where).toEqual([]));
    }
  });

  for (const [operationId, statusKey, value] of vendorExamples) {
    test(`the vendor page's example of ${operationId} ${statusKey ?? 'request'} is in the contract`, async () => {
      const found = exampleBodies(await loadContract()).filter(
        (e) => e.operationId === operationId && e.statusKey === statusKey && e.name === 'vendorPage',
      );
      expect(found).toHaveLength(1);
      expect(found[0]?.value).toEqual(value);
    });
  }

  test('every JSON success response has an example', async () => {
    const contract = await loadContract();
    const examples = exampleBodies(contract);
    for (const { operationId, responses } of contract.operations.values()) {
      for (const [statusKey, { content }] of responses) {
        if (!statusKey.startsWith('2') || !content) continue;
        const found = examples.some((e) => e.operationId === operationId && e.statusKey === statusKey);
        expect(found, `${operationId} ${statusKey}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// (c) The response schemas accept a correct body and catch hand-picked wrong ones where they are wrong.

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
    ['error_code not ELB.*', v3Error({ error_code: 'APIGW.0101' }), '/error_code', 'pattern'],
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
// (d) Status and content type.

const HTML = 'text/html';
const TEXT = 'text/plain';
const envelopeCases: [name: string, response: ResponseToCheck, kinds: ViolationKind[]][] = [
  ['500 on create', response('createMemberV2', 500, JSON_TYPE, {}), ['status']],
  ['200 on create', response('createMemberV2', 200, JSON_TYPE, v2()), ['status']],
  ['201 on the v3 listing', response('listMembersV3', 201, JSON_TYPE, v3List()), ['status']],
  ['200 on delete', response('deleteMemberV2', 200), ['status']],
  ['503 on delete', response('deleteMemberV3', 503), ['status']],
  ['a status that is no HTTP status', response('showMemberV2', 600), ['status']],
  ['a correct body labelled text/html', response('createMemberV2', 201, HTML, v2()), ['content-type']],
  [
    'a correct body without Content-Type',
    response('listMembersV3', 200, undefined, v3List()),
    ['content-type'],
  ],
  [
    'an HTML error page',
    response('createMemberV2', 413, HTML, '<html>Too large</html>'),
    ['content-type', 'schema'],
  ],
  ['an error with an empty body', response('createMemberV2', 404, JSON_TYPE, ''), ['schema']],
  ['an error without body or Content-Type', response('listMembersV3', 404), ['content-type', 'schema']],
  ['a body that is not JSON', response('createMemberV2', 201, JSON_TYPE, '{"member": '), ['schema']],
  ['JSON with a charset', response('listMembersV3', 200, 'application/json; charset=UTF-8', v3List()), []],
  ['JSON in capitals', response('showMemberV2', 200, 'Application/JSON', v2()), []],
  [
    'raw bytes',
    { ...response('showMemberV2', 200, JSON_TYPE), body: new TextEncoder().encode(JSON.stringify(v2())) },
    [],
  ],
  ['an already parsed body', { ...response('showMemberV3', 200, JSON_TYPE), body: v3() }, []],
  ['401 with a text/plain body', response('createMemberV2', 401, TEXT, 'Unauthorized'), []],
  ['401 with an HTML body', response('listMembersV3', 401, HTML, '<h1>401</h1>'), []],
  ['401 without a body', response('deleteMemberV2', 401), []],
  ['429 from a gateway', response('listMembersV3', 429, TEXT, 'slow down'), []],
  ['204 without a body', response('deleteMemberV2', 204), []],
  ['204 with a stray Content-Type', response('deleteMemberV3', 204, TEXT, ''), []],
  [
    'an unnamed 4xx in a known error shape',
    response('createMemberV2', 422, JSON_TYPE, { faultcode: 'C', faultstring: 'no' }),
    [],
  ],
];

test.describe('status and content type', () => {
  for (const [name, checked, kinds] of envelopeCases) {
    test(`${checked.operationId} ${checked.status}, ${name}: ${kinds.join(' + ') || 'conforms'}`, async () => {
      const violations = validateResponse(await loadContract(), checked);
      expect([...new Set(violations.map((v) => v.kind))], summary(violations).join('\n')).toEqual(kinds);
    });
  }

  test('a status violation lists the allowed statuses', async () => {
    expect(validateResponse(await loadContract(), response('createMemberV2', 500))).toEqual([
      {
        kind: 'status',
        operationId: 'createMemberV2',
        status: 500,
        message:
          'status 500 is not in the contract for createMemberV2: allowed 201, 400, 401, 404, 409, 413, 429, 4XX',
      },
    ]);
  });

  test('a content-type violation says what was received', async () => {
    const checked = response('showMemberV2', 200, 'text/html; charset=utf-8', v2());
    expect(validateResponse(await loadContract(), checked)).toEqual([
      {
        kind: 'content-type',
        operationId: 'showMemberV2',
        status: 200,
        value: 'text/html; charset=utf-8',
        message: 'showMemberV2 200: Content-Type "text/html; charset=utf-8", expected application/json',
      },
    ]);
  });

  test('an unknown operationId is a bug in the caller, not a violation', async () => {
    const contract = await loadContract();
    expect(() => validateResponse(contract, response('createMember', 201))).toThrow(/createMemberV2/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// (e) What docs/readings.md §5 leaves open passes.

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

// ---------------------------------------------------------------------------------------------------------
// The request schemas, for the generators.

const mandatoryV2 = { address: '10.0.0.1', protocol_port: 80, subnet_id: 's' };
const requestCases: [
  operationId: string,
  why: string,
  body: unknown,
  caught?: [pointer: string, keyword: string],
][] = [
  ['createMemberV2', 'only the mandatory fields', { member: mandatoryV2 }],
  [
    'createMemberV2',
    'weight 101',
    { member: { ...mandatoryV2, weight: 101 } },
    ['/member/weight', 'maximum'],
  ],
  [
    'createMemberV2',
    'an IPv6 address',
    { member: { ...mandatoryV2, address: '2001:db8::1' } },
    ['/member/address', 'format'],
  ],
  [
    'createMemberV2',
    'no subnet_id',
    { member: { ...mandatoryV2, subnet_id: undefined } },
    ['/member/subnet_id', 'required'],
  ],
  ['createMemberV2', 'no member', mandatoryV2, ['/member', 'required']],
  [
    'createMemberV3',
    'an IPv6 member',
    { member: { address: '2001:db8::1', protocol_port: 80, subnet_cidr_id: 's' } },
  ],
  ['createMemberV3', 'an IP-as-a-backend member', { member: { address: '10.0.0.1', protocol_port: 80 } }],
  [
    'createMemberV3',
    'a garbage address',
    { member: { address: 'x', protocol_port: 80 } },
    ['/member/address', 'anyOf'],
  ],
];

test.describe('the request schemas', () => {
  for (const [operationId, why, body, caught] of requestCases) {
    test(`${operationId} request with ${why} ${caught ? 'is rejected' : 'passes'}`, async () => {
      // Round-trip through JSON, as a request body would travel (undefined fields vanish).
      const sent: unknown = JSON.parse(JSON.stringify(body));
      const issues = validateRequestBody(await loadContract(), operationId, sent);
      expect(issues.map((i) => `${i.pointer} ${i.keyword}`)).toEqual(caught ? [caught.join(' ')] : []);
    });
  }

  test('the v2 request schema carries the limits of Table 3', async () => {
    const schema = requestBodySchema(await loadContract(), 'createMemberV2');
    expect(schema.required).toEqual(['member']);
    expect(fields(schema.properties, 'properties')['member']).toMatchObject({
      required: ['address', 'protocol_port', 'subnet_id'],
      properties: {
        weight: { type: 'integer', minimum: 0, maximum: 100, default: 1 },
        protocol_port: { type: 'integer', minimum: 1, maximum: 65535 },
        address: { type: 'string', maxLength: 64, format: 'ipv4' },
        name: { type: 'string', maxLength: 255, default: '' },
        tenant_id: { type: 'string', maxLength: 255 },
        admin_state_up: { type: 'boolean', default: true },
      },
    });
  });
});
