/**
 * Add a backend server (v2.0): what a successful create answers, echoes, stores and defaults.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { asciiOfLength } from '../../src/generators/values';
import { createDefaults, createEcho, createReadBack, createResponse, V2_DEFAULTS } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import type { V2Fields, V2Members } from '../../src/v2/members';

/** Arbitrary valid optional fields; address, port and subnet come from the allocator. */
function optionalFields(v2: V2Members): fc.Arbitrary<V2Fields> {
  return fc.record(
    {
      name: fc
        .integer({ min: v2.namePrefix.length, max: v2.target.profile.limits.nameLength })
        .chain((n) => asciiOfLength(n, v2.namePrefix)),
      weight: fc.integer({ min: 0, max: v2.target.profile.limits.weight.max }),
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
    const { response } = await v2.create(v2.member());
    expectHeld([createResponse(response.json)], response.exchange, { against: true });
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
        expectHeld([createEcho(sent, member)], response.exchange);
        await v2.delete(member.id);
      },
      {
        title: 'V2-CREATE-ECHO',
        casesAtOnce: v2.casesAtOnce,
        examples: [{ weight: 0, admin_state_up: false }, { weight: v2.target.profile.limits.weight.max }],
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
        expectHeld([createReadBack(created.member, member)], response.exchange);
        await v2.delete(created.member.id);
      },
      {
        title: 'V2-CREATE-READBACK',
        casesAtOnce: v2.casesAtOnce,
        examples: [
          {
            name: v2.namePrefix.padEnd(v2.target.profile.limits.nameLength, 'r'),
            weight: 0,
            admin_state_up: false,
          },
        ],
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
    const omitted = Object.keys(V2_DEFAULTS);
    const sent = v2.member(Object.fromEntries(omitted.map((field) => [field, undefined])));
    const { response, member } = await v2.create(sent);
    expectHeld([createDefaults(member, omitted, 'answer')], response.exchange);
    const stored = await v2.read(member.id);
    expectHeld([createDefaults(stored.member, omitted, 'stored')], stored.response.exchange);
  },
);
