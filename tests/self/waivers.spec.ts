/**
 * Waivers (docs/waivers.md), as a CI job uses them: the reference server with one fault fails exactly
 * V2-WEIGHT-RANGE, and only that requirement's tests run. Under a live waiver the run conforms with exit code 0
 * and conformance.json, the page, the runner's last lines, a merged blob report and `compare` show it waived,
 * with its reason and last day; once the waiver has expired the failure counts again (exit 1) and every report
 * says the waiver expired; a waiver of a requirement that passed is stale. A wrong waivers file is a
 * configuration error (exit 2) that names the problem, before a single request reaches the target.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeHtml } from '../../src/reporter/escape';
import type { ConformanceReport } from '../../src/reporter/model';
import { waiverText } from '../../src/reporter/waiver-text';
import { conformanceRunner, writtenPage, writtenReport, type RunResult } from './support/conformance-run';
import { expect, test as harness } from './support/harness';
import { COMMAND } from './support/paths';
import { schemaErrors } from './support/report-schema';

const FAULT = 'weight-upper-off-by-one';
const WAIVED = 'V2-WEIGHT-RANGE';
const SELECTION = ['--grep', WAIVED];
/** With a character the page must escape. */
const REASON = 'accepts weight 101: its range check reads <= max + 1 (vendor ticket ELB-1234)';

/** The UTC day `days` away from today: tomorrow stays live, yesterday stays expired, even across midnight. */
const utcDay = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function waiverFile(dir: string, expires: string, name = 'waivers.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(file, `- requirement: ${WAIVED}\n  reason: "${REASON}"\n  expires: ${expires}\n`);
  return file;
}

const requirementOf = (report: ConformanceReport | undefined, id = WAIVED) =>
  report?.requirements.find((r) => r.id === id);

/** What a run printed and wrote, for a message on failure. */
const told = (run: RunResult): string => `${run.stdout.slice(-3000)}${run.stderr}`;

/** The faulty target run under a live waiver and under an expired one: each run once, for the tests that read them. */
interface WaivedRuns {
  live: RunResult & { expires: string; blobDir: string; file: string };
  expired: RunResult & { expires: string };
}

const test = harness.extend<object, { runs: WaivedRuns }>({
  runs: [
    async ({ workerProcesses, workerScratch }, use) => {
      const run = conformanceRunner(workerProcesses, () => workerScratch('conformance-run'));
      const dir = workerScratch('waived-runs');
      const fault = { REFERENCE_FAULTS: FAULT, CONFORMANCE_WORKERS: '1' };
      const tomorrow = utcDay(1);
      const liveFile = waiverFile(dir, tomorrow, 'live.yaml');
      const blobDir = path.join(dir, 'blob');
      const live = await run({ ...fault, CONFORMANCE_WAIVERS: liveFile }, SELECTION, { blobDir });
      const yesterday = utcDay(-1);
      const expired = await run(
        { ...fault, CONFORMANCE_WAIVERS: waiverFile(dir, yesterday, 'expired.yaml') },
        SELECTION,
      );
      await use({
        live: { ...live, expires: tomorrow, blobDir, file: liveFile },
        expired: { ...expired, expires: yesterday },
      });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

/**
 * What every report of a run of the faulty target under one waiver says: the verdict and its exit code, the waived
 * requirement's status and what its waiver did, and a conformance.json its schema accepts.
 */
function expectWaived(
  run: RunResult & { expires: string },
  expected: {
    verdict: 'conforms' | 'does-not-conform';
    status: 'waived' | 'failed';
    state: 'applied' | 'expired';
  },
) {
  const exitCode = expected.verdict === 'conforms' ? 0 : 1;
  expect(run.exitCode, told(run)).toBe(exitCode);
  const report = run.report;
  expect(report?.run).toMatchObject({ verdict: expected.verdict, exitCode });
  const waivedCount = expected.status === 'waived' ? 1 : 0;
  expect(report?.summary).toMatchObject({ failed: 1 - waivedCount, waived: waivedCount });
  const waiver = { state: expected.state, expires: run.expires, reason: REASON };
  expect(requirementOf(report)).toMatchObject({ status: expected.status, waiver });
  expect(schemaErrors(report)).toEqual([]);
  return { report, waiver };
}

test.describe('the faulty target under a waiver', () => {
  // One worker makes both runs once; the tests read them in order.
  test.describe.configure({ mode: 'default' });

  test('a live waiver: the only failure is waived, the run conforms with exit 0, every report says so', async ({
    runs,
  }) => {
    const { live } = runs;
    const { report, waiver } = expectWaived(live, {
      verdict: 'conforms',
      status: 'waived',
      state: 'applied',
    });
    // The evidence of the failure is kept.
    expect(requirementOf(report)?.failures[0]?.summary).toBe('expected status a 4xx client error, got 201');
    expect(live.stderr).toContain(
      `conformance: waiver: ${WAIVED}: failure waived through ${live.expires}: ${REASON}`,
    );
    expect(live.stderr).toContain('conformance: verdict: conforms, with 1 failed requirement(s) waived');

    const page = writtenPage(live.reportDir);
    expect(page).toContain('data-verdict="conforms"');
    expect(page).toMatch(
      new RegExp(`<tr class="row waived" id="requirement-${WAIVED}" [^>]*data-status="waived"`),
    );
    expect(page).toContain(`<tr data-requirement="${WAIVED}" data-waiver="applied">`);
    expect(page).toContain(`<section id="waived-failures">`);
    expect(page).toContain(`<article class="failure waived" id="failure-${WAIVED}"`);
    expect(page).toContain(escapeHtml(waiverText(waiver, 'waived')));
    expect(page).toContain('1 failed under a live waiver');
    expect(page).toContain('<li class="count waived"><b>1</b> waived</li>');
  });

  test('a merged blob report applies the waivers its run was given, without the file', async ({
    runs,
    mergeBlobReports,
  }) => {
    rmSync(runs.live.file);
    const mergedDir = await mergeBlobReports(runs.live.blobDir);
    const report = writtenReport(mergedDir);
    expect(requirementOf(report)).toMatchObject({ status: 'waived', waiver: { state: 'applied' } });
    expect(report.run.verdict).toBe('conforms');
  });

  test('an expired waiver: the failure counts again, exit 1, and every report says the waiver expired', async ({
    runs,
  }) => {
    const { expired } = runs;
    const { waiver } = expectWaived(expired, {
      verdict: 'does-not-conform',
      status: 'failed',
      state: 'expired',
    });
    expect(expired.stderr).toContain(
      `conformance: waiver: ${WAIVED}: waiver expired after ${expired.expires}, so the failure counts: ${REASON}`,
    );
    const page = writtenPage(expired.reportDir);
    expect(page).toContain('data-verdict="does-not-conform"');
    expect(page).toContain(`<tr data-requirement="${WAIVED}" data-waiver="expired">`);
    expect(page).toContain(`<article class="failure failed" id="failure-${WAIVED}"`);
    expect(page).toContain(escapeHtml(waiverText(waiver, 'failed')));
  });

  test('compare shows the run with the waiver as waived, and each waiver with its last day and reason', async ({
    runs,
    runNode,
    scratch,
  }) => {
    const out = scratch('compare');
    const jsonOf = (run: RunResult) => path.join(run.reportDir, 'conformance.json');
    const compared = await runNode([
      COMMAND,
      'compare',
      jsonOf(runs.live),
      jsonOf(runs.expired),
      '--out',
      out,
    ]);
    expect(compared.exitCode, compared.stdout + compared.stderr).toBe(1);
    expect(compared.stdout).toMatch(new RegExp(`^\\*  ${WAIVED} +waived +failed$`, 'm'));
    expect(compared.stdout).toContain(
      `  run 1: ${WAIVED}: failure waived through ${runs.live.expires}: ${REASON}\n` +
        `  run 2: ${WAIVED}: waiver expired after ${runs.expired.expires}, so the failure counts: ${REASON}\n`,
    );
    const page = readFileSync(path.join(out, 'index.html'), 'utf8');
    const live = { state: 'applied', expires: runs.live.expires, reason: REASON } as const;
    expect(page).toMatch(
      new RegExp(
        `<td class="run" data-run="1" data-status="waived"><a class="evidence" href="[^"]*#failure-${WAIVED}">`,
      ),
    );
    expect(page).toContain(
      `<div class="waiver applied" data-waiver="applied">${escapeHtml(waiverText(live, 'waived'))}</div>`,
    );
    expect(page).toContain('data-waiver="expired"');
  });
});

test('a waiver of a requirement that passed is stale: reported, and the exit code stays 0', async ({
  runNode,
  scratch,
}) => {
  // Through the command, its file named relative to the folder it is started in, as in a CI job's checkout.
  const checkout = scratch('checkout');
  const expires = utcDay(30);
  waiverFile(checkout, expires);
  const reportDir = path.join(checkout, 'reports');
  const output = `--output=${path.join(checkout, 'test-results')}`;
  const run = await runNode(
    [COMMAND, '--waivers', 'waivers.yaml', '--workers', '1', '--', ...SELECTION, '--reporter=dot', output],
    { CONFORMANCE_REPORT_DIR: reportDir },
    { cwd: checkout },
  );
  expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
  const report = writtenReport(reportDir);
  expect(report.run.verdict).toBe('conforms');
  const waiver = { state: 'stale', expires, reason: REASON } as const;
  expect(requirementOf(report)).toMatchObject({ status: 'passed', waiver });
  expect(report.summary.waived).toBe(0);
  expect(schemaErrors(report)).toEqual([]);
  expect(run.stderr).toContain(`waiver: ${WAIVED}: stale waiver (through ${expires})`);
  const page = writtenPage(reportDir);
  expect(page).toContain(`<tr data-requirement="${WAIVED}" data-waiver="stale">`);
  expect(page).toContain(escapeHtml(waiverText(waiver, 'passed')));
});

/** Waivers files that are wrong, and the problem the configuration error names. */
const WRONG: { name: string; text?: string; problem: string }[] = [
  { name: 'a file that does not exist', problem: 'no such file' },
  { name: 'a file that is not YAML', text: `- requirement: [${WAIVED}\n`, problem: 'not YAML: ' },
  {
    name: 'an entry that is not a mapping',
    text: `- ${WAIVED}\n`,
    problem: `entry 1 must be a mapping {requirement, reason, expires}; it is the string "${WAIVED}"`,
  },
  {
    name: 'an entry without its last day',
    text: `- requirement: ${WAIVED}\n  reason: r\n`,
    problem: `entry 1 (${WAIVED}): "expires" is missing`,
  },
  {
    name: 'an unknown requirement',
    text: `- requirement: V2-WEIGHT-RANGES\n  reason: r\n  expires: 2099-12-31\n`,
    problem: 'entry 1: "V2-WEIGHT-RANGES" is not a requirement of requirements.yaml',
  },
  {
    name: 'an impossible date',
    text: `- requirement: ${WAIVED}\n  reason: r\n  expires: 2026-02-30\n`,
    problem: `entry 1 (${WAIVED}): "expires" "2026-02-30" is not a day of the calendar`,
  },
  {
    name: 'a requirement waived twice',
    text: `- requirement: ${WAIVED}\n  reason: r\n  expires: 2099-12-31\n`.repeat(2),
    problem: `entry 2 (${WAIVED}): ${WAIVED} is waived twice (entry 1 waives it too)`,
  },
];

test.describe('a wrong waivers file', () => {
  test.describe.configure({ mode: 'parallel' });

  for (const c of WRONG)
    test(`${c.name}: exit 2 naming CONFORMANCE_WAIVERS and the problem; no request reaches the target`, async ({
      serveForWorker,
      recordingProxy,
      runConformance,
      scratch,
    }) => {
      const served = await serveForWorker();
      const proxy = await recordingProxy(served.env.TARGET_URL ?? '');
      const file = path.join(scratch('waivers'), 'waivers.yaml');
      if (c.text !== undefined) writeFileSync(file, c.text);
      const run = await runConformance(
        { ...served.env, TARGET_URL: proxy.url, CONFORMANCE_WAIVERS: file },
        SELECTION,
      );
      expect(run.exitCode, told(run)).toBe(2);
      expect(run.stderr).toContain(
        `conformance: configuration error: CONFORMANCE_WAIVERS: ${file}: ${c.problem}`,
      );
      expect(run.stdout).not.toContain('Running');
      expect(run.report).toBeUndefined();
      expect(proxy.requests).toEqual([]);
    });

  test('given with --waivers, the error names the flag beside the variable', async ({ runNode, scratch }) => {
    const file = path.join(scratch('waivers'), 'waivers.yaml');
    writeFileSync(file, `- requirement: ${WAIVED}\n  reason: r\n  expires: 2026-02-30\n`);
    const run = await runNode([COMMAND, '--waivers', file, '--', ...SELECTION]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `configuration error: CONFORMANCE_WAIVERS (--waivers): ${file}: entry 1 (${WAIVED}): "expires" "2026-02-30" is not a day of the calendar`,
    );
    expect(run.stdout).not.toContain('Running');
  });
});
