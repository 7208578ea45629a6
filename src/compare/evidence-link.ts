/**
 * Where a status on the comparison page links to: the run's own conformance page when it sits beside its
 * conformance.json (`<dir>/conformance.json` and `<dir>/conformance/index.html`, as the conformance reporter
 * writes them, under that name), at the requirement's failure when it failed (waived or not), else at its row;
 * without a page, the JSON itself. Links are relative to the comparison page, so the folders can move together.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { failureAnchor, hasFailureEvidence, requirementAnchor } from '../reporter/html';
import type { RequirementStatus } from '../reporter/model';

/**
 * The conformance page written beside a conformance.json, when there is one. A report renamed or copied
 * elsewhere (baseline.json) is not taken for the run of a page that happens to be beside it.
 */
export function pageBeside(jsonFile: string): string | undefined {
  if (path.basename(jsonFile) !== 'conformance.json') return undefined;
  const page = path.join(path.dirname(path.resolve(jsonFile)), 'conformance', 'index.html');
  return existsSync(page) ? page : undefined;
}

/** `target` as a relative URL from a page in `fromDir`. */
export function relativeHref(fromDir: string, target: string): string {
  return path
    .relative(path.resolve(fromDir), path.resolve(target))
    .split(path.sep)
    .map(encodeURIComponent)
    .join('/');
}

export interface RunLinks {
  /** The run's report: its page, or its JSON. */
  report: string;
  /** The evidence of one requirement. */
  requirement: (id: string, status: RequirementStatus) => string;
}

export function runLinks(jsonFile: string, pageDir: string): RunLinks {
  const page = pageBeside(jsonFile);
  const report = relativeHref(pageDir, page ?? jsonFile);
  return {
    report,
    requirement: (id, status) =>
      page
        ? `${report}#${encodeURIComponent(hasFailureEvidence(status) ? failureAnchor(id) : requirementAnchor(id))}`
        : report,
  };
}
