import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonReport, type TestOutcome } from '../../../src/report/results';

export const ROOT = path.resolve(__dirname, '../../..');

/** This process's environment without the variables that steer a run (so none leaks into a child). */
export function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^(TARGET_|REFERENCE_|CONFORMANCE_|FC_|PLAYWRIGHT_|TEST_)/.test(entry[0]),
    ),
  );
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outcomes: TestOutcome[];
}

export interface RunOptions {
  /** Also run the conformance reporter, writing conformance.json and conformance/index.html here. */
  reportDir?: string;
  /** Also run the blob reporter, writing its zip here (for merge-reports). */
  blobDir?: string;
}

export const CONFORMANCE_REPORTER = path.join(ROOT, 'src/reporter/conformance-reporter.ts');

/**
 * Runs `npm run conformance` (through its script, so exit codes are the real ones) with the JSON reporter,
 * in a scratch output folder, with the given environment on top of a clean one (no TARGET_* leaks in).
 */
export async function runConformance(
  env: Record<string, string>,
  args: string[] = [],
  options: RunOptions = {},
): Promise<RunResult> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'conformance-run-'));
  const report = path.join(scratch, 'report.json');
  const reporters = [
    'json',
    ...(options.blobDir ? ['blob'] : []),
    ...(options.reportDir ? [CONFORMANCE_REPORTER] : []),
  ];
  const child = spawn(
    process.execPath,
    [
      require.resolve('tsx/cli', { paths: [ROOT] }),
      path.join(ROOT, 'scripts/conformance.ts'),
      `--reporter=${reporters.join(',')}`,
      `--output=${path.join(scratch, 'test-results')}`,
      ...args,
    ],
    {
      cwd: ROOT,
      env: {
        ...cleanEnv(),
        PLAYWRIGHT_JSON_OUTPUT_FILE: report,
        ...(options.reportDir ? { CONFORMANCE_REPORT_DIR: options.reportDir } : {}),
        ...(options.blobDir ? { PLAYWRIGHT_BLOB_OUTPUT_DIR: options.blobDir } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outcomes = existsSync(report) ? readJsonReport(report) : [];
  rmSync(scratch, { recursive: true, force: true });
  return { exitCode, stdout, stderr, outcomes };
}
