import type { RunResult } from './conformance-run';

/**
 * Why the run does not count as a pass: a requirement failed or inconclusive, another exit code than 0, no
 * report, or nothing passed at all. Empty when it passed.
 */
export function whyNotPassed(run: RunResult): string[] {
  if (!run.report) return [`no conformance.json (exit code ${run.exitCode})`];
  const problems = run.report.requirements
    .filter((r) => r.status === 'failed' || r.status === 'inconclusive')
    .map((r) => `${r.id} ${r.status}: ${r.failures[0]?.summary ?? r.reason ?? ''}`);
  if (run.exitCode !== 0) problems.push(`exit code ${run.exitCode} (verdict ${run.report.run.verdict})`);
  if (!run.report.requirements.some((r) => r.status === 'passed')) problems.push('no requirement passed');
  return problems;
}
