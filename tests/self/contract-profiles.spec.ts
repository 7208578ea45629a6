// The contract per profile (the overlays of profiles/*.yaml, src/contract/overlays.ts): the octavia profile widens
// exactly what docs/readings.md §4 says, and the huawei contract stays as strict as openapi/ writes it.
import { expect, test } from './support/harness';
import { loadContract, validateResponse, type ContractViolation } from '../../src/contract';
import { OVERLAYS } from '../../src/contract/overlays';
import { PROFILES, type ProfileName } from '../../src/catalogue/requirements';
import { v2Member } from './support/contract-bodies';

const MEMBER = { ...v2Member, name: 'member-1' };

async function check(
  profile: ProfileName,
  operationId: string,
  status: number,
  body: unknown,
): Promise<ContractViolation[]> {
  return validateResponse(await loadContract(profile), {
    operationId,
    status,
    contentType: 'application/json',
    body: JSON.stringify(body),
  });
}

const pointers = (violations: readonly ContractViolation[]) => violations.map((v) => v.pointer);

/** Each row: a response, and whether each profile's contract accepts it. */
const ROWS: {
  what: string;
  operationId: string;
  status: number;
  body: unknown;
  huawei: boolean;
  octavia: boolean;
}[] = [
  {
    what: 'weight 100',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, weight: 100 } },
    huawei: true,
    octavia: true,
  },
  {
    what: 'weight 101',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, weight: 101 } },
    huawei: false,
    octavia: true,
  },
  {
    what: 'weight 256',
    operationId: 'showMemberV2',
    status: 200,
    body: { member: { ...MEMBER, weight: 256 } },
    huawei: false,
    octavia: true,
  },
  {
    what: 'weight 257',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, weight: 257 } },
    huawei: false,
    octavia: false,
  },
  {
    what: 'weight 256 in a listing',
    operationId: 'listMembersV2',
    status: 200,
    body: { members: [{ ...MEMBER, weight: 256 }] },
    huawei: false,
    octavia: true,
  },
  {
    what: 'subnet_id null',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, subnet_id: null } },
    huawei: false,
    octavia: true,
  },
  {
    what: 'subnet_id a number',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, subnet_id: 5 } },
    huawei: false,
    octavia: false,
  },
  {
    what: 'subnet_id absent',
    operationId: 'createMemberV2',
    status: 201,
    body: { member: { ...MEMBER, subnet_id: undefined } },
    huawei: false,
    octavia: false,
  },
  {
    what: 'a routing error {code, title, description}',
    operationId: 'createMemberV2',
    status: 404,
    body: { code: 404, title: 'Not Found', description: 'Pool 1 not found.' },
    huawei: false,
    octavia: true,
  },
  {
    what: 'a routing error with an empty description',
    operationId: 'createMemberV2',
    status: 404,
    body: { code: 404, title: 'Not Found', description: '' },
    huawei: false,
    octavia: false,
  },
  {
    what: 'a WSME error {faultcode, faultstring, debuginfo}',
    operationId: 'createMemberV2',
    status: 400,
    body: { faultcode: 'Client', faultstring: 'Invalid input', debuginfo: null },
    huawei: true,
    octavia: true,
  },
  {
    what: 'a Neutron error',
    operationId: 'createMemberV2',
    status: 409,
    body: { NeutronError: { message: 'exists', type: 'MemberExists', detail: '' } },
    huawei: true,
    octavia: true,
  },
  {
    what: 'an error without a message',
    operationId: 'createMemberV2',
    status: 400,
    body: { code: 400 },
    huawei: false,
    octavia: false,
  },
];

for (const row of ROWS) {
  for (const profile of ['huawei', 'octavia'] as const) {
    const verdict = row[profile] ? 'accepts' : 'rejects';
    test(`the ${profile} contract ${verdict} ${row.what} (${row.operationId} ${row.status})`, async () => {
      const violations = await check(profile, row.operationId, row.status, row.body);
      expect(violations.length === 0, JSON.stringify(violations)).toBe(row[profile]);
    });
  }
}

test('each profile has its own contract, loaded once', async () => {
  expect(await loadContract('octavia')).toBe(await loadContract('octavia'));
  expect(await loadContract('huawei')).toBe(await loadContract());
  expect(await loadContract('octavia')).not.toBe(await loadContract('huawei'));
});

test('the huawei profile has no overlay: its contract is openapi/ as written', () => {
  expect(OVERLAYS.huawei).toEqual([]);
  for (const patch of OVERLAYS.octavia) expect(patch.why, patch.pointer).toContain('docs/readings.md §4');
});

for (const profile of PROFILES) {
  test(`the ${profile} contract loads: each patch of profiles/${profile}.yaml finds its node`, async () => {
    const contract = await loadContract(profile);
    expect(contract.documents.map((d) => d.file).sort()).toEqual([
      'v2-lbaas-members.yaml',
      'v3-elb-members.yaml',
    ]);
  });
}

test('a violation of the octavia contract still names its pointer', async () => {
  expect(
    pointers(await check('octavia', 'createMemberV2', 201, { member: { ...MEMBER, weight: 300 } })),
  ).toEqual(['/member/weight']);
});

test('the v3 documents are the same under both profiles', async () => {
  const [huawei, octavia] = [await loadContract('huawei'), await loadContract('octavia')];
  const v3 = (c: typeof huawei) => c.documents.find((d) => d.file === 'v3-elb-members.yaml')?.api;
  expect(JSON.stringify(v3(octavia))).toBe(JSON.stringify(v3(huawei)));
});
