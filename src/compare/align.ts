/**
 * Lines the runs up: a row per requirement every run has, with each run's status, the rows whose statuses
 * differ first; the requirements that only some runs have are set apart, grouped by the runs that have them.
 */
import type { ReportedWaiver, RequirementStatus } from '../reporter/model';
import { waiverText } from '../reporter/waiver-text';
import type { LoadedRun } from './load';

export interface ComparedRow {
  id: string;
  title: string;
  /** One per run, in the order the runs were given. */
  statuses: RequirementStatus[];
  /** Each run's waiver of it, where the run had one. */
  waivers: (ReportedWaiver | undefined)[];
  differs: boolean;
}

export interface PartialIds {
  /** Indexes (0-based) of the runs that have these requirements. */
  runs: number[];
  ids: string[];
}

export interface Comparison {
  runs: readonly LoadedRun[];
  /** The rows that differ, then the ones that agree; each part in the order of the first run that has the id. */
  rows: ComparedRow[];
  differing: number;
  /** Requirements not in every run. */
  partial: PartialIds[];
  /** The runs' verdicts differ (conforms in one, does-not-conform in another, ...). */
  verdictsDiffer: boolean;
  /** Indexes (0-based) of the runs whose verdict is `incomplete`: they do not say what the target does. */
  incomplete: number[];
  /** The runs agree: no shared requirement differs, nor do the verdicts, and no run is incomplete. */
  agree: boolean;
}

export function align(runs: readonly LoadedRun[]): Comparison {
  const byRun = runs.map((run) => new Map(run.report.requirements.map((r) => [r.id, r])));
  const order = [...new Set(runs.flatMap((run) => run.report.requirements.map((r) => r.id)))];
  const rows: ComparedRow[] = [];
  const partial = new Map<string, PartialIds>();
  for (const id of order) {
    const having = byRun.flatMap((map, index) => (map.has(id) ? [index] : []));
    if (having.length < runs.length) {
      const key = having.join(',');
      const group = partial.get(key) ?? { runs: having, ids: [] };
      group.ids.push(id);
      partial.set(key, group);
      continue;
    }
    const entries = byRun.map((map) => map.get(id));
    const statuses = entries.map((entry) => entry?.status ?? 'not-run');
    const title = entries.find((entry) => entry?.title)?.title ?? '';
    const waivers = entries.map((entry) => entry?.waiver);
    rows.push({ id, title, statuses, waivers, differs: new Set(statuses).size > 1 });
  }
  const differing = rows.filter((row) => row.differs);
  const verdicts = runs.map((run) => run.report.run.verdict);
  const verdictsDiffer = new Set(verdicts).size > 1;
  const incomplete = verdicts.flatMap((verdict, index) => (verdict === 'incomplete' ? [index] : []));
  return {
    runs,
    rows: [...differing, ...rows.filter((row) => !row.differs)],
    differing: differing.length,
    partial: [...partial.values()],
    verdictsDiffer,
    incomplete,
    agree: differing.length === 0 && !verdictsDiffer && incomplete.length === 0,
  };
}

/** "run 2", "runs 1 and 3", "runs 1, 2 and 4" (1-based, as the table numbers them). */
export function runsText(indexes: readonly number[]): string {
  const numbers = indexes.map((i) => String(i + 1));
  if (numbers.length === 1) return `run ${numbers[0]}`;
  return `runs ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** "only in run 2: V3-X, V3-Y" for each group of requirements not in every run. */
export function partialLines(comparison: Comparison): string[] {
  return comparison.partial.map((group) => `only in ${runsText(group.runs)}: ${group.ids.join(', ')}`);
}

/** "run 1: V2-WEIGHT-RANGE: failure waived through 2026-12-31: ..." for each run's waiver of a shared requirement. */
export function waiverLines(comparison: Comparison): string[] {
  return comparison.rows.flatMap((row) =>
    row.waivers.flatMap((waiver, i) =>
      waiver ? [`run ${i + 1}: ${row.id}: ${waiverText(waiver, row.statuses[i] ?? 'not-run')}`] : [],
    ),
  );
}

/**
 * Do the runs agree, on how many shared requirements; then whether their verdicts differ, and which runs are
 * incomplete (each a reason the comparison does not pass).
 */
export function agreementText(comparison: Comparison): string {
  const shared = comparison.rows.length;
  const requirements = `${shared} shared requirement${shared === 1 ? '' : 's'}`;
  const sentences = [
    comparison.differing === 0
      ? `The runs agree on all ${requirements}.`
      : `The runs differ on ${comparison.differing} of ${requirements}.`,
  ];
  if (comparison.verdictsDiffer) {
    const verdicts = comparison.runs.map((run) => run.report.run.verdict);
    sentences.push(`Their verdicts differ: ${verdicts.join(', ')}.`);
  }
  if (comparison.incomplete.length > 0) {
    const which = runsText(comparison.incomplete);
    const verb = comparison.incomplete.length === 1 ? 'is' : 'are';
    sentences.push(
      `${which[0]?.toUpperCase()}${which.slice(1)} ${verb} incomplete: not every check got a verdict.`,
    );
  }
  return sentences.join(' ');
}
