/**
 * Add a backend server (v2.0): the form of every answer. Each probe provokes one kind of answer (a create, a
 * refused value, an unknown pool, a duplicate). The API client
 * checks every response of every test against the contract; these tests make sure each status is seen, and
 * judge only the form (the status itself is the verdict of the requirement behind it).
 */
import { requirementTest, test } from '../../src/fixtures';
import type { ApiResponse } from '../../src/http/client';
import { contentType, errorBody } from '../../src/rules';
import { answerOf, expectHeld } from '../../src/rules/enforce';
import type { V2Members } from '../../src/v2/members';

interface Probe {
  status: number;
  send: (v2: V2Members) => Promise<ApiResponse>;
}

const UNCHECKED = { check: false } as const;

const PROBES: Probe[] = [
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
];

test(
  ...requirementTest(
    'V2-CONTENT-TYPE',
    'every answer with a body is labelled application/json',
    'v2-content-type',
  ),
  async ({ v2 }) => {
    for (const probe of PROBES) {
      const response = await probe.send(v2);
      expectHeld(contentType('v2', answerOf(response)), response.exchange, { against: true });
    }
  },
);

test(
  ...requirementTest(
    'V2-ERROR-BODY',
    'every error answer is a JSON object with a non-empty message',
    'v2-error-body',
  ),
  async ({ v2 }) => {
    for (const probe of PROBES.filter((p) => p.status >= 400)) {
      const response = await probe.send(v2);
      expectHeld(errorBody('v2', answerOf(response)), response.exchange, { against: true });
    }
  },
);
