/**
 * npm run bench: prints (never asserts) how fast the reference server pages through large pools and how long
 * a full conformance run takes against it, with the cost of each run read from its conformance.json. Traffic
 * goes to 127.0.0.1 only. BENCH_CONFORMANCE_RUNS sets the number of default conformance runs (default 3, 0 skips
 * them and the noisy runs); BENCH_NOISE=0 skips the runs with latency and rate limits, BENCH_SHORT=1 runs
 * those with CONFORMANCE_RUNS=5 (a short mode for CI). BENCH_PROXY=0 skips the validating proxy's overhead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { DEFAULTS } from '../reference-server/src/defaults';
import type { RunCost } from '../src/reporter/cost';
import { readConformanceReport } from '../src/runner/verdict';

const root = path.resolve(__dirname, '..');
const POOL_SIZES = [1_000, 10_000, 100_000];
const PAGE = 100;
const WARMUP = 50;
const SAMPLES = 200;
const SEED = 20240604;
const RATIO_TARGET = 1.5;
const CONFORMANCE_TARGET_S = 4.5;
const REQUESTS_TARGET = 2_000;
const PROXY_SAMPLES = 2_000;
const PROXY_OVERHEAD_TARGET_MS = 1;

/**
 * The noisy runs, all with the default settings: a target that answers slowly, one that rate-limits, a load
 * balancer busy after each write, and one stuck busy (every create answered 409: its verdict, incomplete, must
 * come once the settle time has run out per pool, not per write), with the goal of each.
 */
const NOISY_RUNS: { name: string; env: Record<string, string>; goalS?: number }[] = [
  { name: 'latency 150 ms', env: { REFERENCE_CHOICES: 'latency', REFERENCE_LATENCY_MS: '150' }, goalS: 40 },
  { name: 'latency 300 ms', env: { REFERENCE_CHOICES: 'latency', REFERENCE_LATENCY_MS: '300' }, goalS: 80 },
  { name: 'rate-limited', env: { REFERENCE_CHOICES: 'rate-limit' }, goalS: 10 },
  { name: 'busy after each write', env: { REFERENCE_CHOICES: 'busy-after-write' }, goalS: 35 },
  { name: 'stuck busy', env: { REFERENCE_BUSY_FOREVER: 'POST /' }, goalS: 120 },
];

// ---------- helpers ----------

interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stats(values: readonly number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, runs: s.length };
}

/** Prints rows as an aligned table: first column left-aligned, the others right-aligned. */
function table(title: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`\n${title}\n${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
}

const ms = (v: number): string => v.toFixed(2);
const sec = (v: number): string => (v / 1000).toFixed(2);
const mb = (kb: number | undefined): string => (kb === undefined ? 'n/a' : (kb / 1024).toFixed(0));

/** mulberry32: a seeded generator, so every run asks for the same marker positions. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The parent's environment without anything that would point a child at another target or fault mode. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(TARGET_|REFERENCE_)/.test(k) && k !== 'PORT'),
  );
  return { ...env, ...extra };
}

/** VmRSS of a process in kB (Linux only). */
function rssKb(pid: number | undefined): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

// ---------- the reference server in a child process ----------

interface Child {
  proc: ChildProcess;
  target: Record<string, string>;
  /** spawn to `ready`: node and tsx start-up plus the preload */
  startMs: number;
  stop(): Promise<void>;
}

async function startServer(poolId: string, members: number): Promise<Child> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
    cwd: root,
    env: cleanEnv({ REFERENCE_PRELOAD: `${poolId}=${members}` }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  const target: Record<string, string> = {};
  const ready = await new Promise<boolean>((resolve) => {
    proc.once('exit', () => resolve(false));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^(TARGET_\w+)=(.*)$/.exec(line);
      if (m) target[m[1]!] = m[2]!;
      if (line === 'ready') resolve(true);
    });
  });
  if (!ready) throw new Error(`reference server with ${members} members exited before "ready"`);
  return { proc, target, startMs: performance.now() - t0, stop };
}

// ---------- measurements ----------

/** Wall time of one GET, body included; throws unless it is a 200. */
async function timedGet(url: string, token: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { 'X-Auth-Token': token } });
  const body = await res.text();
  const elapsed = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 200)}`);
  return elapsed;
}

/** Every member id of the pool in listing order, walked in pages of 2000. */
async function allIds(membersUrl: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const marker = ids.length ? `&marker=${ids.at(-1)}` : '';
    const res = await fetch(`${membersUrl}?limit=2000${marker}`, { headers: { 'X-Auth-Token': token } });
    const body = (await res.json()) as { members: { id: string }[] };
    ids.push(...body.members.map((m) => m.id));
    if (body.members.length < 2000) return ids;
  }
}

type Mode = 'marker' | 'first page' | 'page_reverse';
const MODES: Mode[] = ['marker', 'first page', 'page_reverse'];

/** WARMUP then SAMPLES timed requests for one page of PAGE members; markers at random positions. */
async function pageTimes(membersUrl: string, token: string, ids: string[], mode: Mode): Promise<Stats> {
  const next = random(SEED);
  const url = (): string => {
    const marker = ids[Math.floor(next() * ids.length)];
    if (mode === 'first page') return `${membersUrl}?limit=${PAGE}`;
    const reverse = mode === 'page_reverse' ? '&page_reverse=true' : '';
    return `${membersUrl}?limit=${PAGE}&marker=${marker}${reverse}`;
  };
  for (let i = 0; i < WARMUP; i++) await timedGet(url(), token);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await timedGet(url(), token));
  return stats(times);
}

interface PoolResult {
  members: number;
  startMs: number;
  rssReadyKb: number | undefined;
  rssAfterKb: number | undefined;
  pages: Map<Mode, Stats>;
}

/** One server per pool size, so a pool never shares a heap (or a garbage collector) with a bigger one. */
async function benchPool(members: number, poolId: string): Promise<PoolResult> {
  const server = await startServer(poolId, members);
  try {
    const rssReadyKb = rssKb(server.proc.pid);
    const t = server.target;
    const membersUrl = `${t.TARGET_URL}/v3/${t.TARGET_PROJECT_ID}/elb/pools/${poolId}/members`;
    const token = t.TARGET_TOKEN ?? '';
    const ids = await allIds(membersUrl, token);
    if (ids.length !== members) throw new Error(`pool holds ${ids.length} members, expected ${members}`);
    const pages = new Map<Mode, Stats>();
    for (const mode of MODES) pages.set(mode, await pageTimes(membersUrl, token, ids, mode));
    return { members, startMs: server.startMs, rssReadyKb, rssAfterKb: rssKb(server.proc.pid), pages };
  } finally {
    await server.stop();
  }
}

/** Start-up time and RSS of a server without members: the second of two starts (the first warms caches). */
async function emptyServer(poolId: string): Promise<{ startMs: number; rssKb: number | undefined }> {
  await (await startServer(poolId, 0)).stop();
  const server = await startServer(poolId, 0);
  const rss = rssKb(server.proc.pid);
  await server.stop();
  return { startMs: server.startMs, rssKb: rss };
}

/** One full `npm run conformance` against the embedded reference server: wall time, exit code and cost. */
function conformanceRun(extra: Record<string, string> = {}): {
  ms: number;
  status: number | null;
  output: string;
  cost: RunCost | undefined;
} {
  const tsxCli = require.resolve('tsx/cli', { paths: [root] });
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/conformance.ts', '--reporter=dot'], {
    cwd: root,
    env: cleanEnv({ CONFORMANCE_REPORT_DIR: reportDir, ...extra }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const cost = readConformanceReport(reportDir)?.cost;
  rmSync(reportDir, { recursive: true, force: true });
  return { ms, status: result.status, output: result.stdout + result.stderr, cost };
}

function costRow(name: string, run: ReturnType<typeof conformanceRun>, goalS?: number): string[] {
  const c = run.cost;
  const verdict = goalS === undefined ? '' : run.ms <= goalS * 1000 ? 'goal met' : 'goal missed';
  return [
    name,
    sec(run.ms),
    String(run.status),
    c ? String(c.requests.total) : '?',
    c ? `${c.retries.requests} / ${sec(c.retries.waitedMs)} s` : '?',
    c ? `${c.busy.resends} / ${sec(c.busy.waitedMs)} s` : '?',
    c ? String(c.peakMembersAlive) : '?',
    goalS === undefined ? '' : `${goalS} s or less`,
    verdict,
  ];
}

// ---------- report ----------

/**
 * The validating proxy's cost per request: one page of 10 of a pool of 1,000, read directly and through
 * `lb-member-conformance proxy` (its own process, judging every answer), alternately, PROXY_SAMPLES times each
 * after a warm-up, over kept-alive connections like an SDK's.
 */
async function benchProxy(): Promise<void> {
  const server = await startServer(DEFAULTS.v3PoolId, 1_000);
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-proxy-'));
  const proxy = spawn(
    process.execPath,
    ['bin/lb-member-conformance.js', 'proxy', '--upstream', server.target.TARGET_URL!, '--out', out],
    {
      cwd: root,
      env: cleanEnv({}),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const proxyUrl = await new Promise<string>((resolve, reject) => {
      proxy.once('exit', () => reject(new Error('the proxy exited before listening')));
      createInterface({ input: proxy.stdout! }).on('line', (line) => {
        const m = /listening on (\S+),/.exec(line);
        if (m) resolve(m[1]!);
      });
    });
    const t = server.target;
    const pathOf = `/v3/${t.TARGET_PROJECT_ID}/elb/pools/${DEFAULTS.v3PoolId}/members?limit=10`;
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < WARMUP + PROXY_SAMPLES; i++) {
      const a = await timedGet(`${t.TARGET_URL}${pathOf}`, t.TARGET_TOKEN ?? '');
      const b = await timedGet(`${proxyUrl}${pathOf}`, t.TARGET_TOKEN ?? '');
      if (i >= WARMUP) {
        direct.push(a);
        proxied.push(b);
      }
    }
    const p95 = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length * 0.95)]!;
    const d = stats(direct);
    const q = stats(proxied);
    const overhead = q.median - d.median;
    table(`Validating proxy: GET one page of 10 (pool of 1,000), ${PROXY_SAMPLES} requests each, ms`, [
      ['path', 'median', 'p95', 'min', 'max', 'goal', 'verdict'],
      ['direct', ms(d.median), ms(p95(direct)), ms(d.min), ms(d.max), '', ''],
      ['through the proxy', ms(q.median), ms(p95(proxied)), ms(q.min), ms(q.max), '', ''],
      [
        'added by the proxy',
        ms(overhead),
        ms(p95(proxied) - p95(direct)),
        '',
        '',
        `${PROXY_OVERHEAD_TARGET_MS} ms or less at the median`,
        overhead <= PROXY_OVERHEAD_TARGET_MS ? 'goal met' : 'goal missed',
      ],
    ]);
  } finally {
    proxy.kill('SIGINT');
    await new Promise((resolve) => proxy.once('exit', resolve));
    rmSync(out, { recursive: true, force: true });
    await server.stop();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_CONFORMANCE_RUNS || 3);
  if (!Number.isInteger(runs) || runs < 0) throw new Error('BENCH_CONFORMANCE_RUNS must be a whole number');
  console.log(`node ${process.version}, ${os.availableParallelism()} cores (os.availableParallelism())`);
  console.log(
    `Reference server in a child process; ${WARMUP} warm-up + ${SAMPLES} timed requests per row, ` +
      `limit=${PAGE}, markers at seeded random positions (seed ${SEED}); times in ms, wall time incl. body`,
  );

  const empty = await emptyServer(DEFAULTS.v3PoolId);
  const results: PoolResult[] = [];
  for (const n of POOL_SIZES) results.push(await benchPool(n, DEFAULTS.v3PoolId));

  table('Reference server: start-up and memory (the empty server is the baseline)', [
    ['members', 'spawn to ready s', 'preload s (approx.)', 'RSS at ready MB', 'RSS after bench MB'],
    ['0', sec(empty.startMs), '-', mb(empty.rssKb), '-'],
    ...results.map((r) => [
      r.members.toLocaleString('en-US'),
      sec(r.startMs),
      sec(Math.max(0, r.startMs - empty.startMs)),
      mb(r.rssReadyKb),
      mb(r.rssAfterKb),
    ]),
  ]);

  table(`GET .../members?limit=${PAGE}: one page, ms`, [
    ['members', 'request', 'median', 'min', 'max', 'runs'],
    ...results.flatMap((r) =>
      MODES.map((mode) => {
        const s = r.pages.get(mode)!;
        return [r.members.toLocaleString('en-US'), mode, ms(s.median), ms(s.min), ms(s.max), String(s.runs)];
      }),
    ),
  ]);

  const small = results[0]!;
  const big = results.at(-1)!;
  table(
    `Scaling: median(${big.members.toLocaleString('en-US')}) / median(${small.members.toLocaleString('en-US')})`,
    [
      ['request', 'ratio', 'target', 'verdict'],
      ...MODES.map((mode) => {
        const ratio = big.pages.get(mode)!.median / small.pages.get(mode)!.median;
        const verdict = ratio <= RATIO_TARGET ? 'target met' : 'target missed';
        return [mode, ratio.toFixed(2), `${RATIO_TARGET} or less`, verdict];
      }),
    ],
  );

  if (process.env.BENCH_PROXY !== '0') await benchProxy();

  if (runs === 0) {
    console.log('\nConformance run: skipped (BENCH_CONFORMANCE_RUNS=0)');
    return;
  }
  const times: number[] = [];
  const requests: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = conformanceRun();
    times.push(run.ms);
    if (run.cost) requests.push(run.cost.requests.total);
    console.log(`conformance run ${i + 1}/${runs}: ${sec(run.ms)} s, exit code ${run.status}`);
    if (run.status !== 0) console.log(run.output.split('\n').slice(-30).join('\n'));
  }
  const s = stats(times);
  const r = stats(requests);
  table(
    `Full conformance run against the reference server (--reporter=dot); ${os.availableParallelism()} cores`,
    [
      ['measure', 'median', 'min', 'max', 'runs', 'goal', 'verdict'],
      [
        'wall time, s',
        sec(s.median),
        sec(s.min),
        sec(s.max),
        String(s.runs),
        `${CONFORMANCE_TARGET_S} s or less on 2 cores`,
        s.median <= CONFORMANCE_TARGET_S * 1000 ? 'goal met' : 'goal missed',
      ],
      [
        'requests',
        String(r.median),
        String(r.min),
        String(r.max),
        String(r.runs),
        `${REQUESTS_TARGET} or fewer`,
        r.median <= REQUESTS_TARGET ? 'goal met' : 'goal missed',
      ],
    ],
  );

  if (process.env.BENCH_NOISE === '0') return;
  const short = process.env.BENCH_SHORT === '1';
  const rows = NOISY_RUNS.map(({ name, env, goalS }) => {
    const run = conformanceRun({ ...env, ...(short ? { CONFORMANCE_RUNS: '5' } : {}) });
    console.log(`${name}: ${sec(run.ms)} s, exit code ${run.status}`);
    if (run.status !== 0) console.log(run.output.split('\n').slice(-30).join('\n'));
    return costRow(name, run, goalS);
  });
  table(`Noisy targets${short ? ' (short mode: CONFORMANCE_RUNS=5)' : ''}`, [
    [
      'run',
      'wall, s',
      'exit',
      'requests',
      'retries / waited',
      'busy resends / waited',
      'peak alive',
      'goal',
      'verdict',
    ],
    ...rows,
  ]);
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
