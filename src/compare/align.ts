/**
 * Lines the runs up: a row per requirement every run has, with each run's status, the rows whose statuses
 * differ first; the requirements that only some runs have are set apart, grouped by the runs that have them.
 */
import type { RequirementStatus } from '../reporter/model';
import type { LoadedRun } from './load';

export interface ComparedRow {
  id: string;
  title: string;
  /** One per run, in the order the runs were given. */
  statuses: RequirementStatus[];
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
    rows.push({ id, title, statuses, differs: new Set(statuses).size > 1 });
  }
  const differing = rows.filter((row) => row.differs);
  return {
    runs,
    rows: [...differing, ...rows.filter((row) => !row.differs)],
    differing: differing.length,
    partial: [...partial.values()],
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

/** One sentence: do the runs agree, on how many shared requirements. */
export function agreementText(comparison: Comparison): string {
  const shared = comparison.rows.length;
  const requirements = `${shared} shared requirement${shared === 1 ? '' : 's'}`;
  return comparison.differing === 0
    ? `The runs agree on all ${requirements}.`
    : `The runs differ on ${comparison.differing} of ${requirements}.`;
}
