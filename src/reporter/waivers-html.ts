/**
 * The page's "Waivers": every waiver the run was given (CONFORMANCE_WAIVERS), what it did (applied, expired,
 * stale), its last day and its reason; and the note a requirement's row and evidence carry. Every text from the
 * run is escaped.
 */
import { escapeHtml as h } from './escape';
import type { ConformanceReport, ReportedWaiver, RequirementStatus, WaiverState } from './model';
import { waiverText } from './waiver-text';

const STATE_LABEL: Record<WaiverState, string> = {
  applied: 'applied: failure waived',
  expired: 'expired: failure counts',
  stale: 'stale: nothing failed',
};

/** A waiver's note under a requirement's status or above its evidence; empty without a waiver. */
export function waiverNote(waiver: ReportedWaiver | undefined, status: RequirementStatus): string {
  if (!waiver) return '';
  return `<div class="waiver ${waiver.state}" data-waiver="${waiver.state}">${h(waiverText(waiver, status))}</div>`;
}

export function waiversSection(report: ConformanceReport): string {
  const waived = report.requirements.filter((r) => r.waiver);
  if (waived.length === 0) return '';
  const rows = waived
    .map(
      (r) =>
        `<tr data-requirement="${h(r.id)}" data-waiver="${r.waiver?.state ?? ''}"><td class="id">${h(r.id)}</td><td>${h(r.waiver ? STATE_LABEL[r.waiver.state] : '')}</td><td>${h(r.waiver?.expires ?? '')}</td><td>${h(r.waiver?.reason ?? '')}</td></tr>`,
    )
    .join('');
  return `<section id="waivers"><h2>Waivers (${waived.length})</h2><p class="hint">Known deviations this run was given (CONFORMANCE_WAIVERS). A waiver holds through its last day (UTC) and applies to a failure only: a waived failure does not fail the run; once the waiver has expired it does; a waiver of a requirement that did not fail is stale.</p><table class="violations waivers"><thead><tr><th>Requirement</th><th>Waiver</th><th>Last day</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export const WAIVERS_STYLE = `
.waiver{font-size:12px;white-space:normal;max-width:260px;margin-top:4px;padding:2px 6px;border-radius:4px;border:1px solid var(--line)}
.waiver.applied{background:var(--waived-bg);color:var(--waived);border-color:var(--waived)}
.waiver.expired{background:var(--fail-bg);color:var(--fail);border-color:var(--fail)}
.waiver.stale{background:var(--skip-bg);color:var(--skip);border-color:var(--skip)}
.failure .waiver{max-width:none;font-size:14px;margin:6px 0}
.failure.waived{border-color:var(--waived)}
.count.waived{background:var(--waived-bg);color:var(--waived);border-color:var(--waived)}
.badge.waived{background:var(--waived);color:#fff}
.matrix tr.waived{background:var(--waived-bg)}
table.waivers td.id{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-size:13px}
`;
