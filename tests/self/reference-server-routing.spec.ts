import { randomUUID } from 'node:crypto';
import type { ReferenceClient } from './support/reference-client';
import { expectNeutronError, expectV3Error } from './support/reference-errors';
import { expect, test } from './support/harness';

/* The built-in reference server: requests that are wrong before they reach a handler, on either API. */

test.describe.configure({ mode: 'parallel' });

test.describe('auth and routing', () => {
  const tokens: [string, string | null][] = [
    ['no token', null],
    ['a wrong token', 'wrong-token'],
    ['an empty token', ''],
  ];
  const routes = (a: ReferenceClient): [string, string][] => [
    ['GET', a.v2Path()],
    ['POST', a.v2Path()],
    ['GET', a.v2Path(undefined, randomUUID())],
    ['GET', a.v3Path()],
    ['POST', a.v3Path()],
    ['DELETE', a.v3Path(undefined, randomUUID())],
    ['GET', '/no/such/route'],
  ];
  for (const [label, token] of tokens) {
    test(`answers 401 to ${label} on every route`, async ({ api }) => {
      for (const [method, target] of routes(api)) {
        const reply = await api.call(method, target, { token, body: method === 'POST' ? {} : undefined });
        expect(reply.status, `${method} ${target}`).toBe(401);
      }
    });
  }

  test('answers 404 JSON to unknown routes and 405 JSON to wrong methods', async ({ api }) => {
    for (const target of [
      '/',
      '/v2.0',
      '/v2.0/lbaas/pools',
      `/v3/${api.d.projectId}/elb/pools`,
      '/v2.0/lbaas/pools//members',
    ]) {
      expect((await api.call('GET', target)).status, target).toBe(404);
    }
    const put = await api.call('PUT', api.v2Path(), { body: {} });
    expectNeutronError(put, 405);
    expectV3Error(await api.call('PATCH', api.v3Path(undefined, randomUUID())), 405, 'ELB.1001');
  });

  test('malformed requests never get a 5xx', async ({ api }) => {
    const targets = [
      '/v2.0/lbaas/pools/%zz/members',
      `/v3/${api.d.projectId}/elb/pools/%E0%A4%A/members`,
      `${api.v3Path()}?limit=%zz&marker=%`,
      `${api.v2Path()}?limit=%zz`,
      '//v2.0/lbaas/pools',
    ];
    for (const target of targets) expect((await api.call('GET', target)).status, target).toBeLessThan(500);
    const binary = await api.call('POST', api.v2Path(), { raw: '\u0000\uffff{' });
    expect(binary.status).toBe(400);
  });
});
