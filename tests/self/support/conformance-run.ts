import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConformanceReport, RequirementStatus } from '../../../src/reporter/model';
import { readConformanceReport } from '../../../src/runner/verdict';
import { readJsonReport, type TestOutcome } from './playwright-json';

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
  /** Each test as Playwright's JSON reporter saw it: titles, tags, statuses and raw errors. */
  outcomes: TestOutcome[];
  /** The verdict users see: reports/conformance.json of the run (undefined when the reporter wrote none). */
  report: ConformanceReport | undefined;
}

export { readConformanceReport };

/** The ids of the report's requirements with this status, in catalogue order; a run without a report fails. */
export function requirementsWith(report: ConformanceReport | undefined, status: RequirementStatus): string[] {
  if (!report) throw new Error('the run wrote no conformance report (reports/conformance.json)');
  return report.requirements.filter((r) => r.status === status).map((r) => r.id);
}

export interface RunOptions {
  /** Where the conformance reporter writes conformance.json and conformance/index.html (default: a scratch folder). */
  reportDir?: string;
  /** Also run the blob reporter, writing its zip here (for merge-reports). */
  blobDir?: string;
  /** Also run Playwright's terminal reporter, so that stdout holds what a user's terminal shows. */
  terminal?: boolean;
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
  const reportDir = options.reportDir ?? path.join(scratch, 'conformance');
  const reporters = [
    'json',
    ...(options.terminal ? ['list'] : []),
    ...(options.blobDir ? ['blob'] : []),
    CONFORMANCE_REPORTER,
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
        CONFORMANCE_REPORT_DIR: reportDir,
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
  const verdict = readConformanceReport(reportDir);
  rmSync(scratch, { recursive: true, force: true });
  return { exitCode, stdout, stderr, outcomes, report: verdict };
}
