/**
 * What names a run in a comparison: its target, profile, date, suite version and verdict, as text. The target
 * URL loses user name, password, query and fragment here once more, whatever the report holds.
 */
import { safeUrl } from '../reporter/run-info';
import type { ComparedReport } from './load';

export interface RunFacts {
  target: string;
  profile: string;
  date: string;
  suite: string;
  verdict: string;
}

export function targetText(target: ComparedReport['run']['target']): string {
  const faults = target.referenceFaults ?? [];
  if (target.builtIn)
    return `built-in reference server${faults.length > 0 ? ` (faults: ${faults.join(', ')})` : ''}`;
  if (target.url === null) return 'unknown target';
  return safeUrl(target.url) ?? 'a target whose URL is not a URL';
}

/** 2025-11-28T14:13:05.123Z as 2025-11-28 14:13:05 UTC. */
export function dateText(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export function runFacts(report: ComparedReport): RunFacts {
  return {
    target: targetText(report.run.target),
    profile: `${report.run.profile}${report.run.readOnly ? ' (read-only)' : ''}`,
    date: dateText(report.run.date),
    suite: `${report.suite.name} ${report.suite.version}`,
    verdict: report.run.verdict,
  };
}

/** The facts in the order both renderings show them, with their headings. */
export const FACT_HEADINGS: readonly [keyof RunFacts, string][] = [
  ['target', 'target'],
  ['profile', 'profile'],
  ['date', 'date'],
  ['suite', 'suite'],
  ['verdict', 'verdict'],
];
