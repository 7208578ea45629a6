/**
 * reports/exchanges.har: every request of the run in one HTTP Archive (src/http/har.ts). The tests' requests are
 * joined from the HAR each attempt of each test attached, so that merged blob reports give them too: one page per
 * test attempt (its trace), titled with the test. The runner's own requests are a page each: the preflight's
 * reads, which the runner keeps in the run's directory for the reporter to join, and the clean-up after the run,
 * which the runner adds to the HAR the reporter wrote. The entries are in the order they went out.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestCase } from '@playwright/test/reporter';
import { harOf, type Har, type HarEntry } from '../http/har';
import { runDirOf } from '../run-identity';
import { suiteInfo } from '../suite-info';
import { exchangesOf } from './test-case';

export const HAR_FILE = 'exchanges.har';

/** The titles of the pages of the runner's requests: before Playwright starts, and after it has ended. */
export const PREFLIGHT_PAGE = 'preflight';
export const CLEANUP_PAGE = 'clean-up after the run';

/** Where the runner keeps the preflight's requests until the reporter joins them, in the run's directory. */
const PREFLIGHT_FILE = 'preflight-exchanges.json';

/**
 * `har` with `entries`, the requests of one trace of the runner's, added as a page titled `title`; every entry in
 * the order they went out. Unchanged when there are none.
 */
export function withRunnerPage(har: Har, title: string, entries: readonly HarEntry[]): Har {
  if (entries.length === 0) return har;
  const titles = new Map(har.log.pages.map((page) => [page.id, page.title]));
  for (const entry of entries) titles.set(entry.pageref, title);
  return harOf([...har.log.entries, ...entries], har.log.creator, (id) => titles.get(id) ?? id);
}

/** The HAR of the tests' requests, with the runner's preflight (`preflight`, its requests) before them. */
export function runHar(tests: readonly TestCase[], preflight: readonly HarEntry[] = []): Har {
  const entries: HarEntry[] = [];
  const titles = new Map<string, string>();
  for (const test of tests)
    for (const result of test.results) {
      const har = exchangesOf(result);
      entries.push(...(har?.log.entries ?? []));
      for (const page of har?.log.pages ?? []) titles.set(page.id, page.title);
    }
  const tested = harOf(entries, suiteInfo(), (traceId) => titles.get(traceId) ?? traceId);
  return withRunnerPage(tested, PREFLIGHT_PAGE, preflight);
}

/**
 * Writes the HAR of the tests, and of the preflight's requests the runner kept, into `dir`. Each test's HAR was
 * made of redacted exchanges and scrubbed of the run's secrets before it was attached (src/fixtures/evidence.ts),
 * and so were the preflight's (src/runner/preflight-reads.ts): nothing here is left to redact.
 */
export function writeRunHar(
  dir: string,
  tests: readonly TestCase[],
  preflight: readonly HarEntry[] = [],
): void {
  writeFileSync(path.join(dir, HAR_FILE), JSON.stringify(runHar(tests, preflight)));
}

/** Keeps the preflight's requests (redacted HAR entries) in the run's directory `runDirectory`. */
export function keepPreflightExchanges(runDirectory: string, entries: readonly HarEntry[]): void {
  if (entries.length > 0) writeFileSync(path.join(runDirectory, PREFLIGHT_FILE), JSON.stringify(entries));
}

/**
 * The preflight's requests the runner kept for the run `runId`; none when there is no such run (Playwright
 * started without the runner, merge-reports) or its preflight sent nothing.
 */
export function keptPreflightExchanges(runId: string | undefined): HarEntry[] {
  if (!runId) return [];
  const file = path.join(runDirOf(runId), PREFLIGHT_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HarEntry[]) : [];
}

/**
 * Adds the clean-up's requests after the run (redacted HAR entries) as a page to the HAR `file` that the reporter
 * wrote. When it wrote none (Playwright was killed), there is no HAR to add them to.
 */
export function addCleanupToRunHar(file: string, entries: readonly HarEntry[]): void {
  if (entries.length === 0 || !existsSync(file)) return;
  const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
  writeFileSync(file, JSON.stringify(withRunnerPage(har, CLEANUP_PAGE, entries)));
}
