/**
 * A GET whose connection is reset before any answer (a kept-alive connection the target closed as the request
 * went out) is sent once more, and so is a DELETE that went out on a kept-alive connection; a create is never
 * sent twice, nor a DELETE on a fresh connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanupClient } from '../../src/cleanup/client';
import { parseTargetEnv } from '../../src/settings';
import { expect, test } from './support/harness';

const POOL = '5a9a3e9e-d1aa-448e-af37-a70171f2a332';
const PROJECT = '99a3fff0d03c428eac3678da6a7d0f24';

/** A target that resets the connection of the first `resets` requests of each method, then answers. */
async function resettingTarget(resets: number) {
  const seen: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    seen[method] = (seen[method] ?? 0) + 1;
    if (seen[method] <= resets) return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ members: [], page_info: { current_count: 0 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A target that answers the first request of each connection and resets the connection when a second one comes
 * on it: the target that closes an idle kept-alive connection just as the client reuses it.
 */
async function closingReusedConnections() {
  const seen: string[] = [];
  const served = new WeakSet<object>();
  const server = http.createServer((req, res) => {
    const reused = served.has(req.socket);
    seen.push(`${req.method ?? ''}${reused ? ' reused' : ''}`);
    if (reused) return req.socket.destroy();
    served.add(req.socket);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ members: [], page_info: { current_count: 0 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function clientOf(url: string) {
  const target = parseTargetEnv({
    TARGET_URL: url,
    TARGET_PROJECT_ID: PROJECT,
    TARGET_V3_POOL_ID: POOL,
    TARGET_V3_SUBNET_ID: POOL,
    TARGET_V3_ADDRESS_CIDR: '192.168.0.0/24',
  });
  return cleanupClient(target);
}

test('a GET reset once is sent again and answered; reset twice, it has no verdict', async () => {
  for (const [resets, answered] of [
    [1, true],
    [2, false],
  ] as const) {
    const target = await resettingTarget(resets);
    const { api, dispose } = await clientOf(target.url);
    try {
      const call = api.call('listMembersV3', {
        path: { project_id: PROJECT, pool_id: POOL },
        check: false,
      });
      if (answered) expect((await call).status).toBe(200);
      else
        await expect(call).rejects.toThrow(
          /^no verdict: GET \S+ got no answer \((ECONNRESET|socket hang up)/,
        );
      expect(target.seen.GET).toBe(2);
    } finally {
      await dispose();
      await target.close();
    }
  }
});

test('a write whose connection is reset is not sent again, and has no verdict', async () => {
  const target = await resettingTarget(1);
  const { api, dispose } = await clientOf(target.url);
  try {
    const call = api.call('deleteMemberV3', {
      path: { project_id: PROJECT, pool_id: POOL, member_id: POOL },
      check: false,
    });
    await expect(call).rejects.toThrow(/^no verdict: DELETE \S+ got no answer \((ECONNRESET|socket hang up)/);
    expect(target.seen.DELETE).toBe(1);
  } finally {
    await dispose();
    await target.close();
  }
});

test('a DELETE reset on a kept-alive connection is sent again on a new one; a create is not', async () => {
  const target = await closingReusedConnections();
  const { api, dispose } = await clientOf(target.url);
  const list = () =>
    api.call('listMembersV3', { path: { project_id: PROJECT, pool_id: POOL }, check: false });
  try {
    expect((await list()).status).toBe(200);
    const deleted = await api.call('deleteMemberV3', {
      path: { project_id: PROJECT, pool_id: POOL, member_id: POOL },
      check: false,
    });
    expect(deleted.status).toBe(200);
    expect(target.seen).toEqual(['GET', 'DELETE reused', 'DELETE']);
    const create = api.call('createMemberV3', {
      path: { project_id: PROJECT, pool_id: POOL },
      json: { member: { address: '192.168.0.1', protocol_port: 80 } },
      check: false,
    });
    await expect(create).rejects.toThrow(/^no verdict: POST \S+ got no answer \((ECONNRESET|socket hang up)/);
    expect(target.seen).toEqual(['GET', 'DELETE reused', 'DELETE', 'POST reused']);
  } finally {
    await dispose();
    await target.close();
  }
});
