/** What a waiver did, in words: the same on the conformance page, in the runner's last lines and in compare. */
import type { ConformanceReport, ReportedWaiver, RequirementStatus } from './model';

export function waiverText(waiver: ReportedWaiver, status: RequirementStatus): string {
  switch (waiver.state) {
    case 'applied':
      return `failure waived through ${waiver.expires}: ${waiver.reason}`;
    case 'expired':
      return `waiver expired after ${waiver.expires}, so the failure counts: ${waiver.reason}`;
    case 'stale':
      return `stale waiver (through ${waiver.expires}): the requirement did not fail (${status}), so there is nothing to waive: ${waiver.reason}`;
  }
}

/** One line per waiver of the run, by requirement: `V2-WEIGHT-RANGE: failure waived through ...`. */
export function waiverLines(report: Pick<ConformanceReport, 'requirements'>): string[] {
  return report.requirements.flatMap((r) => (r.waiver ? [`${r.id}: ${waiverText(r.waiver, r.status)}`] : []));
}
