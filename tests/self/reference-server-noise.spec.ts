/*
 * The reference server's noise (reference-server/src/noise.ts): what rate-limit refuses and how, that a
 * refused request changes nothing, what latency delays, and the settings that steer both.
 */
import { serveConfigFromEnv } from '../../reference-server/src/config';
import { DEFAULTS, type ReferenceServer } from '../../reference-server/src/index';
import {
  createNoise,
  DEFAULT_NOISE,
  MAX_REFUSALS_IN_A_ROW,
  noiseSettingsFromEnv,
  RATE_LIMIT_EVERY,
  type Noise,
  type NoiseChoiceName,
  type RequestKey,
} from '../../reference-server/src/noise';
import { expect, test } from './support/harness';

test.describe.configure({ mode: 'parallel' });

const on = (...names: NoiseChoiceName[]) => ({ has: (name: NoiseChoiceName) => names.includes(name) });

const request = (i: number): RequestKey => ({
  method: i % 3 === 0 ? 'POST' : 'GET',
  target: `/v2.0/lbaas/pools/p/members?i=${i}`,
  token: 't',
  body: Buffer.from(i % 3 === 0 ? `{"member":{"i":${i}}}` : ''),
});

/** Sends `count` requests as a client that repeats each refused one at once; returns each one's refusals. */
function drive(noise: Noise, count: number): { status: number; retryAfter: string }[][] {
  return Array.from({ length: count }, (_, i) => {
    const refusals: { status: number; retryAfter: string }[] = [];
    for (let r = noise.refusal(request(i)); r && refusals.length < 10; r = noise.refusal(request(i)))
      refusals.push(r);
    return refusals;
  });
}

/** One request to a server started in process, with its token. */
const call = async (s: ReferenceServer, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { 'x-auth-token': s.defaults.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    json: (await res.json()) as unknown,
  };
};

test.describe('rate-limit', () => {
  test('refuses every 7th request, some twice in a row, never more: the suite’s 4 retries always get through', () => {
    const seen = drive(createNoise(on('rate-limit')), 2000);
    const refused = seen.filter((r) => r.length > 0);
    const sent = seen.reduce((sum, r) => sum + r.length + 1, 0);
    // A retry follows its refusal at once, so it never falls on a multiple of 7 itself.
    expect(refused.length).toBe(Math.floor(sent / RATE_LIMIT_EVERY));
    expect(Math.max(...seen.map((r) => r.length))).toBe(MAX_REFUSALS_IN_A_ROW);
    expect(seen.filter((r) => r.length === 2).length).toBe(Math.floor(refused.length / 3));
  });

  test('the same request from several clients at once: none is refused more than twice in a row', () => {
    // Each round, `clients` identical reads are in flight together, with 0 to 6 other requests between their
    // turns; a refused client sends again at its next turn. The server cannot tell a retry from its twin.
    const noise = createNoise(on('rate-limit'));
    const clients = 4;
    let worst = 0;
    let filler = 0;
    for (let round = 0; round < 500; round++) {
      const read: RequestKey = { ...request(1), target: `/v3/p/elb/pools/q/members?round=${round % 7}` };
      const inRow = new Array<number>(clients).fill(0);
      const waiting = new Set(Array.from({ length: clients }, (_, c) => c));
      while (waiting.size > 0) {
        for (const c of [...waiting]) {
          if (noise.refusal(read)) inRow[c] = (inRow[c] ?? 0) + 1;
          else waiting.delete(c);
          for (let k = 0; k < (c + round) % RATE_LIMIT_EVERY; k++) noise.refusal(request(3 * ++filler + 1));
          if ((inRow[c] ?? 0) > MAX_REFUSALS_IN_A_ROW) waiting.delete(c);
        }
      }
      worst = Math.max(worst, ...inRow);
    }
    expect(worst).toBeLessThanOrEqual(MAX_REFUSALS_IN_A_ROW);
  });

  test('429 with Retry-After in seconds and 503 with an HTTP date take turns; real waits are rare and short', () => {
    const refusals = drive(createNoise(on('rate-limit')), 3000).flat();
    expect(refusals.map((r) => r.status).slice(0, 6)).toEqual([429, 503, 429, 503, 429, 503]);
    const now = Date.now();
    const waits = refusals.map((r) => {
      if (r.status === 429) {
        expect(r.retryAfter).toMatch(/^[01]$/);
        return Number(r.retryAfter) * 1000;
      }
      expect(r.status).toBe(503);
      expect(new Date(r.retryAfter).toUTCString()).toBe(r.retryAfter); // an IMF-fixdate, whole seconds
      const wait = Date.parse(r.retryAfter) - now;
      expect(wait).toBeLessThanOrEqual(1000);
      return Math.max(0, wait);
    });
    const real = waits.filter((w) => w > 0).length;
    expect(real).toBeGreaterThan(0);
    expect(real).toBeLessThanOrEqual(Math.ceil(refusals.length / 50) + 1);
  });

  test('REFERENCE_RATE_LIMIT_FOREVER refuses the requests it names every time, with or without the choice', () => {
    for (const noise of [
      createNoise(on(), { ...DEFAULT_NOISE, refusedForever: 'POST /v2.0' }),
      createNoise(on('rate-limit'), { ...DEFAULT_NOISE, refusedForever: 'POST /v2.0' }),
    ]) {
      const post = { ...request(0), target: '/v2.0/lbaas/pools/p/members' };
      for (let i = 0; i < 10; i++)
        expect(noise.refusal(post)).toMatchObject({ status: 429, retryAfter: '0' });
    }
    const quiet = createNoise(on(), { ...DEFAULT_NOISE, refusedForever: 'POST /v3' });
    expect(drive(quiet, 50).flat().length).toBe(0);
  });

  test('off: nothing is refused', () => {
    expect(drive(createNoise(on('latency')), 500).flat()).toEqual([]);
  });

  for (const api of ['v2.0', 'v3'] as const) {
    test(`a refused ${api} create stores nothing; its retry creates the member once`, async ({
      inProcessServer,
    }) => {
      const s = await inProcessServer({ choices: ['rate-limit'], noise: { latencyMs: 0 } });
      const d = s.defaults;
      const members =
        api === 'v2.0'
          ? `/v2.0/lbaas/pools/${d.v2PoolId}/members`
          : `/v3/${d.projectId}/elb/pools/${d.v3PoolId}/members`;
      const member =
        api === 'v2.0'
          ? { address: '192.168.128.9', protocol_port: 8080, subnet_id: d.v2SubnetId }
          : { address: '120.10.128.9', protocol_port: 8080, subnet_cidr_id: d.v3SubnetId };
      const count = async (): Promise<number> => {
        for (;;) {
          const listed = await call(s, 'GET', members);
          if (listed.retryAfter === null) return (listed.json as { members: unknown[] }).members.length;
        }
      };
      // Requests 1..6 are answered; the 7th, this create, is refused.
      for (let i = 0; i < RATE_LIMIT_EVERY - 1; i++) expect((await call(s, 'GET', members)).status).toBe(200);
      const refused = await call(s, 'POST', members, { member });
      // The first refusal of a run asks for a real wait (1 s): this test does not wait, it reads at once.
      expect([refused.status, refused.retryAfter]).toEqual([429, '1']);
      expect(await count()).toBe(0);
      expect((await call(s, 'POST', members, { member })).status).toBe(201);
      expect(await count()).toBe(1);
    });
  }
});

test.describe('busy forever', () => {
  test('REFERENCE_BUSY_FOREVER answers the valid writes it names 409 every time and stores nothing', async ({
    inProcessServer,
  }) => {
    const s = await inProcessServer({ noise: { busyForever: 'POST /v3' } });
    const d = s.defaults;
    const v3 = `/v3/${d.projectId}/elb/pools/${d.v3PoolId}/members`;
    const member = (n: number) => ({
      address: `120.10.128.${n}`,
      protocol_port: 80,
      subnet_cidr_id: d.v3SubnetId,
    });
    for (let n = 10; n < 15; n++) {
      const refused = await call(s, 'POST', v3, { member: member(n) });
      expect(refused.status).toBe(409);
      expect(refused.retryAfter).toBeNull();
    }
    // invalid input gets its 400 first, as from a load balancer stuck busy; what the text does not name is served
    expect((await call(s, 'POST', v3, { member: { ...member(20), weight: 101 } })).status).toBe(400);
    expect((await call(s, 'GET', v3)).json).toMatchObject({ members: [] });
    const v2 = { address: '192.168.128.9', protocol_port: 80, subnet_id: d.v2SubnetId };
    expect((await call(s, 'POST', `/v2.0/lbaas/pools/${d.v2PoolId}/members`, { member: v2 })).status).toBe(
      201,
    );
  });
});

test.describe('latency', () => {
  test('delays by the setting give or take a third, in a fixed jittered sequence', () => {
    const delays = (latencyMs: number): number[] => {
      const noise = createNoise(on('latency'), { ...DEFAULT_NOISE, latencyMs });
      return Array.from({ length: 22 }, () => noise.delayMs());
    };
    const standard = delays(300);
    expect(DEFAULT_NOISE.latencyMs).toBe(300);
    expect(Math.min(...standard)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...standard)).toBeLessThanOrEqual(400);
    expect(new Set(standard).size).toBe(11);
    expect(delays(300)).toEqual(standard);
    expect(Math.max(...delays(30))).toBeLessThanOrEqual(40);
    expect(createNoise(on('rate-limit')).delayMs()).toBe(0);
  });

  test('an answer of the server with latency takes that long', async ({ inProcessServer }) => {
    const server = await inProcessServer({ choices: ['latency'], noise: { latencyMs: 300 } });
    const started = Date.now();
    const res = await fetch(`${server.url}/v2.0/lbaas/pools/${DEFAULTS.v2PoolId}/members`, {
      headers: { 'x-auth-token': server.defaults.token },
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });
});

test.describe('settings', () => {
  test('REFERENCE_LATENCY_MS, REFERENCE_RATE_LIMIT_FOREVER and REFERENCE_BUSY_FOREVER are read, a bad latency is named', () => {
    expect(noiseSettingsFromEnv({})).toEqual({ ok: true, settings: DEFAULT_NOISE });
    expect(
      noiseSettingsFromEnv({
        REFERENCE_LATENCY_MS: '250',
        REFERENCE_RATE_LIMIT_FOREVER: 'POST /v3',
        REFERENCE_BUSY_FOREVER: 'DELETE /v2.0',
      }),
    ).toEqual({
      ok: true,
      settings: { latencyMs: 250, refusedForever: 'POST /v3', busyForever: 'DELETE /v2.0' },
    });
    for (const bad of ['-1', 'abc', '1.5', '10001']) {
      expect(noiseSettingsFromEnv({ REFERENCE_LATENCY_MS: bad })).toMatchObject({
        ok: false,
        variable: 'REFERENCE_LATENCY_MS',
      });
      expect(serveConfigFromEnv({ REFERENCE_LATENCY_MS: bad })).toMatchObject({
        ok: false,
        variable: 'REFERENCE_LATENCY_MS',
      });
    }
    expect(serveConfigFromEnv({ REFERENCE_LATENCY_MS: '50' })).toMatchObject({
      ok: true,
      options: { noise: { latencyMs: 50 } },
    });
  });
});
