/**
 * The comparison as one self-contained page (the conformance page's style, no script, nothing fetched): the
 * runs, then a row per shared requirement with each run's status linking to that run's evidence, the rows
 * that differ first and marked, then the requirements not in every run.
 */
import { badge, escapeHtml as h, pageStart } from '../reporter/html';
import { waiverNote } from '../reporter/waivers-html';
import { agreementText, runsText, type Comparison } from './align';
import { runLinks } from './evidence-link';
import { FACT_HEADINGS, runFacts } from './run-facts';

const COMPARE_STYLE = `
.matrix tr.differs{background:var(--skip-bg)}
.matrix tr.differs td.id::before{content:"≠ ";color:var(--skip)}
.matrix td.run a{text-decoration:none}
.runs th{text-transform:capitalize}
.matrix td.id .title{font-family:system-ui,sans-serif;font-weight:400;color:var(--muted);font-size:12px;white-space:normal}
`;

function runsTable(comparison: Comparison, links: readonly { report: string }[]): string {
  const head = ['Run', ...FACT_HEADINGS.map(([, heading]) => heading), 'Report'];
  const rows = comparison.runs.map((run, index) => {
    const facts = runFacts(run.report);
    const cells = FACT_HEADINGS.map(([key]) => `<td>${h(facts[key])}</td>`).join('');
    return `<tr data-run="${index + 1}"><td>${index + 1}</td>${cells}<td><a href="${h(links[index]?.report ?? '')}">${h(run.file)}</a></td></tr>`;
  });
  return `<table class="violations runs"><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function statusTable(comparison: Comparison, links: ReturnType<typeof runLinks>[]): string {
  const head = ['Requirement', ...comparison.runs.map((_, i) => `Run ${i + 1}`)];
  const rows = comparison.rows.map((row) => {
    const cells = row.statuses
      .map(
        (status, i) =>
          `<td class="run" data-run="${i + 1}" data-status="${status}"><a class="evidence" href="${h(links[i]?.requirement(row.id, status) ?? '')}">${badge(status)}</a>${waiverNote(row.waivers[i], status)}</td>`,
      )
      .join('');
    return `<tr class="row${row.differs ? ' differs' : ''}" data-requirement="${h(row.id)}" data-differs="${row.differs}"><td class="id">${h(row.id)}<div class="title">${h(row.title)}</div></td>${cells}</tr>`;
  });
  return `<table class="matrix compare"><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function partialSection(comparison: Comparison): string {
  if (comparison.partial.length === 0) return '';
  const items = comparison.partial
    .map(
      (group) =>
        `<li data-runs="${group.runs.map((i) => i + 1).join(',')}">only in ${h(runsText(group.runs))}: ${h(group.ids.join(', '))}</li>`,
    )
    .join('');
  return `<section id="partial"><h2>Not compared</h2><p class="hint">Requirements not in every run (another suite version or catalogue).</p><ul class="partial">${items}</ul></section>`;
}

/** The page, to be written into `pageDir` (links are relative to it). */
export function renderComparePage(comparison: Comparison, pageDir: string): string {
  const links = comparison.runs.map((run) => runLinks(run.file, pageDir));
  const agree = comparison.agree;
  const differ = comparison.differing > 0 || comparison.verdictsDiffer;
  const title = agree ? 'Runs agree' : differ ? 'Runs differ' : 'A run is incomplete';
  return `${pageStart(`${title}: comparison of ${comparison.runs.length} conformance runs`, COMPARE_STYLE)}<header class="verdict ${agree ? 'conforms' : 'does-not-conform'}" data-differing="${comparison.differing}">
<div class="inner">
<div class="kicker">Comparison of ${comparison.runs.length} conformance runs</div>
<h1 class="verdict-text">${h(title)}</h1>
<p>${h(agreementText(comparison))}</p>
</div>
</header>
<main>
<section id="runs"><h2>Runs</h2>${runsTable(comparison, links)}</section>
<section id="requirements"><h2>Requirements</h2><p class="hint">Rows marked ≠ differ and come first. Each status links to that run's evidence for the requirement.</p>${statusTable(comparison, links)}</section>
${partialSection(comparison)}
</main>
</body>
</html>
`;
}
