/** The rules of a successful v2.0 create (src/rules/v2-create.ts), over fabricated answers. */
import {
  createDefaults,
  createEcho,
  createReadBack,
  createResponse,
  V2_RESPONSE_FIELDS,
} from '../../../src/rules';
import { broken, ruleTable } from './table';

const MEMBER = {
  id: 'm-1',
  tenant_id: 't-1',
  name: 'web-1',
  address: '192.168.0.10',
  protocol_port: 80,
  subnet_id: 's-1',
  admin_state_up: true,
  weight: 1,
  operating_status: 'NO_MONITOR',
};

const without = (field: string) => Object.fromEntries(Object.entries(MEMBER).filter(([k]) => k !== field));

ruleTable('createResponse', [
  {
    title: 'the member wrapper with every field holds',
    findings: () => [createResponse({ member: MEMBER })],
    outcome: 'held',
  },
  ...V2_RESPONSE_FIELDS.map((field) => ({
    title: `a member without ${field} breaks it at /member/${field}`,
    findings: () => [createResponse({ member: without(field) })],
    outcome: [broken('V2-CREATE-RESPONSE', `/member/${field}`)],
  })),
  ...[MEMBER, null, { member: [MEMBER] }, { member: 'x' }].map((answer) => ({
    title: `the answer ${JSON.stringify(answer).slice(0, 30)} without a member object breaks it at /member`,
    findings: () => [createResponse(answer)],
    outcome: [broken('V2-CREATE-RESPONSE', '/member')],
  })),
]);

const SENT = { name: 'web-1', address: '192.168.0.10', protocol_port: 80, subnet_id: 's-1', weight: 1 };

ruleTable('createEcho', [
  { title: 'every field sent comes back', findings: () => [createEcho(SENT, MEMBER)], outcome: 'held' },
  {
    title: 'fields not sent are not compared',
    findings: () => [createEcho({ address: MEMBER.address }, { ...MEMBER, weight: 7 })],
    outcome: 'held',
  },
  ...(
    [
      ['weight', 5],
      ['name', 'other'],
      ['protocol_port', '80'],
      ['admin_state_up', 'true'],
    ] as const
  ).map(([field, answered]) => ({
    title: `${field} sent ${JSON.stringify(MEMBER[field])}, answered ${JSON.stringify(answered)}, breaks it`,
    findings: () => [createEcho({ ...SENT, [field]: MEMBER[field] }, { ...MEMBER, [field]: answered })],
    outcome: [broken('V2-CREATE-ECHO', `/member/${field}`)],
  })),
  {
    title: 'a sent field the answer lacks breaks it',
    findings: () => [createEcho(SENT, without('subnet_id'))],
    outcome: [broken('V2-CREATE-ECHO', '/member/subnet_id')],
  },
  {
    title: 'no member in the answer breaks it for every field sent',
    findings: () => [createEcho({ weight: 1, name: 'a' }, undefined)],
    outcome: [broken('V2-CREATE-ECHO', '/member/weight'), broken('V2-CREATE-ECHO', '/member/name')],
  },
]);

ruleTable('createReadBack', [
  {
    title: 'the read shows the member as created',
    findings: () => [createReadBack(MEMBER, { ...MEMBER })],
    outcome: 'held',
  },
  {
    title: 'operating_status may move on',
    findings: () => [createReadBack(MEMBER, { ...MEMBER, operating_status: 'ONLINE' })],
    outcome: 'held',
  },
  {
    title: 'a name dropped on the read breaks it',
    findings: () => [createReadBack(MEMBER, without('name'))],
    outcome: [broken('V2-CREATE-READBACK', '/member/name')],
  },
  {
    title: 'two fields read otherwise break it twice',
    findings: () => [createReadBack(MEMBER, { ...MEMBER, weight: 2, address: '192.168.0.11' })],
    outcome: [
      broken('V2-CREATE-READBACK', '/member/weight'),
      broken('V2-CREATE-READBACK', '/member/address'),
    ],
  },
]);

const OMITTED = ['weight', 'admin_state_up', 'name'];

ruleTable('createDefaults', [
  {
    title: 'omitted fields hold their defaults',
    findings: () => [createDefaults({ ...MEMBER, name: '' }, OMITTED, 'answer')],
    outcome: 'held',
  },
  ...(
    [
      ['weight', 0],
      ['admin_state_up', false],
      ['name', null],
    ] as const
  ).map(([field, value]) => ({
    title: `an omitted ${field} that becomes ${JSON.stringify(value)} breaks it`,
    findings: () => [createDefaults({ ...MEMBER, name: '', [field]: value }, OMITTED, 'stored')],
    outcome: [broken('V2-CREATE-DEFAULTS', `/member/${field}`)],
  })),
  {
    title: 'a field that was sent is not held to its default',
    findings: () => [createDefaults({ ...MEMBER, weight: 9 }, ['admin_state_up'], 'answer')],
    outcome: 'held',
  },
]);
