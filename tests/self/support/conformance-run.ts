import { existsSync, readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import path from 'node:path';
import type { ConformanceReport, RequirementStatus } from '../../../src/reporter/model';
import { readConformanceReport } from '../../../src/runner/verdict';
import type { ChildProcesses, ProcessResult } from './child-process';
import { CONFORMANCE_REPORTER, CONFORMANCE_SCRIPT, PLAYWRIGHT_CLI, TSX } from './paths';
import { readJsonReport, type TestOutcome } from './playwright-json';

export interface RunResult extends ProcessResult {
  /** Each test as Playwright's JSON reporter saw it: titles, tags, statuses and raw errors. */
  outcomes: TestOutcome[];
  /** The verdict users see: reports/conformance.json of the run (undefined when the reporter wrote none). */
  report: ConformanceReport | undefined;
  /** Where the conformance reporter wrote conformance.json and conformance/index.html. */
  reportDir: string;
}

/** The ids of the report's requirements with this status, in catalogue order; a run without a report fails. */
export function requirementsWith(report: ConformanceReport | undefined, status: RequirementStatus): string[] {
  if (!report) throw new Error('the run wrote no conformance report (reports/conformance.json)');
  return report.requirements.filter((r) => r.status === status).map((r) => r.id);
}

/** conformance.json as a run wrote it into its report folder (an error when it wrote none). */
export function writtenReport(reportDir: string): ConformanceReport {
  return JSON.parse(readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')) as ConformanceReport;
}

/** The conformance page as a run wrote it into its report folder. */
export function writtenPage(reportDir: string): string {
  return readFileSync(path.join(reportDir, 'conformance', 'index.html'), 'utf8');
}

export interface RunOptions {
  /** Where the conformance reporter writes conformance.json and conformance/index.html (default: the scratch folder). */
  reportDir?: string;
  /** Also run the blob reporter, writing its zip here (for merge-reports). */
  blobDir?: string;
  /** Also run Playwright's terminal reporter, so that stdout holds what a user's terminal shows. */
  terminal?: boolean;
}

export type ConformanceRunner = (
  env: Record<string, string>,
  args?: readonly string[],
  options?: RunOptions,
) => Promise<RunResult>;

/**
 * Runs `npm run conformance` (through its script, so exit codes are the real ones) with the JSON reporter, as
 * a child of `processes`, its output in a new folder that `scratch` makes, with the given environment on top
 * of a clean one (no TARGET_* leaks in).
 */
export function conformanceRunner(processes: ChildProcesses, scratch: () => string): ConformanceRunner {
  return async (env, args = [], options = {}) => {
    const dir = scratch();
    const jsonReport = path.join(dir, 'report.json');
    const reportDir = options.reportDir ?? path.join(dir, 'conformance');
    const reporters = [
      'json',
      ...(options.terminal ? ['list'] : []),
      ...(options.blobDir ? ['blob'] : []),
      CONFORMANCE_REPORTER,
    ];
    const run = await processes.run(
      process.execPath,
      [
        ...TSX,
        CONFORMANCE_SCRIPT,
        `--reporter=${reporters.join(',')}`,
        `--output=${path.join(dir, 'test-results')}`,
        ...args,
      ],
      {
        env: {
          PLAYWRIGHT_JSON_OUTPUT_FILE: jsonReport,
          CONFORMANCE_REPORT_DIR: reportDir,
          ...(options.blobDir ? { PLAYWRIGHT_BLOB_OUTPUT_DIR: options.blobDir } : {}),
          ...env,
        },
      },
    );
    const outcomes = existsSync(jsonReport) ? readJsonReport(jsonReport) : [];
    return { ...run, outcomes, report: readConformanceReport(reportDir), reportDir };
  };
}

/**
 * Merges the blob reports in `blobDir` with the conformance reporter (as docs/reports.md says), into `reportDir`,
 * which it returns; a merge that fails fails the test.
 */
export async function mergeConformanceReports(
  runNode: (args: readonly string[], env: Record<string, string>) => Promise<ProcessResult>,
  blobDir: string,
  reportDir: string,
): Promise<string> {
  const merged = await runNode(
    [
      PLAYWRIGHT_CLI,
      'merge-reports',
      '-c',
      'playwright.config.ts',
      `--reporter=${CONFORMANCE_REPORTER}`,
      blobDir,
    ],
    { CONFORMANCE_REPORT_DIR: reportDir },
  );
  expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
  return reportDir;
}
