/** The comparison as a text table for a terminal or a CI log. */
import { agreementText, partialLines, waiverLines, type Comparison } from './align';
import { FACT_HEADINGS, runFacts } from './run-facts';

/** Rows padded into columns, two spaces apart, trailing blanks trimmed. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** Marks a row whose statuses differ, in the first column. */
export const DIFFERS_MARK = '*';

export function renderText(comparison: Comparison): string {
  const runs = comparison.runs.map((run, index) => {
    const facts = runFacts(run.report);
    return [String(index + 1), ...FACT_HEADINGS.map(([key]) => facts[key]), run.file];
  });
  const header = aligned([['run', ...FACT_HEADINGS.map(([, heading]) => heading), 'file'], ...runs]);
  const statusRows = comparison.rows.map((row) => [
    row.differs ? DIFFERS_MARK : ' ',
    row.id,
    ...row.statuses,
  ]);
  const table = aligned([
    [' ', 'requirement', ...comparison.runs.map((_, i) => `run ${i + 1}`)],
    ...statusRows,
  ]);
  // A blank line between the rows that differ and the ones that agree.
  if (comparison.differing > 0 && comparison.differing < comparison.rows.length)
    table.splice(comparison.differing + 1, 0, '');
  const partial = partialLines(comparison);
  const waivers = waiverLines(comparison);
  return [
    `Comparing ${comparison.runs.length} runs:`,
    ...header.map((line) => `  ${line}`),
    '',
    agreementText(comparison) +
      (comparison.differing > 0 ? ` Rows marked ${DIFFERS_MARK} differ; they come first.` : ''),
    '',
    ...table,
    ...(waivers.length > 0 ? ['', 'Waivers:', ...waivers.map((line) => `  ${line}`)] : []),
    ...(partial.length > 0
      ? ['', 'Not compared (not in every run):', ...partial.map((line) => `  ${line}`)]
      : []),
    '',
  ].join('\n');
}
