import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { SERVE_FLAGS } from '../../scripts/serve';
import { expect, test } from './support/harness';
import { COMMAND } from './support/paths';
import type { V3List } from '../../reference-server/modes/probe-client';
import { serveConfigFromEnv } from '../../reference-server/src/config';
import { DEFAULTS, startReferenceServer, targetEnv } from '../../reference-server/src/index';

/*
 * `npm run serve`: the reference server on its own, set up by PORT and the REFERENCE_* variables; and
 * `lb-member-conformance serve`, the same with a flag for each variable.
 */

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
      variable: 'REFERENCE_CHOICES',
      problem: expect.stringMatching(/^unknown choice "nope"/),
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

test.describe('lb-member-conformance serve', () => {
  const serveCommand = (args: string[], env: Record<string, string> = {}) =>
    spawnServe(process.execPath, [COMMAND, 'serve', ...args], env);

  test('each flag sets its variable and wins over it; a variable without its flag still counts', async () => {
    const port = await freePort();
    const serve = serveCommand(
      [
        ...['--port', String(port), '--token', 'flag-token', '--faults', 'v3-auth-any-token'],
        ...['--choices', 'foreign-members', '--foreign-members=4'],
      ],
      { REFERENCE_TOKEN: 'env-token', REFERENCE_FOREIGN_MEMBERS: '7', REFERENCE_PRELOAD: `${V3_POOL}=2` },
    );
    try {
      const t = await untilReady(serve);
      expect(t.TARGET_URL).toBe(`http://127.0.0.1:${port}`);
      expect(t.TARGET_TOKEN).toBe('flag-token');
      const url = `${t.TARGET_URL}/v3/${t.TARGET_PROJECT_ID}/elb/pools/${t.TARGET_V3_POOL_ID}/members`;
      const listing = await fetch(url, { headers: { 'x-auth-token': 'flag-token' } });
      expect(((await listing.json()) as V3List).members).toHaveLength(4 + 2);
      // The fault: any token is taken.
      expect((await fetch(url, { headers: { 'x-auth-token': 'env-token' } })).status).toBe(200);
    } finally {
      stopGroup(serve, 'SIGINT');
    }
    expect(await serve.exit).toBe(0);
  });

  test('every setting of the served server has a flag, and --help and the docs list each with its variable', async () => {
    const sources = ['config.ts', 'noise.ts', 'foreign.ts'].map((file) =>
      readFileSync(path.join(ROOT, 'reference-server/src', file), 'utf8'),
    );
    const read = new Set(
      sources.flatMap((text) =>
        [...text.matchAll(/env\.([A-Z_]+)|'(REFERENCE_[A-Z_]+)'/g)].map((m) => m[1] ?? m[2] ?? ''),
      ),
    );
    expect(read.size, 'the variables serveConfigFromEnv reads').toBeGreaterThan(5);
    expect(SERVE_FLAGS.map((f) => f.variable).sort()).toEqual([...read].sort());

    const doc = readFileSync(path.join(ROOT, 'docs/reference-server.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(--[a-z0-9-]+)[^`]*` +\| `([A-Z0-9_]+)` +\|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows, 'the table of docs/reference-server.md').toEqual(
      SERVE_FLAGS.map((f) => [f.flag, f.variable]),
    );

    const help = serveCommand(['--help']);
    expect(await help.exit).toBe(0);
    for (const f of SERVE_FLAGS) {
      const line = help.lines.find((l) => l.trimStart().startsWith(`${f.flag} `));
      expect(line, `${f.flag} in --help`).toContain(f.variable);
    }
  });

  test('a bad flag or value exits 2, names the flag and serves nothing', async () => {
    const cases: [string[], string][] = [
      [['--faults', 'nope'], 'REFERENCE_FAULTS (--faults): unknown fault "nope"'],
      [['--port'], '--port needs a value'],
      [['--bogus'], 'unknown flag --bogus'],
    ];
    const runs = cases.map(([args]) => serveCommand(args));
    for (const [i, [, message]] of cases.entries()) {
      const run = runs[i]!;
      expect(await run.exit, message).toBe(2);
      expect(run.stderr()).toContain(message);
      expect(run.lines).toEqual([]);
    }
  });
});

/** A port nothing listens on just now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
