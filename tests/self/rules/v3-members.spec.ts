/** The rules of a listed member's fields (src/rules/v3-members.ts), over fabricated listings. */
import {
  createdDefaults,
  createdTimes,
  ipMemberAddress,
  listedAsSent,
  subnetAddress,
  type CreatedMember,
} from '../../../src/rules';
import { Cidr } from '../../../src/target/cidr';
import { broken, ruleTable } from './table';

const AT = Date.parse('2026-03-01T10:00:00Z');
const IP_MEMBER: CreatedMember = { weightGiven: false, subnetGiven: false, sent: {}, answeredAt: AT };
/** What a listing shows of a member on a cloud server. */
const INSTANCE = { member_type: 'instance', instance_id: '6d1c2a4e-0000-4000-8000-000000000001' };
const made = (created: CreatedMember) => new Map([['m', created]]);
const BASE = {
  id: 'm',
  address: '10.0.0.5',
  weight: 1,
  member_type: 'ip',
  instance_id: '',
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
};

/** A listed member with the fields changed; undefined leaves one out, as an answer without it would. */
const member = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries({ ...BASE, ...fields }).filter(([, v]) => v !== undefined));

ruleTable('createdDefaults', [
  {
    title: 'weight 1, member_type ip and a blank instance_id hold',
    findings: () => createdDefaults([member({})], made(IP_MEMBER)),
    outcome: 'held',
  },
  {
    title: 'member_type and instance_id left out hold, and so does instance_id null',
    findings: () => [
      ...createdDefaults([member({ member_type: undefined, instance_id: undefined })], made(IP_MEMBER)),
      ...createdDefaults([member({ instance_id: null })], made(IP_MEMBER)),
    ],
    outcome: 'held',
  },
  {
    title: 'a member the test did not create shows nothing',
    findings: () => createdDefaults([member({ id: 'other', weight: 0 })], made(IP_MEMBER)),
    outcome: 'nothing',
  },
  {
    title: 'a weight the create sent is not held to 1',
    findings: () => createdDefaults([member({ weight: 0 })], made({ ...IP_MEMBER, weightGiven: true })),
    outcome: 'held',
  },
  {
    title: 'weight 0 without weight breaks it',
    findings: () => createdDefaults([member({ weight: 0 })], made(IP_MEMBER)),
    outcome: [broken('V3-CREATED-DEFAULTS', '/members/0/weight')],
  },
  {
    title: 'member_type instance and an instance_id without subnet_cidr_id break it',
    findings: () => createdDefaults([member(INSTANCE)], made(IP_MEMBER)),
    outcome: [
      broken('V3-CREATED-DEFAULTS', '/members/0/member_type'),
      broken('V3-CREATED-DEFAULTS', '/members/0/instance_id'),
    ],
  },
  {
    title: 'a member created in a subnet may be of type instance, with an instance_id',
    findings: () => createdDefaults([member(INSTANCE)], made({ ...IP_MEMBER, subnetGiven: true })),
    outcome: 'held',
  },
]);

const SENT = { ...IP_MEMBER, sent: { name: 'run-a', protocol_port: 80, weight: 7 } };
const AS_SENT = { name: 'run-a', protocol_port: 80, weight: 7 };

ruleTable('listedAsSent', [
  {
    title: 'the name, protocol_port and weight the create sent hold',
    findings: () => listedAsSent([member(AS_SENT)], made(SENT)),
    outcome: 'held',
  },
  {
    title: 'a field the create left out is held to nothing',
    findings: () =>
      listedAsSent(
        [member({ ...AS_SENT, name: 'given by the target' })],
        made({ ...SENT, sent: { weight: 7 } }),
      ),
    outcome: 'held',
  },
  {
    title: 'a member the test did not create shows nothing',
    findings: () => listedAsSent([member({ id: 'other' })], made(SENT)),
    outcome: 'nothing',
  },
  {
    title: 'a weight other than the one sent, a name left out and a port as a string break it',
    findings: () =>
      listedAsSent([member({ ...AS_SENT, weight: 1, name: undefined, protocol_port: '80' })], made(SENT)),
    outcome: [
      broken('V3-LISTED-AS-SENT', '/members/0/name'),
      broken('V3-LISTED-AS-SENT', '/members/0/protocol_port'),
      broken('V3-LISTED-AS-SENT', '/members/0/weight'),
    ],
  },
]);

ruleTable('createdTimes', [
  {
    title: 'created_at at the Date of the answer, updated_at the same, hold',
    findings: () => createdTimes([member({})], made(IP_MEMBER)),
    outcome: 'held',
  },
  {
    title: 'created_at within the skew holds',
    findings: () => createdTimes([member({ created_at: '2026-03-01T09:56:00Z' })], made(IP_MEMBER)),
    outcome: 'held',
  },
  {
    title: 'no created_at shows nothing',
    findings: () => createdTimes([member({ created_at: undefined })], made(IP_MEMBER)),
    outcome: 'nothing',
  },
  {
    title: 'created_at at the epoch breaks it',
    findings: () => createdTimes([member({ created_at: '1970-01-01T00:00:00Z' })], made(IP_MEMBER)),
    outcome: [broken('V3-CREATED-TIME', '/members/0/created_at')],
  },
  {
    title: 'created_at past the skew breaks it',
    findings: () =>
      createdTimes(
        [member({ created_at: '2026-03-01T10:06:00Z', updated_at: '2026-03-01T10:06:00Z' })],
        made(IP_MEMBER),
      ),
    outcome: [broken('V3-CREATED-TIME', '/members/0/created_at')],
  },
  {
    title: 'updated_at before created_at breaks it',
    findings: () => createdTimes([member({ updated_at: '2026-03-01T09:59:59Z' })], made(IP_MEMBER)),
    outcome: [broken('V3-CREATED-TIME', '/members/0/updated_at')],
  },
]);

ruleTable('ipMemberAddress', [
  {
    title: 'IPv4 members without a subnet and IPv6 members in one hold',
    findings: () =>
      ipMemberAddress([
        { id: 'a', address: '10.0.0.5', subnet_cidr_id: null },
        { id: 'b', address: '10.0.0.6', subnet_cidr_id: '' },
        { id: 'c', address: '10.0.0.7' },
        { id: 'd', address: '2001:db8::5', subnet_cidr_id: '27e4ab69-a5ed-46c6-921a-5212be19ce87' },
      ]),
    outcome: 'held',
  },
  {
    title: 'a listing with no member left without a subnet shows nothing',
    findings: () => ipMemberAddress([{ id: 'd', address: '2001:db8::5', subnet_cidr_id: 's' }]),
    outcome: 'nothing',
  },
  {
    title: 'an IPv6 member whose subnet_cidr_id is blank breaks it',
    findings: () =>
      ipMemberAddress([
        { id: 'a', address: '10.0.0.5', subnet_cidr_id: null },
        { id: 'd', address: '2001:db8::5', subnet_cidr_id: null },
      ]),
    outcome: [broken('V3-IP-MEMBER-IPV4', '/members/1/address')],
  },
]);

const SUBNET = { id: 's4', cidr: Cidr.parse('10.0.0.0/24') };

ruleTable('subnetAddress', [
  {
    title: 'members of the subnet inside its range, and members of other subnets anywhere, hold',
    findings: () =>
      subnetAddress(
        [
          { id: 'a', address: '10.0.0.5', subnet_cidr_id: 's4' },
          { id: 'b', address: '2001:db8::5', subnet_cidr_id: 's6' },
          { id: 'c', address: '192.0.2.5', subnet_cidr_id: null },
        ],
        SUBNET,
      ),
    outcome: 'held',
  },
  {
    title: 'without the range known, or no member of the subnet listed, it shows nothing',
    findings: () => [
      ...subnetAddress([{ id: 'a', address: '192.0.2.5', subnet_cidr_id: 's4' }], undefined),
      ...subnetAddress([{ id: 'c', address: '192.0.2.5', subnet_cidr_id: null }], SUBNET),
    ],
    outcome: 'nothing',
  },
  {
    title: 'a member of the subnet outside its range breaks it',
    findings: () =>
      subnetAddress(
        [
          { id: 'a', address: '10.0.0.5', subnet_cidr_id: 's4' },
          { id: 'x', address: '203.0.113.10', subnet_cidr_id: 's4' },
        ],
        SUBNET,
      ),
    outcome: [broken('V3-SUBNET-ADDRESS', '/members/1/address')],
  },
]);
