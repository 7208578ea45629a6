// The contract's request schemas, which the generators build bodies from.
import { expect, test } from './support/harness';
import { loadContract, requestBodySchema, validateRequestBody } from '../../src/contract';
import { fields } from './support/contract-bodies';

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
