// The contract's own tests: the OpenAPI documents are valid and their examples conform. The response schemas
// (contract-response-bodies.spec.ts), status and content type (contract-status.spec.ts) and the request
// schemas (contract-requests.spec.ts) have files of their own.
import { expect, test } from './support/harness';
import {
  CONTRACT_FILES,
  assertValidOpenApi,
  exampleBodies,
  getOperation,
  loadContract,
  readContractDocument,
  validateBody,
  type BodyTarget,
} from '../../src/contract';
import { fields, requestId, v2Member, v3Member, type Fields } from './support/contract-bodies';

// ---------------------------------------------------------------------------------------------------------
// The documents are valid OpenAPI 3.1, and the check can fail.

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
  ['createMemberV2', 'post', V2_MEMBERS, '201 400 401 404 409 413 429 2XX 4XX'],
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
// Every example conforms to its own schema, the vendor pages' examples among them.

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
