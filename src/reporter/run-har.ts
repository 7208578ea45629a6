/**
 * reports/exchanges.har: every request of the run in one HTTP Archive (src/http/har.ts), joined from the HAR each
 * attempt of each test attached, so that merged blob reports give it too. One page per test attempt (its
 * trace), titled with the test; the entries in the order they went out.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestCase } from '@playwright/test/reporter';
import { harOf, type Har, type HarEntry } from '../http/har';
import { suiteInfo } from '../suite-info';
import { exchangesOf } from './test-case';

export const HAR_FILE = 'exchanges.har';

export function runHar(tests: readonly TestCase[]): Har {
  const entries: HarEntry[] = [];
  const titles = new Map<string, string>();
  for (const test of tests)
    for (const result of test.results) {
      const har = exchangesOf(result);
      entries.push(...(har?.log.entries ?? []));
      for (const page of har?.log.pages ?? []) titles.set(page.id, page.title);
    }
  return harOf(entries, suiteInfo(), (traceId) => titles.get(traceId) ?? traceId);
}

/**
 * Writes the HAR of the tests into `dir`. Each test's HAR was made of redacted exchanges and scrubbed of the
 * run's secrets before it was attached (src/fixtures/evidence.ts): nothing here is left to redact.
 */
export function writeRunHar(dir: string, tests: readonly TestCase[]): void {
  writeFileSync(path.join(dir, HAR_FILE), JSON.stringify(runHar(tests)));
}
