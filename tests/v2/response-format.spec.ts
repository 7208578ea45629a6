/**
 * Add a backend server (v2.0): the form of every answer, and requests outside the documented operations. Each
 * probe provokes one kind of answer (a create, a refused value, an unknown pool, a duplicate, a method the path
 * does not offer, a path that names nothing). The API client
 * checks every response of every test against the contract; these tests make sure each status is seen, and
 * judge only the form (the status itself is the verdict of the requirement behind it).
 */
import { requirementTest, test } from '../../src/fixtures';
import type { V2Members } from '../../src/v2/members';
import { answerForms, type Probe } from '../common/answer-form';
import { methodRefusals, unknownPath, unknownPaths } from '../common/routing';

const UNCHECKED = { check: false } as const;

const PROBES: Probe<V2Members>[] = [
  { status: 201, send: (v2) => v2.create(v2.member(), UNCHECKED) },
  { status: 400, send: (v2) => v2.create(v2.member({ weight: -1 }), UNCHECKED) },
  {
    status: 404,
    send: (v2) => v2.create(v2.member(), { ...UNCHECKED, pool: '00000000-0000-4000-8000-00000000beef' }),
  },
  {
    status: 409,
    send: async (v2) => {
      const endpoint = v2.endpoints.next();
      await v2.create(v2.member({}, { endpoint }), UNCHECKED);
      return v2.create(v2.member({}, { endpoint }), UNCHECKED);
    },
  },
  { status: 405, routing: true, send: (v2) => v2.offContract('PATCH', v2.pathOf()) },
  { status: 404, routing: true, send: (v2) => v2.offContract('GET', unknownPath(v2)) },
];

const TITLES = {
  'content-type': 'every answer with a body is labelled application/json',
  'error-body': 'every error answer is a JSON object with a non-empty message',
};

for (const { requirement, title, key, check } of answerForms('v2', TITLES, PROBES))
  test(...requirementTest(requirement, title, key), async ({ v2 }) => check(v2));

const methods = methodRefusals('v2');
test(...methods.declared, async ({ v2 }) => methods.check({ members: v2, fresh: () => v2.member() }));

const paths = unknownPaths('v2');
test(...paths.declared, async ({ v2 }) => paths.check(v2));
