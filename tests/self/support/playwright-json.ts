import { readFileSync } from 'node:fs';
import { keyOf } from '../../../src/test-key';

/**
 * Playwright's JSON report, read for what self-tests look at test by test (keys, titles, tags, statuses, raw errors).
 * Verdicts come from the conformance report (src/reporter/model.ts), never from here.
 */

/** One test of a Playwright JSON report. */
export interface TestOutcome {
  /** The Playwright project (v2, v3) and the spec file relative to the tests folder. */
  project: string;
  file: string;
  /** The test's stable key (src/test-key.ts); undefined for a test that declares none. */
  key: string | undefined;
  title: string;
  /** Every tag of the test, without the leading @. */
  tags: string[];
  requirements: string[];
  status: 'passed' | 'failed' | 'skipped';
  errors: string[];
  annotations: { type: string; description?: string }[];
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
          key: keyOf(test.annotations),
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
