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

/**
 * The property `requirement` of a create: `create` holds for arbitrary valid optional fields (address, port and
 * subnet come from the allocator), the `examples` first.
 */
function checkCreates(
  v2: V2Members,
  requirement: string,
  examples: V2Fields[],
  create: (optional: V2Fields) => Promise<void>,
): Promise<void> {
  const optional = fc.record(
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
  return checkProperty(optional, create, { title: requirement, casesAtOnce: v2.casesAtOnce, examples });
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
    const examples = [{ weight: 0, admin_state_up: false }, { weight: v2.target.profile.limits.weight.max }];
    await checkCreates(v2, 'V2-CREATE-ECHO', examples, async (optional) => {
      const sent = v2.member(optional);
      const { response, member } = await v2.create(sent);
      expectHeld([createEcho(sent, member)], response.exchange);
      await v2.delete(member.id);
    });
  },
);

test(
  ...requirementTest(
    'V2-CREATE-READBACK',
    'a read of the new member returns what the create answered',
    'v2-create-readback',
  ),
  async ({ v2 }) => {
    const longest = v2.namePrefix.padEnd(v2.target.profile.limits.nameLength, 'r');
    const examples = [{ name: longest, weight: 0, admin_state_up: false }];
    await checkCreates(v2, 'V2-CREATE-READBACK', examples, async (optional) => {
      const created = await v2.create(v2.member(optional));
      const { response, member } = await v2.read(created.member.id);
      expectHeld([createReadBack(created.member, member)], response.exchange);
      await v2.delete(created.member.id);
    });
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
