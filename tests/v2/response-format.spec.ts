/**
 * Add a backend server (v2.0): the form of every answer. Each probe provokes one kind of answer (a create, a
 * refused value, an unknown pool, a duplicate). The API client
 * checks every response of every test against the contract; these tests make sure each status is seen, and
 * judge only the form (the status itself is the verdict of the requirement behind it).
 */
import { requirementTest, test } from '../../src/fixtures';
import type { ApiResponse } from '../../src/http/client';
import { ConformanceFailure } from '../../src/http/failure';
import { expectJsonLabelled } from '../../src/http/expect';
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
    for (const probe of PROBES) expectJsonLabelled('V2-CONTENT-TYPE', await probe.send(v2));
  },
);

/** The message of an error body in one of the known shapes (docs/readings.md §1 Error bodies), if any. */
function errorMessage(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, Record<string, unknown> | unknown>;
  const neutron = b.NeutronError as Record<string, unknown> | undefined;
  return neutron?.message ?? b.error_msg ?? b.faultstring ?? b.description;
}

test(
  ...requirementTest(
    'V2-ERROR-BODY',
    'every error answer is a JSON object with a non-empty message',
    'v2-error-body',
  ),
  async ({ v2 }) => {
    for (const probe of PROBES.filter((p) => p.status >= 400)) {
      const response = await probe.send(v2);
      if (response.status < 400) continue;
      const message = errorMessage(response.json);
      if (typeof message !== 'string' || message.trim() === '') {
        throw ConformanceFailure.against(
          'V2-ERROR-BODY',
          `the ${response.status} answer carries no message`,
          response.exchange,
        );
      }
    }
  },
);
