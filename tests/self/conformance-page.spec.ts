/**
 * The conformance page and its JSON twin, as a reviewer and another tool see them: a run against a reference
 * server with one fault exits 1 and reports exactly the requirement that fault breaks, with evidence whose
 * curl reproduces the bug when pasted into a shell; the page, opened from disk in Debian's chromium, shows the
 * verdict, the failed requirement's quote and that curl, and fetches nothing. A merged blob report yields the
 * same report; a correct run conforms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogue } from '../../src/catalogue/requirements';
import { vendorSentences } from '../../src/catalogue/sentences';
import type { ConformanceReport } from '../../src/reporter/model';
import { conformanceRunner, writtenPage, writtenReport } from './support/conformance-run';
import { pageTest } from './support/page-harness';
import { expect } from './support/harness';
import { schemaErrors } from './support/report-schema';
import type { ServedRun } from './support/served-target';

const TOKEN = 'tok-Page-Distinctive-51c2e8';
const FAULT = 'weight-upper-off-by-one';
const BROKEN = 'V2-WEIGHT-RANGE';

/** The run against a served reference server with one fault, which the tests of the first group read. */
interface FaultyRun extends ServedRun {
  reportDir: string;
}

const test = pageTest.extend<
  { paste: (command: string, env: Record<string, string>) => Promise<string> },
  { faultyRun: FaultyRun }
>({
  faultyRun: [
    async ({ serveForWorker, workerProcesses, workerScratch }, use) => {
      const served = await serveForWorker({ REFERENCE_FAULTS: FAULT, REFERENCE_TOKEN: TOKEN });
      const dir = workerScratch('conformance-page');
      const reportDir = path.join(dir, 'reports');
      const blobDir = path.join(dir, 'blob');
      const runConformance = conformanceRunner(workerProcesses, () => workerScratch('conformance-run'));
      const run = await runConformance({ ...served.env, CONFORMANCE_WORKERS: '1' }, [], {
        reportDir,
        blobDir,
      });
      await use({ served, run, reportDir, blobDir });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  /** Runs a command as pasted into a shell, with only PATH and the given variables set; gives its stdout. */
  paste: async ({ runProcess }, use) => {
    await use(async (command, env) => {
      const pasted = await runProcess('bash', ['--norc', '--noprofile', '-c', command], env, {
        baseEnv: { PATH: process.env.PATH ?? '' },
      });
      expect(pasted.exitCode, pasted.stderr).toBe(0);
      return pasted.stdout;
    });
  },
});

function statuses(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.requirements.map((r) => [r.id, r.status]));
}

test.describe('against a served reference server with one fault', () => {
  test.describe.configure({ mode: 'serial' });

  test.use({ viewport: { width: 1300, height: 1000 } });

  test('the run exits 1 and conformance.json fails exactly the requirement the fault breaks', ({
    faultyRun: { served, run, reportDir },
  }) => {
    expect(run.exitCode, run.stdout.slice(-3000)).toBe(1);
    const report = writtenReport(reportDir);
    expect(schemaErrors(report)).toEqual([]);

    expect(report.run.verdict).toBe('does-not-conform');
    expect(report.run.exitCode).toBe(1);
    expect(report.run.target).toEqual({ url: served.env.TARGET_URL, builtIn: false, referenceFaults: [] });
    expect(report.run.profile).toBe('huawei');
    expect(report.suite.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.requirements.map((r) => r.id)).toEqual([...catalogue().keys()]);
    const expected = Object.fromEntries([...catalogue().keys()].map((id) => [id, 'passed']));
    expect(statuses(report)).toEqual({ ...expected, [BROKEN]: 'failed' });
    expect(report.summary).toMatchObject({
      requirements: catalogue().size,
      failed: 1,
      passed: catalogue().size - 1,
    });
    // How the vendor pages' sentences are answered: the counts of the shipped table, whatever the run.
    expect(report.vendorSentences).toEqual(vendorSentences());

    const row = report.requirements.find((r) => r.id === BROKEN)!;
    expect(row.quote).toBe(catalogue().get(BROKEN)!.quote);
    const failure = row.failures[0]!;
    expect(row.failures).toHaveLength(1);
    expect(failure.summary).toBe('expected status a 4xx client error, got 201');
    expect(failure.request).toMatchObject({
      method: 'POST',
      path: expect.stringMatching(/^\/v2\.0\/lbaas\/pools\/[\w-]+\/members$/),
    });
    expect(failure.request!.headers['X-Auth-Token']).toBe('<redacted>');
    expect(JSON.parse(failure.request!.body!)).toMatchObject({ member: { weight: 101 } });
    expect(failure.response).toMatchObject({ status: 201 });
    expect(failure.property).toMatchObject({
      counterexample: '101',
      replay: expect.stringContaining('FC_SEED='),
    });
    expect(failure.curl).toContain('"X-Auth-Token: $TARGET_TOKEN"');

    const written = `${readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')}${writtenPage(reportDir)}`;
    expect(written).not.toContain(TOKEN);
  });

  test('the failure’s curl, pasted into a shell, reproduces the bug', async ({
    faultyRun: { reportDir },
    paste,
  }) => {
    const curl = writtenReport(reportDir).requirements.find((r) => r.id === BROKEN)!.failures[0]!.curl!;
    expect(curl).not.toContain(TOKEN);
    // The run deleted the member it created; the pasted command creates it again, with weight 101.
    const output = await paste(curl, { TARGET_TOKEN: TOKEN });
    expect(output).toMatch(/^HTTP\/1\.1 201 Created/);
    expect(output).toMatch(/"weight":101/);
    // Without the token the same command is refused: the token really comes from $TARGET_TOKEN.
    const refused = await paste(curl, {});
    expect(refused).toMatch(/^HTTP\/1\.1 401/);
  });

  test('the page, opened from disk in chromium, shows the verdict, the failed requirement, its quote and its curl', async ({
    faultyRun: { served, reportDir },
    page,
  }) => {
    const curl = writtenReport(reportDir).requirements.find((r) => r.id === BROKEN)!.failures[0]!.curl!;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const url = pathToFileURL(path.join(reportDir, 'conformance', 'index.html')).href;
    await page.goto(url);

    await expect(page.locator('h1')).toHaveText('Does not conform');
    await expect(page.locator('header')).toContainText(
      `1 requirement of ${catalogue().size} checked is broken`,
    );
    await expect(page.locator('.facts').first()).toContainText(served.env.TARGET_URL!);
    const sentences = vendorSentences();
    await expect(page.locator('#vendor-sentences')).toHaveText(
      `Vendor sentences: ${sentences.checkable} checkable, ${sentences.checked} checked by a requirement, ` +
        `${sentences.leftOpen} left open (docs/readings.md §5), ${sentences.notYetChecked} not yet checked; ` +
        `${sentences.notCheckable} not checkable from outside; ${sentences.nothingCheckable} state nothing checkable.`,
    );

    const failedRows = page.locator('tr[data-status="failed"]');
    await expect(failedRows).toHaveCount(1);
    await expect(failedRows.first()).toHaveAttribute('data-requirement', BROKEN);
    await expect(failedRows.first()).toContainText(catalogue().get(BROKEN)!.quote);
    await expect(page.locator('tr[data-status="passed"]')).toHaveCount(catalogue().size - 1);

    const failure = page.locator(`article.failure[data-requirement="${BROKEN}"]`);
    await expect(failure).toBeVisible();
    await expect(failure.locator('.what')).toHaveText('expected status a 4xx client error, got 201');
    await expect(failure.locator('pre.request')).toContainText('"weight": 101');
    await expect(failure.locator('pre.response')).toContainText('201 Created');
    await expect(failure.locator('pre.curl')).toBeVisible();
    expect(await failure.locator('pre.curl').innerText()).toBe(curl);
    await expect(failure).toContainText('fast-check seed');

    // A reviewer's first view: what the page looks like above the fold (kept for a human to look at).
    await page.screenshot({ path: test.info().outputPath('conformance-page.png') });
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });

  test('merging the run’s blob report gives the same conformance report', async ({
    faultyRun: { reportDir, blobDir },
    mergeBlobReports,
  }) => {
    const mergedDir = await mergeBlobReports(blobDir);
    const direct = writtenReport(reportDir);
    const fromBlob = writtenReport(mergedDir);
    expect(schemaErrors(fromBlob)).toEqual([]);
    const comparable = (report: ConformanceReport) => ({
      run: { ...report.run, date: undefined, durationMs: undefined },
      summary: report.summary,
      requirements: report.requirements.map((r) => ({
        ...r,
        tests: r.tests.map((t) => ({ ...t, durationMs: undefined })),
      })),
    });
    expect(comparable(fromBlob)).toEqual(comparable(direct));
  });
});

test('a correct run conforms: every requirement passed, none skipped, and the page says so', async ({
  runConformance,
  page,
}) => {
  test.setTimeout(180_000);
  const run = await runConformance({ REFERENCE_TOKEN: TOKEN });
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
  const report = writtenReport(run.reportDir);
  expect(schemaErrors(report)).toEqual([]);
  expect(report.run.verdict).toBe('conforms');
  expect(report.run.target).toMatchObject({
    builtIn: true,
    url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
  });
  expect(new Set(report.requirements.map((r) => r.status))).toEqual(new Set(['passed']));
  expect(report.requirements.flatMap((r) => r.tests).filter((t) => t.status !== 'passed')).toEqual([]);
  expect(`${JSON.stringify(report)}${writtenPage(run.reportDir)}`).not.toContain(TOKEN);

  await page.goto(pathToFileURL(path.join(run.reportDir, 'conformance', 'index.html')).href);
  await expect(page.locator('h1')).toHaveText('Conforms');
  await expect(page.locator('#failures')).toHaveCount(0);
  await expect(page.locator('tr[data-status="passed"]')).toHaveCount(catalogue().size);
});

test('a schema failure shows its JSON pointer; a cross-cutting failure goes to the requirement it names', async ({
  runConformance,
}) => {
  test.setTimeout(120_000);
  const [schemaRun, typeRun] = await Promise.all([
    runConformance({ REFERENCE_FAULTS: 'create-missing-operating-status', CONFORMANCE_WORKERS: '1' }, [
      '--grep',
      'V2-CREATE-RESPONSE',
    ]),
    runConformance({ REFERENCE_FAULTS: 'v2-success-content-type-html', CONFORMANCE_WORKERS: '1' }, [
      '--grep',
      'V2-CREATE-RESPONSE',
    ]),
  ]);
  expect([schemaRun.exitCode, typeRun.exitCode]).toEqual([1, 1]);
  const [schemaDir, typeDir] = [schemaRun.reportDir, typeRun.reportDir];

  const schema = writtenReport(schemaDir);
  const created = schema.requirements.find((r) => r.id === 'V2-CREATE-RESPONSE')!;
  expect(created.status).toBe('failed');
  expect(created.failures[0]!.violations).toContainEqual(
    expect.objectContaining({ kind: 'schema', pointer: '/member/operating_status' }),
  );
  expect(writtenPage(schemaDir)).toContain('<code class="pointer">/member/operating_status</code>');
  // Requirements the --grep left out are reported as not run, and the run still does not conform.
  expect(schema.summary).toMatchObject({ failed: 1, 'not-run': catalogue().size - 1 });
  expect(schema.run.verdict).toBe('does-not-conform');

  const contentType = writtenReport(typeDir);
  expect(statuses(contentType)['V2-CONTENT-TYPE']).toBe('failed');
  expect(contentType.requirements.find((r) => r.id === 'V2-CONTENT-TYPE')!.failures[0]!.test).toMatch(
    /^V2-CREATE-RESPONSE /,
  );
  const stopped = contentType.requirements.find((r) => r.id === 'V2-CREATE-RESPONSE')!;
  expect(stopped).toMatchObject({ status: 'not-run', reason: expect.stringContaining('V2-CONTENT-TYPE') });
});
