import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceReport, RequirementReport } from './model';

/** The conformance.json a run wrote into `dir` (CONFORMANCE_REPORT_DIR), or undefined when there is none. */
export function readConformanceReport(dir: string): ConformanceReport | undefined {
  const file = path.join(dir, 'conformance.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
}

/** The requirements that keep a run from passing: failed, or without a verdict (inconclusive). */
export function unsettledRequirements(report: ConformanceReport): RequirementReport[] {
  return report.requirements.filter((r) => r.status === 'failed' || r.status === 'inconclusive');
}
