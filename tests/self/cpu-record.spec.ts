/**
 * The CPU record of a run (scripts/cpu/record.cjs, scripts/cpu/summary.ts, docs/benchmarks.md): every Node.js
 * process of the run leaves its CPU time, and the summary adds them up by kind.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

const RECORD = path.join(ROOT, 'scripts/cpu/record.cjs');
const SUMMARY = path.join(ROOT, 'scripts/cpu/summary.ts');

test('each process of a run records its CPU time, and the summary adds them up by kind', async ({
  runNode,
  scratch,
}) => {
  const dir = scratch('cpu');
  // A parent that spends some CPU and starts a child that does too.
  const busy = 'let x = 0; for (let i = 0; i < 3e7; i++) x += i;';
  const child = `require('node:child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(busy)}]);`;
  const run = await runNode(['-e', `${busy} ${child}`], {
    NODE_OPTIONS: `--require ${RECORD}`,
    CPU_RECORD_DIR: dir,
  });
  expect(run.exitCode, run.stderr).toBe(0);
  expect(readdirSync(dir)).toHaveLength(2);
  const summary = await runNode(['--import', 'tsx', SUMMARY, dir]);
  expect(summary.exitCode, summary.stderr).toBe(0);
  const [head, , , , row] = summary.stdout.split('\n');
  expect(head).toMatch(/^2 processes, \d+ s of CPU$/);
  // Both ran `node -e`, no script: one kind, two processes.
  expect(row).toMatch(/^\| \d+ \| 100 % \| 2 \| \d+\.\d\d \| node \|$/);
});

test('the summary without a folder is a usage error', async ({ runNode }) => {
  const run = await runNode(['--import', 'tsx', SUMMARY]);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toMatch(/usage: .*scripts\/cpu\/summary\.ts/);
});
