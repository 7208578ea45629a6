/**
 * Add a backend server (v2.0): the values of the input space (src/generators/input-space.ts) whose fate the pages
 * leave open (docs/readings.md §5): other spellings of an IPv4 address, names beyond ASCII, weights and ports
 * written with a fraction part or an exponent. Every class is sent on every seed, once, on an address and port
 * of its own; each must be refused with a 4xx, or kept exactly as sent (a number: as the integer it equals) in
 * the create's answer and in a later read.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import {
  asFields,
  isSpelled,
  openCases,
  type OpenCase,
  type OpenContext,
} from '../../src/generators/input-space';
import { checkProperty } from '../../src/generators/property';
import { edited, memberIn } from '../../src/member-verbs';
import { isSuccess, keptOrRefused, KEPT_OR_REFUSED } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import type { Endpoint } from '../../src/target/allocator';
import type { V2Members } from '../../src/v2/members';

function openContext(v2: V2Members, endpoint: Endpoint): OpenContext {
  return {
    address: endpoint.address,
    namePrefix: v2.namePrefix,
    nameLength: v2.target.profile.limits.nameLength,
    weight: v2.target.profile.limits.weight,
    port: v2.target.profile.limits.port,
  };
}

test(
  ...requirementTest(
    KEPT_OR_REFUSED,
    'another spelling of an IPv4 address, a name beyond ASCII, or a weight or port written 1e2 or 1.0, is refused with a 4xx or kept exactly as sent',
    'v2-kept-or-refused',
  ),
  async ({ v2 }) => {
    const { profile } = v2.target;
    const answers = [profile.refusals.invalidMember, profile.v2CreateSuccess];
    const cases = openCases(openContext(v2, { address: '192.0.2.1', port: 1 }));
    const rejected: Record<string, unknown>[] = [];
    const send = async (open: OpenCase): Promise<void> => {
      const endpoint = open.port === undefined ? v2.endpoints.next() : v2.endpoints.withPort(open.port, '');
      const value = open.value(openContext(v2, endpoint));
      const { fields, spellings } = asFields(open.field, value);
      const member = edited(v2.member({}, { endpoint }), fields);
      const response = await v2.createRaw(member, { expect: answers, spellings });
      const sent = isSpelled(value) ? value.number : value;
      const spelled = isSpelled(value) ? { spelling: value.spelling } : {};
      const seen = { field: open.field, sent, ...spelled, status: response.status };
      const context = `${open.field} with ${open.what}`;
      if (!isSuccess(response.status)) {
        rejected.push(member);
        return expectHeld([keptOrRefused(seen)], response.exchange, { context });
      }
      const answered = memberIn<Record<string, unknown> & { id: string }>(response);
      expectHeld([keptOrRefused({ ...seen, answered })], response.exchange, { context });
      const read = await v2.read(answered.id);
      expectHeld([keptOrRefused({ ...seen, answered, read: read.member })], read.response.exchange, {
        context,
      });
      await v2.delete(answered.id);
    };
    let failure: unknown;
    await checkProperty(fc.constantFrom(...cases), send, {
      examples: cases,
      maxRuns: cases.length,
      title: `${KEPT_OR_REFUSED} open values`,
      casesAtOnce: v2.casesAtOnce,
    }).catch((error: unknown) => {
      failure = error;
    });
    // Also after a failure: a refused create that stored its member anyway is found and cleaned up.
    await v2.expectNoneStored(rejected).catch((error: unknown) => {
      failure ??= error;
    });
    if (failure !== undefined) throw failure;
  },
);
