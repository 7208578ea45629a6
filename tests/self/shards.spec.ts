/**
 * A sharded run, as a CI matrix does it: two shards at the same time against one served target (the
 * allocator gives each shard's workers their own address slices), each writing a blob report, then
 * `playwright merge-reports` into HTML and JUnit. The merged result holds every test exactly once, all
 * passed, and as many JUnit test cases as an unsharded run; the conformance reporter's merge, the HAR of every
 * test of both shards, while each shard's own HAR holds its runner's preflight and clean-up as well.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { catalogue } from '../../src/catalogue/requirements';
import type { Har } from '../../src/http/har';
import type { ProcessResult } from './support/child-process';
import { testKey, testsInJsonReport } from './support/conformance-list';
import { harErrors } from './support/har-check';
import { expect, test as harness } from './support/harness';
import { junitTestcases, junitTotals } from './support/junit';
import { CONFORMANCE_SCRIPT, PLAYWRIGHT_CLI, ROOT, TSX } from './support/paths';
import { readJsonReport } from './support/playwright-json';
import type { ServedTarget } from './support/served-target';

const SHARDS = 2;
/** As the docs spell it: relative to the repository, where merge-reports runs. */
const CONFORMANCE_REPORTER = './src/reporter/conformance-reporter.ts';

/** What the tests of this file share, one after the other: one served target, one folder. */
interface Shared {
  served: ServedTarget;
  dir: string;
  /** Where the shards' blob reports are gathered, as a CI merge job downloads them. */
  blobs: string;
}

/** Where a shard's runner writes its own conformance report and HAR. */
const shardReports = (dir: string, shard: number): string => path.join(dir, `conformance-${shard}`);

/** The titles of the HAR's pages of a runner's own requests (docs/reports.md). */
const RUNNER_PAGES = ['preflight', 'clean-up after the run'];

const test = harness.extend<
  {
    /** `npm run conformance` against the shared target: the runs check the plumbing, few property runs suffice. */
    runOnTarget: (args: readonly string[], env: Record<string, string>) => Promise<ProcessResult>;
    mergeReports: (reporter: string, env: Record<string, string>, folder?: string) => Promise<ProcessResult>;
  },
  { shared: Shared }
>({
  shared: [
    async ({ serveForWorker, workerScratch }, use) => {
      const dir = workerScratch('shards');
      const blobs = path.join(dir, 'all-blob-reports');
      mkdirSync(blobs);
      await use({ served: await serveForWorker(), dir, blobs });
    },
    { scope: 'worker' },
  ],
  runOnTarget: async ({ runNode, shared }, use) => {
    await use((args, env) =>
      runNode([...TSX, CONFORMANCE_SCRIPT, ...args], {
        ...shared.served.env,
        CONFORMANCE_RUNS: '5',
        ...env,
      }),
    );
  },
  mergeReports: async ({ runNode, shared }, use) => {
    await use((reporter, env, folder = shared.blobs) =>
      runNode([PLAYWRIGHT_CLI, 'merge-reports', `--reporter=${reporter}`, folder], env),
    );
  },
});

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test('two shards in parallel against one target pass, and each writes a blob report', async ({
  shared: { dir, blobs },
  runOnTarget,
}) => {
  const shards = await Promise.all(
    Array.from({ length: SHARDS }, (_, i) =>
      runOnTarget(
        [`--shard=${i + 1}/${SHARDS}`, '--reporter=blob', `--output=${path.join(dir, `results-${i + 1}`)}`],
        // One folder per shard: the blob reporter empties its folder before it writes.
        {
          PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, `blob-${i + 1}`),
          CONFORMANCE_REPORT_DIR: shardReports(dir, i + 1),
        },
      ),
    ),
  );
  shards.forEach((run, i) => expect(run.exitCode, `shard ${i + 1}:\n${run.stdout}${run.stderr}`).toBe(0));
  for (let i = 1; i <= SHARDS; i++) {
    const folder = path.join(dir, `blob-${i}`);
    const zips = readdirSync(folder).filter((name) => name.endsWith('.zip'));
    expect(zips, `blob report of shard ${i}`).toHaveLength(1);
    copyFileSync(path.join(folder, zips[0] ?? ''), path.join(blobs, zips[0] ?? ''));
  }
  expect(new Set(readdirSync(blobs)).size).toBe(SHARDS);
});

test('merge-reports gives HTML and JUnit holding every test exactly once, all passed', async ({
  shared: { dir },
  runOnTarget,
  mergeReports,
  listConformanceTests,
}) => {
  const html = path.join(dir, 'html');
  const junit = path.join(dir, 'merged-junit.xml');
  const json = path.join(dir, 'merged.json');
  const merge = await mergeReports('html,junit,json', {
    PLAYWRIGHT_HTML_OUTPUT_DIR: html,
    PLAYWRIGHT_HTML_OPEN: 'never',
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: junit,
    PLAYWRIGHT_JSON_OUTPUT_FILE: json,
  });
  expect(merge.exitCode, merge.stdout + merge.stderr).toBe(0);
  expect(existsSync(path.join(html, 'index.html'))).toBe(true);

  const listed = (await listConformanceTests()).map(testKey).sort();
  expect(testsInJsonReport(json).map(testKey).sort()).toEqual(listed);
  const outcomes = readJsonReport(json);
  expect(outcomes.filter((o) => o.status !== 'passed').map((o) => `${o.status}: ${o.title}`)).toEqual([]);
  expect(outcomes).toHaveLength(listed.length);

  const names = junitTestcases(junit);
  expect(junitTotals(junit)).toEqual({ tests: listed.length, failures: 0, skipped: 0, errors: 0 });
  expect(names).toHaveLength(listed.length);

  // The same count as one unsharded run against the same target.
  const unshardedJunit = path.join(dir, 'unsharded-junit.xml');
  const unsharded = await runOnTarget(['--reporter=junit', `--output=${path.join(dir, 'results-all')}`], {
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: unshardedJunit,
  });
  expect(unsharded.exitCode, unsharded.stdout + unsharded.stderr).toBe(0);
  expect(junitTotals(unshardedJunit).tests).toBe(junitTotals(junit).tests);
  expect(junitTestcases(unshardedJunit).sort()).toEqual([...names].sort());
});

test('the conformance reporter merges the shards into one report where every requirement passed', async ({
  shared: { dir },
  mergeReports,
}) => {
  const out = path.join(dir, 'conformance');
  const merge = await mergeReports(CONFORMANCE_REPORTER, { CONFORMANCE_REPORT_DIR: out });
  expect(merge.exitCode, merge.stdout + merge.stderr).toBe(0);
  const report = JSON.parse(readFileSync(path.join(out, 'conformance.json'), 'utf8')) as {
    run: { verdict: string; exitCode: number };
    requirements: { id: string; status: string; tests: { traceId?: string }[] }[];
  };
  expect(report.requirements.map((r) => r.id)).toEqual([...catalogue().keys()]);
  expect(report.requirements.filter((r) => r.status !== 'passed')).toEqual([]);
  expect(report.run.verdict).toBe('conforms');
  expect(report.run.exitCode).toBe(0);
  expect(existsSync(path.join(out, 'conformance', 'index.html'))).toBe(true);
  // The HAR of both shards: a page, and requests, for every test of either, and nothing else.
  const readHar = (folder: string) =>
    JSON.parse(readFileSync(path.join(folder, 'exchanges.har'), 'utf8')) as Har;
  const har = readHar(out);
  expect(harErrors(har)).toEqual([]);
  const traces = new Set(report.requirements.flatMap((r) => r.tests.map((t) => t.traceId)));
  expect(new Set(har.log.pages.map((page) => page.id))).toEqual(traces);
  expect(new Set(har.log.entries.map((entry) => entry.pageref))).toEqual(traces);
  // Each shard's runner read the target before its tests and cleaned up after them: those pages are in the
  // shard's own HAR; its tests' requests are what the merge holds.
  const tested: string[] = [];
  for (let shard = 1; shard <= SHARDS; shard++) {
    const own = readHar(shardReports(dir, shard));
    expect(harErrors(own)).toEqual([]);
    const runner = own.log.pages.filter((page) => RUNNER_PAGES.includes(page.title));
    expect(
      runner.map((page) => page.title),
      `shard ${shard}`,
    ).toEqual(RUNNER_PAGES);
    const ids = new Set(runner.map((page) => page.id));
    tested.push(...own.log.entries.filter((e) => !ids.has(e.pageref)).map((e) => e._spanId));
  }
  expect(har.log.entries.map((entry) => entry._spanId).sort()).toEqual(tested.sort());
});

interface Workflow {
  name: string;
  env: Record<string, string>;
  jobs: Record<
    string,
    { strategy?: { matrix?: { include?: { name: string; args: string }[] } }; steps: Step[] }
  >;
}
interface Step {
  run?: string;
  env?: Record<string, string>;
}

/** The workflows of docs/github-actions.md, parsed. */
function documentedWorkflows(): Workflow[] {
  const doc = readFileSync(path.join(ROOT, 'docs/github-actions.md'), 'utf8');
  return [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] ?? '') as Workflow);
}

test('the workflows of docs/github-actions.md pass every TARGET_* variable, the token from secrets', () => {
  const workflows = documentedWorkflows();
  expect(workflows.map((w) => w.name)).toEqual(['conformance-action', 'conformance', 'conformance-sharded']);
  // The action's workflow passes them as its inputs (tests/self/package.spec.ts).
  const contract = readFileSync(path.join(ROOT, 'src/settings/target.ts'), 'utf8');
  const variables = [...new Set([...contract.matchAll(/'(TARGET_[A-Z0-9_]+)'/g)].map((m) => m[1] ?? ''))];
  for (const workflow of workflows.filter((w) => w.name !== 'conformance-action')) {
    expect(Object.keys(workflow.env).sort(), workflow.name).toEqual([...variables].sort());
    for (const [name, value] of Object.entries(workflow.env))
      expect(value, name).toBe(`\${{ ${name === 'TARGET_TOKEN' ? 'secrets' : 'vars'}.${name} }}`);
  }
});

test('the sharded workflow of docs/github-actions.md, run here: its parts at once against one target, merged', async ({
  runOnTarget,
  mergeReports,
  listConformanceTests,
  scratch,
}) => {
  // Shards of one project split the v3 tests among themselves, and v3 walks compare pages with a listing of
  // one shared pool: two shards writing to it at once disturb each other. The documented matrix shards v2 only.
  const workflow = documentedWorkflows().find((w) => w.name === 'conformance-sharded');
  const part = workflow?.jobs.conformance?.steps.find((step) =>
    step.run?.startsWith('npm run conformance --'),
  );
  const merge = workflow?.jobs.merge?.steps.find((step) => step.run?.includes('merge-reports'));
  const matrix = workflow?.jobs.conformance?.strategy?.matrix?.include ?? [];
  expect(matrix.length).toBeGreaterThan(1);
  expect(part?.run?.trim()).toBe('npm run conformance -- ${{ matrix.args }} --reporter=list,blob');
  const reporter = /--reporter=(\S+)/.exec(merge?.run ?? '')?.[1] ?? '';
  expect(reporter).toBe(`html,junit,${CONFORMANCE_REPORTER}`);

  const recipe = scratch('ci-matrix');
  const all = path.join(recipe, 'all-blob-reports');
  mkdirSync(all);
  const runs = await Promise.all(
    matrix.map((job) =>
      runOnTarget(
        [
          ...job.args.split(' '),
          '--reporter=list,blob',
          `--output=${path.join(recipe, `results-${job.name}`)}`,
        ],
        // Each job on a machine of its own in CI: here, a report folder of its own.
        {
          PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(recipe, `blob-${job.name}`),
          PLAYWRIGHT_BLOB_OUTPUT_NAME: `report-${job.name}.zip`,
          CONFORMANCE_REPORT_DIR: path.join(recipe, `reports-${job.name}`),
        },
      ),
    ),
  );
  runs.forEach((run, i) => expect(run.exitCode, `${matrix[i]?.name}:\n${run.stdout}${run.stderr}`).toBe(0));
  for (const job of matrix) {
    const name = `report-${job.name}.zip`;
    copyFileSync(path.join(recipe, `blob-${job.name}`, name), path.join(all, name));
  }
  const reports = path.join(recipe, 'reports');
  const json = path.join(recipe, 'merged.json');
  const merged = await mergeReports(
    `${reporter},json`,
    {
      PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(reports, 'html'),
      PLAYWRIGHT_HTML_OPEN: 'never',
      PLAYWRIGHT_JUNIT_OUTPUT_FILE: path.join(reports, 'junit.xml'),
      PLAYWRIGHT_JSON_OUTPUT_FILE: json,
      CONFORMANCE_REPORT_DIR: reports,
    },
    all,
  );
  expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
  const listed = (await listConformanceTests()).map(testKey).sort();
  expect(testsInJsonReport(json).map(testKey).sort()).toEqual(listed);
  expect(junitTotals(path.join(reports, 'junit.xml'))).toEqual({
    tests: listed.length,
    failures: 0,
    skipped: 0,
    errors: 0,
  });
  expect(existsSync(path.join(reports, 'html', 'index.html'))).toBe(true);
  const report = JSON.parse(readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as {
    run: { verdict: string };
    requirements: { id: string; status: string }[];
  };
  expect(report.requirements.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status}`)).toEqual(
    [],
  );
  expect(report.run.verdict).toBe('conforms');
});
