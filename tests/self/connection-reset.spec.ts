/**
 * A GET whose connection is reset before any answer (a kept-alive connection the target closed as the request
 * went out) is sent once more, and so is a DELETE that went out on a kept-alive connection; a create is never
 * sent twice, nor a DELETE on a fresh connection.
 */
import type { RequestListener, ServerResponse } from 'node:http';
import { cleanupClient } from '../../src/cleanup/client';
import type { ApiClient } from '../../src/http/client';
import { parseTargetEnv } from '../../src/settings';
import { expect, test, type HarnessFixtures } from './support/harness';

const POOL = '5a9a3e9e-d1aa-448e-af37-a70171f2a332';
const PROJECT = '99a3fff0d03c428eac3678da6a7d0f24';

function answerEmptyListing(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ members: [], page_info: { current_count: 0 } }));
}

/** A target that resets the connection of the first `resets` requests of each method, then answers. */
function resettingTarget(resets: number): { listener: RequestListener; seen: Record<string, number> } {
  const seen: Record<string, number> = {};
  const listener: RequestListener = (req, res) => {
    const method = req.method ?? 'GET';
    seen[method] = (seen[method] ?? 0) + 1;
    if (seen[method] <= resets) return req.socket.destroy();
    answerEmptyListing(res);
  };
  return { listener, seen };
}

/**
 * A target that answers the first request of each connection and resets the connection when a second one comes
 * on it: the target that closes an idle kept-alive connection just as the client reuses it.
 */
function closingReusedConnections(): { listener: RequestListener; seen: string[] } {
  const seen: string[] = [];
  const served = new WeakSet<object>();
  const listener: RequestListener = (req, res) => {
    const reused = served.has(req.socket);
    seen.push(`${req.method ?? ''}${reused ? ' reused' : ''}`);
    if (reused) return req.socket.destroy();
    served.add(req.socket);
    answerEmptyListing(res);
  };
  return { listener, seen };
}

/** A client of the target `listener` plays (on loopback, stopped when the test ends), given to `check`. */
async function withClient(
  serve: HarnessFixtures['loopbackServer'],
  listener: RequestListener,
  check: (api: ApiClient) => Promise<void>,
): Promise<void> {
  const { url } = await serve(listener);
  const { api, dispose } = await cleanupClient(
    parseTargetEnv({
      TARGET_URL: url,
      TARGET_PROJECT_ID: PROJECT,
      TARGET_V3_POOL_ID: POOL,
      TARGET_V3_SUBNET_ID: POOL,
      TARGET_V3_ADDRESS_CIDR: '192.168.0.0/24',
    }),
  );
  try {
    await check(api);
  } finally {
    await dispose();
  }
}

/** What a request of `method` that got no answer, its connection reset, ends with. */
const unanswered = (method: string) =>
  new RegExp(`^no verdict: ${method} \\S+ got no answer \\((ECONNRESET|socket hang up)`);

const list = (api: ApiClient) =>
  api.call('listMembersV3', { path: { project_id: PROJECT, pool_id: POOL }, check: false });
const remove = (api: ApiClient) =>
  api.call('deleteMemberV3', { path: { project_id: PROJECT, pool_id: POOL, member_id: POOL }, check: false });

test('a GET reset once is sent again and answered; reset twice, it has no verdict', async ({
  loopbackServer,
}) => {
  for (const [resets, answered] of [
    [1, true],
    [2, false],
  ] as const) {
    const target = resettingTarget(resets);
    await withClient(loopbackServer, target.listener, async (api) => {
      if (answered) expect((await list(api)).status).toBe(200);
      else await expect(list(api)).rejects.toThrow(unanswered('GET'));
      expect(target.seen.GET).toBe(2);
    });
  }
});

test('a write whose connection is reset is not sent again, and has no verdict', async ({
  loopbackServer,
}) => {
  const target = resettingTarget(1);
  await withClient(loopbackServer, target.listener, async (api) => {
    await expect(remove(api)).rejects.toThrow(unanswered('DELETE'));
    expect(target.seen.DELETE).toBe(1);
  });
});

test('a DELETE reset on a kept-alive connection is sent again on a new one; a create is not', async ({
  loopbackServer,
}) => {
  const target = closingReusedConnections();
  await withClient(loopbackServer, target.listener, async (api) => {
    expect((await list(api)).status).toBe(200);
    expect((await remove(api)).status).toBe(200);
    expect(target.seen).toEqual(['GET', 'DELETE reused', 'DELETE']);
    const create = api.call('createMemberV3', {
      path: { project_id: PROJECT, pool_id: POOL },
      json: { member: { address: '192.168.0.1', protocol_port: 80 } },
      check: false,
    });
    await expect(create).rejects.toThrow(unanswered('POST'));
    expect(target.seen).toEqual(['GET', 'DELETE reused', 'DELETE', 'POST reused']);
  });
});
