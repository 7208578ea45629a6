import { readConformanceReport, unsettledRequirements } from '../../../src/reporter/read-report';
import type { ConformanceReport } from '../../../src/reporter/model';
import { runConformance, type RunResult } from './conformance-run';

export interface ReportedRun extends RunResult {
  /** conformance.json of the run; undefined when the run wrote none. */
  report: ConformanceReport | undefined;
}

/** Runs the suite like runConformance, writing its conformance report into `reportDir`, and reads it back. */
export async function runWithReport(
  env: Record<string, string>,
  args: string[],
  reportDir: string,
): Promise<ReportedRun> {
  const run = await runConformance(env, args, { reportDir });
  return { ...run, report: readConformanceReport(reportDir) };
}

/**
 * Why the run does not count as a pass: a requirement failed or inconclusive, another exit code than 0, no
 * report, or nothing passed at all. Empty when it passed.
 */
export function whyNotPassed(run: ReportedRun): string[] {
  if (!run.report) return [`no conformance.json (exit code ${run.exitCode})`];
  const problems = unsettledRequirements(run.report).map(
    (r) => `${r.id} ${r.status}: ${r.failures[0]?.summary ?? r.reason ?? ''}`,
  );
  if (run.exitCode !== 0) problems.push(`exit code ${run.exitCode} (verdict ${run.report.run.verdict})`);
  if (!run.report.requirements.some((r) => r.status === 'passed')) problems.push('no requirement passed');
  return problems;
}
