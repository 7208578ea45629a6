import { expect } from '@playwright/test';
import type { ConformanceReport } from '../../../src/reporter/model';
import { requirementsWith, writtenPage } from './conformance-run';

/** An ANSI escape (ESC), as JSON writes it and as text holds it. */
const ESCAPES = ['\u001b', '\\u001b'];

/**
 * A run that got no verdict on `affected`: it exited 1 with the verdict `incomplete`, failed no requirement,
 * left each of `affected` inconclusive with a reason matching `why`, and wrote its reasons and messages as plain
 * text into conformance.json, the page and the lines it printed itself.
 */
export function expectNoVerdict(
  run: {
    exitCode: number | null;
    stdout: string;
    stderr: string;
    report: ConformanceReport | undefined;
    reportDir: string;
  },
  affected: readonly string[],
  why: RegExp,
): void {
  const output = run.stdout.slice(-3000) + run.stderr.slice(-3000);
  const report = run.report;
  expect(report, `the run wrote no conformance.json:\n${output}`).toBeDefined();
  if (!report) return;
  expect(requirementsWith(report, 'failed'), output).toEqual([]);
  for (const id of affected) {
    const row = report.requirements.find((r) => r.id === id);
    expect(row?.status, `${id}: ${row?.reason ?? ''}\n${output}`).toBe('inconclusive');
    expect(row?.reason, id).toMatch(why);
  }
  expect(report.run.verdict).toBe('incomplete');
  expect(run.exitCode, output).toBe(1);
  // What the runner itself prints (its lines start with its name); Playwright's own reporters colour theirs.
  const printed = run.stderr.split('\n').filter((line) => line.startsWith('conformance: '));
  expect(printed.join('\n')).toContain('verdict: incomplete');
  const shown = [JSON.stringify(report), writtenPage(run.reportDir), ...printed];
  for (const text of shown) for (const escape of ESCAPES) expect(text).not.toContain(escape);
}
