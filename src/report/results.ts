import { readFileSync } from 'node:fs';
import { requirementIdsIn } from '../catalogue/requirements';
import { isNoVerdict } from '../http/no-verdict';

/** One test of a Playwright JSON report, reduced to what a verdict needs. */
export interface TestOutcome {
  /** The Playwright project (v2, v3) and the spec file relative to the tests folder. */
  project: string;
  file: string;
  title: string;
  /** Every tag of the test, without the leading @. */
  tags: string[];
  requirements: string[];
  status: 'passed' | 'failed' | 'skipped';
  errors: string[];
  annotations: { type: string; description?: string }[];
}

/**
 * Which requirements a failure breaks: a cross-cutting check names its requirement in the message as [ID];
 * any other failure is the verdict of the requirement(s) the test declares. A NoVerdict (the target kept
 * refusing with 429/503) breaks none.
 */
export function brokenRequirements(outcome: Pick<TestOutcome, 'requirements' | 'errors'>): string[] {
  const broken = new Set<string>();
  for (const error of outcome.errors) {
    if (isNoVerdict(error)) continue;
    const named = requirementIdsIn(error)[0];
    if (named) broken.add(named);
    else outcome.requirements.forEach((id) => broken.add(id));
  }
  if (outcome.errors.length === 0) outcome.requirements.forEach((id) => broken.add(id));
  return [...broken];
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: {
    title: string;
    file: string;
    tags: string[];
    tests: {
      projectName: string;
      annotations: { type: string; description?: string }[];
      results: { status: string; errors: { message?: string }[] }[];
    }[];
  }[];
}

function statusOf(results: { status: string }[]): TestOutcome['status'] {
  const last = results[results.length - 1]?.status;
  if (last === 'passed') return 'passed';
  if (last === 'skipped' || last === undefined) return 'skipped';
  return 'failed';
}

/** Reads a report written by Playwright's json reporter. */
export function readJsonReport(file: string): TestOutcome[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as JsonSuite;
  const outcomes: TestOutcome[] = [];
  const walk = (suite: JsonSuite) => {
    suite.suites?.forEach(walk);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const tags = spec.tags.map((t) => t.replace(/^@/, ''));
        outcomes.push({
          project: test.projectName,
          file: spec.file,
          title: spec.title,
          tags,
          requirements: tags.filter((t) => /^V[23]-/.test(t)),
          status: statusOf(test.results),
          errors: test.results.flatMap((r) => r.errors.map((e) => e.message ?? '')),
          annotations: test.annotations,
        });
      }
    }
  };
  walk(report);
  return outcomes;
}

export function failedRequirements(outcomes: readonly TestOutcome[]): string[] {
  return [...new Set(outcomes.filter((o) => o.status === 'failed').flatMap(brokenRequirements))].sort();
}

/** The requirements of tests that failed without a verdict only (NoVerdict), and with no failure elsewhere. */
export function inconclusiveRequirements(outcomes: readonly TestOutcome[]): string[] {
  const failed = new Set(failedRequirements(outcomes));
  const ids = outcomes
    .filter((o) => o.status === 'failed' && o.errors.some(isNoVerdict))
    .flatMap((o) => o.requirements)
    .filter((id) => !failed.has(id));
  return [...new Set(ids)].sort();
}
