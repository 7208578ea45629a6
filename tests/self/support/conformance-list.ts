import path from 'node:path';
import type { ProcessResult } from './child-process';
import { PLAYWRIGHT_CLI } from './paths';
import { readJsonReport } from './playwright-json';

/** One test of the conformance suite as `playwright test --list` sees it. */
export interface ListedTest {
  project: string;
  /** Relative to the tests folder: v2/field-values.spec.ts. */
  file: string;
  /** The test's stable key; undefined only for a test that declares none (a self-test reports it). */
  key?: string;
  title: string;
  /** Without the leading @. */
  tags: string[];
}

/**
 * Lists the conformance suite (`playwright test -c playwright.config.ts --list --reporter=json`), with `runNode`
 * starting node and the report written into `folder`.
 */
export async function listConformanceTests(
  runNode: (args: readonly string[], env: Record<string, string>) => Promise<ProcessResult>,
  folder: string,
  args: readonly string[] = [],
): Promise<ListedTest[]> {
  const report = path.join(folder, 'list.json');
  const run = await runNode(
    [PLAYWRIGHT_CLI, 'test', '-c', 'playwright.config.ts', '--list', '--reporter=json', ...args],
    { PLAYWRIGHT_JSON_OUTPUT_FILE: report },
  );
  if (run.exitCode !== 0)
    throw new Error(`--list exited with ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
  return testsInJsonReport(report);
}

/** The tests of a report written by Playwright's json reporter (a --list run's or a real one's). */
export function testsInJsonReport(file: string): ListedTest[] {
  return readJsonReport(file).map(({ project, file: specFile, key, title, tags }) => ({
    project,
    file: specFile,
    key,
    title,
    tags,
  }));
}

/** Names one test of one project: its project and key (its file and title where it declares no key). */
export function testKey(test: Pick<ListedTest, 'project' | 'file' | 'key' | 'title'>): string {
  return `[${test.project}] ${test.key ?? `${test.file} › ${test.title}`}`;
}

/** The title of each key: what the listing of the conformance tests maps key -> title. */
export function titlesByKey(tests: readonly Pick<ListedTest, 'key' | 'title'>[]): Map<string, string> {
  return new Map(tests.flatMap((t) => (t.key === undefined ? [] : [[t.key, t.title] as const])));
}
