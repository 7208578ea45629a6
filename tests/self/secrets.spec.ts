/**
 * The target's token is never printed and never written anywhere: runs with a distinctive token, against the
 * built-in reference server and against a served one, passing and failing (a failure prints its exchanges),
 * with the config's own reporters plus json and blob, every output redirected into a scratch folder. The token
 * must not appear in stdout, stderr or any file written (searched recursively, into zip archives and into the
 * zip the HTML report embeds as base64), as is, URL-encoded, JSON-escaped or base64-encoded.
 */
import { deflateRawSync } from 'node:zlib';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import conformanceConfig from '../../playwright.config';
import type { ConformanceReport } from '../../src/reporter/model';
import { readConformanceReport } from '../../src/runner/verdict';
import type { ProcessResult } from './support/child-process';
import { requirementsWith } from './support/conformance-run';
import { expect, test as harness, type HarnessFixtures } from './support/harness';
import { CONFORMANCE_SCRIPT, ROOT, TSX_CLI } from './support/paths';
import { readJsonReport, type TestOutcome } from './support/playwright-json';
import { filesUnder, needlesFor, occurrences, occurrencesInFiles, unzip } from './support/secret-search';

const TOKEN = 'tok-Secret-9d2f41c7';
const NEEDLES = needlesFor(TOKEN);
/** One fault per API, so that both print failed exchanges. */
const FAULTS = 'weight-upper-off-by-one,v3-limit-upper-off-by-one';
const REPORTS = path.join(ROOT, 'reports');

const test = harness.extend<{
  runAndSearch: (env: Record<string, string>, args?: readonly string[]) => Promise<SearchedRun>;
}>({
  runAndSearch: async ({ runNode, scratch }, use) => {
    await use((env, args = []) => runAndSearch(runNode, scratch('secrets'), env, args));
  },
});

test.describe.configure({ timeout: 300_000 });

/**
 * Each reporter of playwright.config.ts, and the variable that moves its output; json and blob come on top.
 * A reporter this table does not know fails the test: its output would escape the search.
 */
const REDIRECT: Record<string, ((dir: string) => Record<string, string>) | undefined> = {
  list: () => ({}),
  dot: () => ({}),
  line: () => ({}),
  html: (dir) => ({ PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, 'html'), PLAYWRIGHT_HTML_OPEN: 'never' }),
  junit: (dir) => ({ PLAYWRIGHT_JUNIT_OUTPUT_FILE: path.join(dir, 'junit.xml') }),
  json: (dir) => ({ PLAYWRIGHT_JSON_OUTPUT_FILE: path.join(dir, 'report.json') }),
  blob: (dir) => ({ PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, 'blob') }),
  './src/reporter/conformance-reporter.ts': (dir) => ({
    CONFORMANCE_REPORT_DIR: path.join(dir, 'conformance'),
  }),
};

function reporters(): string[] {
  const configured = conformanceConfig.reporter;
  const names = Array.isArray(configured)
    ? configured.map((entry) => (Array.isArray(entry) ? String(entry[0]) : String(entry)))
    : [String(configured ?? 'list')];
  return [...names, 'json', 'blob'];
}

interface SearchedRun {
  run: ProcessResult;
  outcomes: TestOutcome[];
  report: ConformanceReport | undefined;
  /** Where the token was found, as `file[!entry]: form`. */
  leaks: string[];
  /** What the run wrote, relative to its scratch folder. */
  written: string[];
}

/**
 * Files under reports/ of the repository written since `since`: any output that ignored the redirection. The
 * self-tests' own output folder, where other tests write at the same time, is not the suite's.
 */
function reportsWrittenSince(since: number): string[] {
  if (!existsSync(REPORTS)) return [];
  return filesUnder(REPORTS, [path.join(REPORTS, 'self-test-results')]).filter(
    (file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= since,
  );
}

/**
 * Runs `npm run conformance`'s script with every reporter writing into a scratch folder (`dir`), and searches it
 * all.
 */
async function runAndSearch(
  runNode: HarnessFixtures['runNode'],
  dir: string,
  env: Record<string, string>,
  args: readonly string[],
): Promise<SearchedRun> {
  const since = Date.now();
  const names = reporters();
  const unknown = names.filter((name) => !REDIRECT[name]);
  expect(unknown, 'reporters whose output this test cannot redirect').toEqual([]);
  const redirects = Object.assign({}, ...names.map((name) => REDIRECT[name]?.(dir))) as Record<
    string,
    string
  >;
  const run = await runNode(
    [
      TSX_CLI,
      CONFORMANCE_SCRIPT,
      `--reporter=${names.join(',')}`,
      `--output=${path.join(dir, 'test-results')}`,
      ...args,
    ],
    // Few property runs: every reporter and every failure path is exercised all the same.
    { ...redirects, CONFORMANCE_RUNS: '5', ...env },
  );
  const files = filesUnder(dir);
  const leaks = [
    ...occurrences('stdout', Buffer.from(run.stdout), NEEDLES),
    ...occurrences('stderr', Buffer.from(run.stderr), NEEDLES),
    // The scratch folder lies under reports/ too (the test's output folder): searched once.
    ...occurrencesInFiles([...new Set([...files, ...reportsWrittenSince(since)])], NEEDLES),
  ];
  const report = path.join(dir, 'report.json');
  return {
    run,
    outcomes: existsSync(report) ? readJsonReport(report) : [],
    report: readConformanceReport(path.join(dir, 'conformance')),
    leaks: leaks.map((leak) => leak.replace(dir, '<scratch>')),
    written: files.map((file) => path.relative(dir, file)),
  };
}

/** The run wrote every report (so the search covered them), and nothing of it holds the token. */
function expectNoLeak(searched: SearchedRun): void {
  for (const expected of [/^html\/index\.html$/, /^junit\.xml$/, /^report\.json$/, /^blob\/.*\.zip$/]) {
    expect(
      searched.written.filter((file) => expected.test(file)),
      `written: ${expected}`,
    ).toHaveLength(1);
  }
  if (reporters().includes('./src/reporter/conformance-reporter.ts')) {
    expect(searched.written).toContain(path.join('conformance', 'conformance.json'));
    expect(searched.written).toContain(path.join('conformance', 'conformance', 'index.html'));
  }
  expect(searched.leaks, 'where the token was found').toEqual([]);
}

/** A failing run printed its exchanges, with the token header redacted: the search had something to find. */
function expectPrintedExchanges(searched: SearchedRun): void {
  expect(searched.run.exitCode, searched.run.stderr).toBe(1);
  expect(requirementsWith(searched.report, 'failed')).toEqual(
    expect.arrayContaining(['V2-WEIGHT-RANGE', 'V3-LIMIT-RANGE']),
  );
  expect(searched.run.stdout).toContain('X-Auth-Token: <redacted>');
  expect(searched.run.stdout).toContain('$TARGET_TOKEN');
}

test('the search finds the token as is, base64-encoded at any offset, in zips and in zips embedded as base64', () => {
  const zip = (name: string, data: Buffer): Buffer => {
    const deflated = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    const centralAt = local.length + fileName.length + deflated.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + fileName.length, 12);
    end.writeUInt32LE(centralAt, 16);
    return Buffer.concat([local, fileName, deflated, central, fileName, end]);
  };
  expect(unzip(zip('a.txt', Buffer.from('hello'))).map((e) => [e.name, e.data.toString()])).toEqual([
    ['a.txt', 'hello'],
  ]);
  const find = (content: Buffer) => occurrences('x', content, NEEDLES);
  expect(find(Buffer.from(`{"X-Auth-Token":"${TOKEN}"}`))).toContain('x: plain');
  for (const prefix of ['', 'X', 'X-', 'X-Auth-Token: ']) {
    const encoded = Buffer.from(Buffer.from(`${prefix}${TOKEN}\n`).toString('base64'));
    expect(find(encoded).length, `base64 after "${prefix}"`).toBeGreaterThan(0);
    expect(
      find(Buffer.from(encoded.toString().replace(/\+/g, '-').replace(/\//g, '_'))).length,
    ).toBeGreaterThan(0);
  }
  expect(find(zip('trace.trace', Buffer.from(`headers: ${TOKEN}`)))).toContain('x!trace.trace: plain');
  const page = `<script>window.playwrightReportBase64 = "data:application/zip;base64,${zip('report.json', Buffer.from(TOKEN)).toString('base64')}";</script>`;
  expect(find(Buffer.from(page))).toContain('x!<embedded zip>!report.json: plain');
  expect(find(Buffer.from('tok-Secret-<redacted>'))).toEqual([]);
});

test.describe('against the built-in reference server (REFERENCE_TOKEN)', () => {
  test('a passing run writes the token nowhere', async ({ runAndSearch }) => {
    const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN });
    expect(searched.run.exitCode, searched.run.stdout.slice(-3000)).toBe(0);
    expect(searched.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expectNoLeak(searched);
  });

  test('a failing run prints its exchanges, and writes the token nowhere', async ({ runAndSearch }) => {
    const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN, REFERENCE_FAULTS: FAULTS });
    expectPrintedExchanges(searched);
    expectNoLeak(searched);
  });
});

test.describe('against a served reference server (TARGET_TOKEN)', () => {
  test('a passing run writes the token nowhere', async ({ serveReference, runAndSearch }) => {
    const served = await serveReference({ REFERENCE_TOKEN: TOKEN });
    expect(served.env.TARGET_TOKEN).toBe(TOKEN);
    const searched = await runAndSearch(served.env);
    expect(searched.run.exitCode, searched.run.stdout.slice(-3000)).toBe(0);
    expect(searched.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expectNoLeak(searched);
  });

  test('a failing run prints its exchanges, and writes the token nowhere', async ({
    serveReference,
    runAndSearch,
  }) => {
    const served = await serveReference({ REFERENCE_TOKEN: TOKEN, REFERENCE_FAULTS: FAULTS });
    const searched = await runAndSearch(served.env);
    expectPrintedExchanges(searched);
    expectNoLeak(searched);
  });
});

test("-- --trace on writes a trace that holds no token: the requests go out through the suite's own client", async ({
  runAndSearch,
}) => {
  const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN }, ['--trace=on', '--grep', 'V3-AUTH']);
  expect(searched.run.exitCode, searched.run.stderr).toBe(0);
  expect(searched.written.some((file) => file.endsWith('trace.zip'))).toBe(true);
  expect(searched.leaks).toEqual([]);
});
