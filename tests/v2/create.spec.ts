/**
 * Add a backend server (v2.0): what a successful create answers, echoes, stores and defaults.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { asciiOfLength } from '../../src/generators/values';
import { expectField } from '../../src/http/expect';
import { ConformanceFailure } from '../../src/http/failure';
import { ECHOED_FIELDS, type V2Fields, type V2Members } from '../../src/v2/members';

/** The response table of the vendor page (docs/vendor/v2.0-add-backend-server.txt:77-107). */
const RESPONSE_FIELDS = [
  'id',
  'tenant_id',
  'name',
  'address',
  'protocol_port',
  'subnet_id',
  'admin_state_up',
  'weight',
  'operating_status',
];

/** Arbitrary valid optional fields; address, port and subnet come from the allocator. */
function optionalFields(v2: V2Members): fc.Arbitrary<V2Fields> {
  return fc.record(
    {
      name: fc.integer({ min: v2.namePrefix.length, max: 255 }).chain((n) => asciiOfLength(n, v2.namePrefix)),
      weight: fc.integer({ min: 0, max: v2.target.profile.v2WeightMax }),
      admin_state_up: fc.boolean(),
      ...(v2.target.projectId && v2.target.profile.name === 'huawei'
        ? { tenant_id: fc.constant(v2.target.projectId) }
        : {}),
    },
    { requiredKeys: [] },
  );
}

test(
  ...requirementTest(
    'V2-CREATE-RESPONSE',
    'the vendor example request answers a success with the member wrapper and every response field',
    'v2-create-response',
  ),
  async ({ v2 }) => {
    // The page's own example body: subnet_id, protocol_port, name, address (docs/vendor/v2.0-add-backend-server.txt:114).
    const { response, member } = await v2.create(v2.member());
    for (const field of RESPONSE_FIELDS) {
      if (!(field in member))
        throw ConformanceFailure.against(
          'V2-CREATE-RESPONSE',
          `the member lacks ${field}`,
          response.exchange,
        );
    }
  },
);

test(
  ...requirementTest(
    'V2-CREATE-ECHO',
    'every field sent comes back unchanged in the answer to the create',
    'v2-create-echo',
  ),
  async ({ v2 }) => {
    await checkProperty(
      optionalFields(v2),
      async (optional) => {
        const sent = v2.member(optional);
        const { response, member } = await v2.create(sent);
        for (const field of ECHOED_FIELDS) {
          if (field in sent) expectField(response, `member.${field}`, member[field], sent[field]);
        }
        await v2.delete(member.id);
      },
      {
        title: 'V2-CREATE-ECHO',
        casesAtOnce: v2.casesAtOnce,
        examples: [{ weight: 0, admin_state_up: false }, { weight: v2.target.profile.v2WeightMax }],
      },
    );
  },
);

test(
  ...requirementTest(
    'V2-CREATE-READBACK',
    'a read of the new member returns what the create answered',
    'v2-create-readback',
  ),
  async ({ v2 }) => {
    await checkProperty(
      optionalFields(v2),
      async (optional) => {
        const created = await v2.create(v2.member(optional));
        const { response, member } = await v2.read(created.member.id);
        for (const field of RESPONSE_FIELDS) {
          if (field !== 'operating_status')
            expectField(response, `member.${field}`, member[field], created.member[field]);
        }
        await v2.delete(created.member.id);
      },
      {
        title: 'V2-CREATE-READBACK',
        casesAtOnce: v2.casesAtOnce,
        examples: [{ name: v2.namePrefix.padEnd(255, 'r'), weight: 0, admin_state_up: false }],
      },
    );
  },
);

test(
  ...requirementTest(
    'V2-CREATE-DEFAULTS',
    'omitted weight, admin_state_up and name become 1, true and ""',
    'v2-create-defaults',
  ),
  async ({ v2 }) => {
    const sent = v2.member({ name: undefined, weight: undefined, admin_state_up: undefined });
    const { response, member } = await v2.create(sent);
    expectField(response, 'member.weight', member.weight, 1);
    expectField(response, 'member.admin_state_up', member.admin_state_up, true);
    expectField(response, 'member.name', member.name, '');
    const stored = await v2.read(member.id);
    expectField(stored.response, 'stored weight', stored.member.weight, 1);
    expectField(stored.response, 'stored admin_state_up', stored.member.admin_state_up, true);
    expectField(stored.response, 'stored name', stored.member.name, '');
  },
);
