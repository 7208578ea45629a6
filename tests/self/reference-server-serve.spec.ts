import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './support/harness';
import type { V3List } from '../../reference-server/modes/probe-client';
import { serveConfigFromEnv } from '../../reference-server/src/config';
import { DEFAULTS, startReferenceServer, targetEnv } from '../../reference-server/src/index';

/* `npm run serve`: the reference server on its own, set up by PORT and the REFERENCE_* variables. */

test.describe.configure({ mode: 'parallel' });

const ROOT = path.resolve(__dirname, '../..');
const V3_POOL = DEFAULTS.v3PoolId;

interface Spawned {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function spawnServe(command: string, args: string[], env: Record<string, string | undefined>): Spawned {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: undefined,
      REFERENCE_FAULTS: undefined,
      REFERENCE_CHOICES: undefined,
      REFERENCE_PRELOAD: undefined,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so npx, tsx and node can be stopped together
  });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const parts = stdout.split('\n');
    stdout = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exit };
}

async function untilReady(s: Spawned): Promise<Record<string, string>> {
  const deadline = Date.now() + 30_000;
  while (!s.lines.includes('ready')) {
    if (Date.now() > deadline || s.child.exitCode !== null) throw new Error(`not ready: ${s.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = s.lines.slice(0, s.lines.indexOf('ready'));
  return Object.fromEntries(
    before.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function stopGroup(s: Spawned, signal: NodeJS.Signals): void {
  if (s.child.pid !== undefined && s.child.exitCode === null) {
    try {
      process.kill(-s.child.pid, signal);
    } catch {
      // already gone
    }
  }
}

const TSX_DIRECT: [string, string[]] = [
  process.execPath,
  ['--import', 'tsx', 'reference-server/src/main.ts'],
];

test.describe('npm run serve', () => {
  test('prints the TARGET_* lines and ready, then serves with that token', async () => {
    test.setTimeout(60_000);
    const serve = spawnServe('npx', ['tsx', 'reference-server/src/main.ts'], {
      REFERENCE_TOKEN: 'serve-token',
      REFERENCE_PRELOAD: `${V3_POOL}=5`,
    });
    try {
      const env = await untilReady(serve);
      const server = await startReferenceServer();
      const expectedKeys = Object.keys(targetEnv(server)).sort();
      await server.close();
      expect(Object.keys(env).sort()).toEqual(expectedKeys);
      expect(env.TARGET_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env.TARGET_TOKEN).toBe('serve-token');
      expect(env.TARGET_PROFILE).toBe('huawei');
      const url = `${env.TARGET_URL}/v3/${env.TARGET_PROJECT_ID}/elb/pools/${env.TARGET_V3_POOL_ID}/members`;
      const ok = await fetch(url, { headers: { 'x-auth-token': 'serve-token' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as V3List).members).toHaveLength(5);
      expect((await fetch(url, { headers: { 'x-auth-token': 'reference-token' } })).status).toBe(401);
    } finally {
      stopGroup(serve, 'SIGTERM');
      await serve.exit;
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`closes cleanly with exit code 0 on ${signal}`, async () => {
      const serve = spawnServe(...TSX_DIRECT, {});
      try {
        await untilReady(serve);
      } finally {
        serve.child.kill(signal);
      }
      expect(await serve.exit).toBe(0);
    });
  }

  for (const variable of ['REFERENCE_FAULTS', 'REFERENCE_CHOICES']) {
    test(`${variable}=nope exits 2 with one line naming ${variable}`, async () => {
      test.setTimeout(60_000);
      const serve = spawnServe('npx', ['tsx', 'reference-server/src/main.ts'], { [variable]: 'nope' });
      expect(await serve.exit).toBe(2);
      expect(serve.stderr().trim().split('\n')).toHaveLength(1);
      expect(serve.stderr()).toMatch(new RegExp(`${variable}.*"nope"`));
      expect(serve.lines).toEqual([]);
    });
  }

  const badSettings: [string, string][] = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['REFERENCE_PRELOAD', 'no-such-pool=5'],
    ['REFERENCE_PRELOAD', `${V3_POOL}=many`],
    ['REFERENCE_FAULTS', 'weight-upper-off-by-one,also-nope'],
  ];
  for (const [variable, value] of badSettings) {
    test(`${variable}=${value} exits 2 with a one-line message naming ${variable}`, async () => {
      const serve = spawnServe(...TSX_DIRECT, { [variable]: value });
      expect(await serve.exit).toBe(2);
      expect(serve.stderr().trim().split('\n')).toHaveLength(1);
      expect(serve.stderr()).toContain(variable);
    });
  }

  test('serveConfigFromEnv reads a comma-separated list and names REFERENCE_CHOICES on an unknown name', () => {
    const good = serveConfigFromEnv({ REFERENCE_CHOICES: ' extra-fields,,v3-order-by-id , extra-fields' });
    expect(good).toMatchObject({ ok: true, options: { choices: ['extra-fields', 'v3-order-by-id'] } });
    expect(serveConfigFromEnv({})).toMatchObject({ ok: true, options: { choices: [] } });
    const bad = serveConfigFromEnv({ REFERENCE_CHOICES: 'extra-fields,nope' });
    expect(bad).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^REFERENCE_CHOICES: unknown choice "nope"/),
    });
  });

  test('REFERENCE_CHOICES switches the served choices on', async () => {
    const serve = spawnServe(...TSX_DIRECT, { REFERENCE_CHOICES: 'foreign-members,gateway-401-plain' });
    try {
      const t = await untilReady(serve);
      const url = `${t.TARGET_URL}/v3/${t.TARGET_PROJECT_ID}/elb/pools/${t.TARGET_V3_POOL_ID}/members`;
      const ok = await fetch(url, { headers: { 'x-auth-token': t.TARGET_TOKEN ?? '' } });
      expect(((await ok.json()) as V3List).members).toHaveLength(25);
      const denied = await fetch(url);
      expect([denied.status, await denied.text()]).toEqual([401, 'Unauthorized']);
    } finally {
      stopGroup(serve, 'SIGTERM');
    }
    expect(await serve.exit).toBe(0);
  });
});
