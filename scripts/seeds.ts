/**
 * npm run seeds [-- --runs N] [--first-seed S] [--choices A,B] [--latency-ms MS]: runs the conformance suite N
 * times (default 5), one after the other, against the built-in reference server with every choice on (or only
 * the choices named), each run under its own FC_SEED (S, S+1, ...; S random unless given), with the suite's
 * default settings. Prints one line per run (seed, verdict, failed and inconclusive requirements, wall time) and
 * a summary; exits 0 only when every run conforms. The latency choice runs at 5 ms unless --latency-ms says
 * otherwise, as in tests/self/open-choices.spec.ts. Traffic goes to 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHOICES } from '../reference-server/src/choices';
import { readConformanceReport } from '../src/runner/verdict';

const root = path.resolve(__dirname, '..');

interface Options {
  runs: number;
  firstSeed: number;
  choices: string[];
  latencyMs: number;
}

const USAGE = 'usage: npm run seeds -- [--runs N] [--first-seed S] [--choices A,B] [--latency-ms MS]';
const NAMES = CHOICES.map((c) => c.name);

function parseOptions(args: readonly string[]): Options {
  const options: Options = { runs: 5, firstSeed: randomInt(1, 1_000_000), choices: NAMES, latencyMs: 5 };
  const refuse = (why: string): never => {
    console.error(`${USAGE}\n${why} (got ${args.join(' ')})`);
    process.exit(2);
  };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1] ?? refuse(`${flag} needs a value`);
    if (flag === '--choices') {
      const unknown = value.split(',').filter((name) => !NAMES.includes(name));
      if (unknown.length > 0) refuse(`unknown choice(s) ${unknown.join(', ')}; known: ${NAMES.join(', ')}`);
      options.choices = value.split(',');
      continue;
    }
    if (!/^\d+$/.test(value)) refuse(`${flag} takes a whole number`);
    if (flag === '--runs') options.runs = Math.max(1, Number(value));
    else if (flag === '--first-seed') options.firstSeed = Number(value);
    else if (flag === '--latency-ms') options.latencyMs = Number(value);
    else refuse(`unknown option ${flag}`);
  }
  return options;
}

interface SeedRun {
  seed: number;
  verdict: string;
  failed: string[];
  inconclusive: string[];
  exitCode: number | null;
  wallMs: number;
}

/** One `npm run conformance` with the choices on, its reports in a scratch folder. */
async function runOnce(seed: number, { choices, latencyMs }: Options): Promise<SeedRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'conformance-seed-'));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      require.resolve('tsx/cli', { paths: [root] }),
      path.join(root, 'scripts/conformance.ts'),
      `--reporter=dot,${path.join(root, 'src/reporter/conformance-reporter.ts')}`,
      `--output=${path.join(scratch, 'test-results')}`,
    ],
    {
      cwd: root,
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !/^(TARGET_|REFERENCE_|FC_)/.test(k)),
        ),
        REFERENCE_CHOICES: choices.join(','),
        REFERENCE_LATENCY_MS: String(latencyMs),
        FC_SEED: String(seed),
        CONFORMANCE_REPORT_DIR: scratch,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = Date.now() - started;
  const report = readConformanceReport(scratch);
  rmSync(scratch, { recursive: true, force: true });
  const unsettled = (report?.requirements ?? []).filter(
    (r) => r.status === 'failed' || r.status === 'inconclusive',
  );
  return {
    seed,
    verdict: report?.run.verdict ?? 'no report',
    failed: unsettled.filter((r) => r.status === 'failed').map((r) => r.id),
    inconclusive: unsettled.filter((r) => r.status === 'inconclusive').map((r) => r.id),
    exitCode,
    wallMs,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function line(run: SeedRun): string {
  const list = (ids: string[]): string => (ids.length ? ` (${ids.join(', ')})` : '');
  return (
    `seed ${String(run.seed).padStart(7)}  ${run.verdict.padEnd(16)}  failed ${run.failed.length}${list(run.failed)}` +
    `  inconclusive ${run.inconclusive.length}${list(run.inconclusive)}  exit ${run.exitCode}  ${seconds(run.wallMs)}`
  );
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const { runs, firstSeed, choices } = options;
  const on =
    choices.length === NAMES.length ? `every choice on (${NAMES.length})` : `choices ${choices.join(', ')}`;
  console.log(
    `${runs} run(s), ${on}, latency ${options.latencyMs} ms, seeds ${firstSeed}..${firstSeed + runs - 1}, ` +
      `${os.cpus().length} core(s)`,
  );
  const results: SeedRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runOnce(firstSeed + i, options);
    results.push(run);
    console.log(line(run));
  }
  const passed = results.filter((r) => r.verdict === 'conforms' && r.exitCode === 0);
  const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
  const mid = walls.length >> 1;
  const median = walls.length % 2 ? (walls[mid] ?? 0) : ((walls[mid - 1] ?? 0) + (walls[mid] ?? 0)) / 2;
  console.log(
    `\n${passed.length} of ${runs} run(s) conform; failed in ${results.filter((r) => r.failed.length).length}, ` +
      `inconclusive in ${results.filter((r) => r.inconclusive.length).length}; wall time median ` +
      `${seconds(median)}, min ${seconds(walls[0] ?? 0)}, max ${seconds(walls.at(-1) ?? 0)}, ` +
      `total ${seconds(walls.reduce((a, b) => a + b, 0))}`,
  );
  return passed.length === runs ? 0 : 1;
}

void main().then((code) => process.exit(code));
