/**
 * The proxy's judge over fabricated exchanges, without a socket: it credits a rule only from an exchange that
 * shows it holding, never from a 401, 403 or 404 refusal or a 5xx, and a 5xx breaks the rule its request is
 * about (docs/proxy.md).
 */
import { expect, test } from '../support/harness';
import { loadContract } from '../../../src/contract/spec';
import { Judge, type ProxyVerdict } from '../../../src/proxy/judge';
import type { ObservedExchange } from '../../../src/proxy/forwarder';
import { PROFILE_TABLE } from '../../../src/target/profiles';

const POOL = '/v2.0/lbaas/pools/p-1/members';
const MEMBER = { address: '192.168.0.10', protocol_port: 80, subnet_id: 's-1', name: 'web', weight: 1 };
const ANSWERED = {
  member: {
    ...MEMBER,
    id: 'm-1',
    tenant_id: 't',
    admin_state_up: true,
    operating_status: 'NO_MONITOR',
  },
};

function exchange(status: number, request: unknown, answer: unknown, token = 'tok'): ObservedExchange {
  const text = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    method: 'POST',
    path: POOL,
    requestHeaders: token ? { 'x-auth-token': token } : {},
    requestBody: text(request),
    status,
    statusText: '',
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: text(answer),
    durationMs: 1,
  };
}

const summary = (verdicts: ProxyVerdict[]) =>
  Object.fromEntries(verdicts.map((v) => [v.requirement, v.passed])) as Record<string, boolean>;

/** Each row: one create exchange to a fresh judge, and the verdicts it must give (requirement -> passed). */
const ROWS: { title: string; exchange: ObservedExchange; verdicts: Record<string, boolean> }[] = [
  {
    title: 'a 201 for a valid member keeps the response, echo, bounds and content type',
    exchange: exchange(201, { member: MEMBER }, ANSWERED),
    verdicts: {
      'V2-CREATE-RESPONSE': true,
      'V2-CONTENT-TYPE': true,
      'V2-CREATE-ECHO': true,
      'V2-WEIGHT-RANGE': true,
      'V2-PORT-RANGE': true,
      'V2-NAME-LENGTH': true,
    },
  },
  ...[401, 403, 404].map((status) => ({
    title: `a ${status} to a malformed body credits no body rule`,
    exchange: exchange(status, 'not json', { NeutronError: { message: 'no' } }),
    verdicts: { 'V2-CONTENT-TYPE': true, ...(status === 401 ? {} : { 'V2-ERROR-BODY': true }) },
  })),
  {
    title: 'a 400 to a malformed body keeps V2-BODY-MALFORMED',
    exchange: exchange(400, 'not json', { NeutronError: { message: 'bad body' } }),
    verdicts: { 'V2-CONTENT-TYPE': true, 'V2-ERROR-BODY': true, 'V2-BODY-MALFORMED': true },
  },
  {
    title: 'a 500 to a malformed body breaks V2-BODY-MALFORMED and credits nothing',
    exchange: exchange(500, 'not json', { NeutronError: { message: 'oops' } }),
    verdicts: { 'V2-BODY-MALFORMED': false },
  },
  {
    title: 'a 500 to a request without a token breaks V2-AUTH',
    exchange: exchange(500, { member: MEMBER }, {}, ''),
    verdicts: { 'V2-AUTH': false },
  },
  ...[503, 429].map((status) => ({
    title: `a ${status} is not judged`,
    exchange: exchange(status, { member: MEMBER }, {}),
    verdicts: {},
  })),
  {
    title: 'a 201 for weight 101 under huawei breaks V2-WEIGHT-RANGE',
    exchange: exchange(
      201,
      { member: { ...MEMBER, weight: 101 } },
      {
        member: { ...ANSWERED.member, weight: 101 },
      },
    ),
    verdicts: {
      // The contract's schema bounds the answer's weight too.
      'V2-CREATE-RESPONSE': false,
      'V2-CONTENT-TYPE': true,
      'V2-CREATE-ECHO': true,
      'V2-WEIGHT-RANGE': false,
      'V2-PORT-RANGE': true,
      'V2-NAME-LENGTH': true,
    },
  },
];

for (const row of ROWS)
  test(`judge: ${row.title}`, async () => {
    const judge = new Judge(await loadContract('huawei'), PROFILE_TABLE.huawei);
    expect(summary(judge.judge(row.exchange))).toEqual(row.verdicts);
  });

test('judge: a second create of a held pair breaks V2-DUPLICATE-REJECTED; its refusal keeps it', async () => {
  const judge = new Judge(await loadContract('huawei'), PROFILE_TABLE.huawei);
  judge.judge(exchange(201, { member: MEMBER }, ANSWERED));
  expect(
    summary(judge.judge(exchange(409, { member: MEMBER }, { NeutronError: { message: 'dup' } }))),
  ).toMatchObject({
    'V2-DUPLICATE-REJECTED': true,
  });
  const again = judge.judge(exchange(201, { member: MEMBER }, { member: { ...ANSWERED.member, id: 'm-2' } }));
  expect(summary(again)).toMatchObject({ 'V2-DUPLICATE-REJECTED': false });
});
