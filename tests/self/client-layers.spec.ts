/**
 * The layers of the suite's client (src/http/stack.ts) together, against a local server: a write is permitted
 * once however often it is sent again, every send is counted, refusals tell the bound on requests in flight, and
 * every wait shows in the exchange; a write the run forbids sends nothing; a request refused to the end of the
 * retry bounds has no verdict.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract } from '../../src/contract/spec';
import type { ClientHooks } from '../../src/http/client';
import type { Exchange } from '../../src/http/exchange';
import { workerBounds } from '../../src/http/gate';
import { NoVerdict } from '../../src/http/no-verdict';
import { MAX_RETRIES } from '../../src/http/retry';
import { apiClient } from '../../src/http/stack';
import { HttpTransport } from '../../src/http/transport';
import { parseTargetEnv } from '../../src/settings/target';
import { expect, test } from './support/harness';

const POOL = '5a9a3e9e-d1aa-448e-af37-a70171f2a332';
const MEMBERS = `/v2.0/lbaas/pools/${POOL}/members`;
const MEMBER = { id: 'm1', address: '192.168.0.5', protocol_port: 80 };

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/** A server that gives `answers` in turn (the last one for ever after), and counts the requests it took. */
async function serve(answers: Answer[]) {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = answers[Math.min(seen.length, answers.length - 1)]!;
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, seen, close };
}

/** A client of the server at `url` (read-only when asked), and what its hooks were told. */
async function clientOf(url: string, readOnly = false) {
  const told = { permits: 0, sends: 0, exchanges: [] as Exchange[] };
  const target = parseTargetEnv({
    TARGET_URL: url,
    TARGET_TOKEN: 'tok-Layers-7c1d',
    TARGET_V2_POOL_ID: POOL,
    TARGET_V2_SUBNET_ID: '9f6c6a3e-2a1b-4c4e-8a55-3f4e2b1c0d9e',
    TARGET_V2_ADDRESS_CIDR: '192.168.0.0/24',
    ...(readOnly ? { TARGET_READ_ONLY: '1' } : {}),
  });
  const hooks: ClientHooks = {
    beforeWrite(operationId, method) {
      told.permits++;
      if (readOnly) throw new Error(`read-only: ${method} (${operationId})`);
    },
    onCreated() {},
    onRequest: () => void told.sends++,
    onExchange: (exchange) => void told.exchanges.push(exchange),
  };
  const transport = new HttpTransport();
  const bounds = workerBounds(4);
  const api = apiClient(transport, await loadContract(), target, hooks, bounds);
  return { api, told, bounds, dispose: () => transport.dispose() };
}

const create = { path: { pool_id: POOL }, json: { member: MEMBER }, check: false } as const;

test('a write refused twice, then busy, is permitted once, sent four times, and shows each wait', async () => {
  const refused: Answer = { status: 429, headers: { 'retry-after': '0' }, body: { message: 'slow down' } };
  const server = await serve([
    refused,
    refused,
    { status: 409, body: { message: `Pool ${POOL} is immutable and cannot be updated.` } },
    { status: 201, body: { member: MEMBER } },
  ]);
  const { api, told, bounds, dispose } = await clientOf(server.url);
  const response = await api.call('createMemberV2', create);
  expect(response.status).toBe(201);
  expect(told.permits).toBe(1);
  expect(told.sends).toBe(4);
  expect(server.seen).toEqual(Array(4).fill(`POST ${MEMBERS}`));
  expect(response.exchange.retries.map((r) => r.status)).toEqual([429, 429, 409]);
  expect(told.exchanges).toHaveLength(1);
  // The pool's creates: 4 in flight, halved once for the refusals and the busy answer of one send (one halving per
  // round of requests in flight), to 2; its deletes and the reads are not touched.
  expect(bounds.writes.of(`${server.url}${MEMBERS}`, 'create').limit).toBe(2);
  expect(bounds.writes.of(`${server.url}${MEMBERS}`, 'delete').limit).toBe(4);
  expect(bounds.reads.limit).toBe(4);
  await dispose();
  await server.close();
});

test('a write the run forbids sends nothing', async () => {
  const server = await serve([{ status: 201, body: { member: MEMBER } }]);
  const { api, told, dispose } = await clientOf(server.url, true);
  await expect(api.call('createMemberV2', create)).rejects.toThrow(/^read-only: POST \(createMemberV2\)/);
  expect(told.sends).toBe(0);
  expect(server.seen).toEqual([]);
  await dispose();
  await server.close();
});

test('a read refused to the end of the retry bounds has no verdict, with every retry in its exchange', async () => {
  const server = await serve([{ status: 429, headers: { 'retry-after': '0' }, body: { message: 'no' } }]);
  const { api, told, dispose } = await clientOf(server.url);
  const error = await api.call('listMembersV2', { path: { pool_id: POOL }, expect: 200 }).catch((e) => e);
  expect(error).toBeInstanceOf(NoVerdict);
  expect((error as NoVerdict).message).toMatch(/kept refusing the request with 429 .* after 4 retries/);
  expect((error as NoVerdict).exchange?.retries).toHaveLength(MAX_RETRIES);
  expect(told.sends).toBe(MAX_RETRIES + 1);
  expect(told.exchanges).toHaveLength(1);
  await dispose();
  await server.close();
});
