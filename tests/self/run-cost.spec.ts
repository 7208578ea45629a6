/**
 * The cost of a run in the report (src/cost.ts, src/reporter/cost.ts, docs/reports.md). The requests the report
 * counts, by method, are the ones a recording proxy in front of the target saw while the tests ran, noise or
 * not; the resends after 429/503 and busy 409s show with their waits; and the peak of members alive at once
 * comes from the create and delete times of all workers.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { emptyCost, type MemberTimeline, type TestCost } from '../../src/cost';
import { CostLedger, peakMembersAlive } from '../../src/reporter/cost';
import type { ConformanceReport } from '../../src/reporter/model';
import { expect, test, type HarnessFixtures } from './support/harness';
import { mergeConformanceReports } from './support/conformance-run';
import type { RecordedRequest, RecordingProxy } from './support/recording-proxy';
import { schemaErrors } from './support/report-schema';

const PEAK_CASES: { name: string; timelines: MemberTimeline[]; peak: number }[] = [
  { name: 'no member', timelines: [], peak: 0 },
  {
    name: 'one after another',
    timelines: [
      { id: 'a', createdAt: 0, deletedAt: 5 },
      { id: 'b', createdAt: 6, deletedAt: 9 },
    ],
    peak: 1,
  },
  {
    name: 'a create at the instant of a delete counts first (a quota must allow both)',
    timelines: [
      { id: 'a', createdAt: 0, deletedAt: 5 },
      { id: 'b', createdAt: 5, deletedAt: 9 },
    ],
    peak: 2,
  },
  {
    name: 'two workers overlapping, then one alone',
    timelines: [
      { id: 'a', createdAt: 0, deletedAt: 10 },
      { id: 'b', createdAt: 2, deletedAt: 4 },
      { id: 'c', createdAt: 3, deletedAt: 12 },
      { id: 'd', createdAt: 11, deletedAt: 13 },
    ],
    peak: 3,
  },
  {
    name: 'a member never deleted stays alive to the end',
    timelines: [
      { id: 'kept', createdAt: 0 },
      { id: 'b', createdAt: 5, deletedAt: 6 },
      { id: 'c', createdAt: 7, deletedAt: 8 },
    ],
    peak: 2,
  },
  {
    name: 'the create and the delete of one member recorded by different tests are joined by id',
    timelines: [
      { id: 'a', createdAt: 0 },
      { id: 'a', deletedAt: 5 },
      { id: 'b', createdAt: 6, deletedAt: 7 },
    ],
    peak: 1,
  },
  {
    name: 'a delete of a member the run did not create is not a member of the run',
    timelines: [
      { id: 'foreign', deletedAt: 1 },
      { id: 'a', createdAt: 2, deletedAt: 3 },
    ],
    peak: 1,
  },
  {
    name: 'the first delete ends a member: a second one (404) does not extend it',
    timelines: [
      { id: 'a', createdAt: 0, deletedAt: 5 },
      { id: 'a', deletedAt: 20 },
      { id: 'b', createdAt: 10, deletedAt: 15 },
    ],
    peak: 1,
  },
];

for (const c of PEAK_CASES)
  test(`peak of members alive at once: ${c.name}`, () => {
    expect(peakMembersAlive(c.timelines)).toBe(c.peak);
  });

function cost(parts: Partial<TestCost>): TestCost {
  return { ...emptyCost(), ...parts };
}

test('a test counts once in the total and for each of its requirements, with every attempt', () => {
  const ledger = new CostLedger();
  const attempt = cost({ requests: { GET: 3, POST: 1 }, creates: 1, members: [{ id: 'a', createdAt: 1 }] });
  const retried = cost({
    requests: { POST: 2, DELETE: 1 },
    creates: 2,
    deletes: 1,
    retries: { requests: 1, resends: 1, waitedMs: 1000 },
    members: [{ id: 'b', createdAt: 2, deletedAt: 3 }],
  });
  ledger.add(['V2-A', 'V2-B'], [attempt, retried]);
  ledger.add(['V2-B'], [undefined, cost({ requests: { GET: 1 } })]);

  const run = ledger.run(5000);
  expect(run.requests).toEqual({ total: 8, byMethod: { GET: 4, POST: 3, DELETE: 1 } });
  expect(run.writes).toEqual({ total: 4, creates: 3, deletes: 1 });
  expect(run.retries).toEqual({ requests: 1, resends: 1, waitedMs: 1000 });
  expect([run.membersCreated, run.peakMembersAlive, run.wallMs]).toEqual([2, 2, 5000]);
  expect(ledger.of('V2-A').requests.total).toBe(7);
  expect(ledger.of('V2-B').requests.total).toBe(8);
  expect(ledger.of('V2-C').requests.total).toBe(0);
});

/** The requests the proxy saw by method while Playwright ran: the runner's removal afterwards is not counted. */
function seenDuringRun(
  requests: readonly RecordedRequest[],
  report: ConformanceReport,
): Record<string, number> {
  const start = Date.parse(report.run.date);
  const end = start + report.run.durationMs;
  const seen: Record<string, number> = {};
  for (const { method, at } of requests) if (at >= start && at <= end) seen[method] = (seen[method] ?? 0) + 1;
  return seen;
}

function sum(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts)
    for (const [key, n] of Object.entries(count)) total[key] = (total[key] ?? 0) + n;
  return total;
}

function readReport(dir: string): ConformanceReport {
  const report = JSON.parse(readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(schemaErrors(report)).toEqual([]);
  return report;
}

/** A served reference server with these choices behind a recording proxy, and a folder for the reports. */
async function proxiedTarget(
  fixtures: Pick<HarnessFixtures, 'serveReference' | 'recordingProxy' | 'scratch'>,
  choices: string,
): Promise<{ env: Record<string, string>; proxy: RecordingProxy; dir: string }> {
  const served = await fixtures.serveReference(choices ? { REFERENCE_CHOICES: choices } : {});
  const proxy = await fixtures.recordingProxy(served.env.TARGET_URL!);
  return { env: { ...served.env, TARGET_URL: proxy.url }, proxy, dir: fixtures.scratch('run-cost') };
}

/** Runs with resends, each counted as sent; under octavia the client also reads until each write has settled. */
const NOISY: {
  name: string;
  shows: string;
  choices: string;
  env: Record<string, string>;
  grep: string;
  resent: ('retries' | 'busy')[];
}[] = [
  {
    name: 'rate-limited and busy',
    shows: 'resends after 429/503 and busy 409s are reported with their waits',
    choices: 'rate-limit,busy-after-write',
    env: {},
    // About 900 requests, every 7th refused; the first refusal asks for a real wait (1 s), whatever the seed
    // and the timing. A duplicate create makes the client read the pool to tell a duplicate from a busy 409.
    grep: 'V2-DUPLICATE-REJECTED|V2-WEIGHT-RANGE|V2-CREATE-ECHO|V3-FILTER-MATCH',
    resent: ['retries', 'busy'],
  },
  {
    name: 'octavia, busy',
    shows: 'the reads that wait for each write to settle are counted too',
    choices: 'busy-after-write,v2-error-octavia-shape',
    env: { TARGET_PROFILE: 'octavia' },
    grep: 'V2-CREATE-RESPONSE|V2-PORT-RANGE|V2-NAME-LENGTH',
    resent: ['busy'],
  },
];

test.describe('through a recording proxy', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });

  test('two shards, one after the other: each counts what the target got, their merged report adds up', async ({
    serveReference,
    recordingProxy,
    scratch,
    runConformance,
    runNode,
  }) => {
    {
      const { env, proxy, dir } = await proxiedTarget({ serveReference, recordingProxy, scratch }, '');
      const blobs = path.join(dir, 'all-blob-reports');
      mkdirSync(blobs);
      const seen: Record<string, number>[] = [];
      const ledgered: string[] = [];
      for (const shard of [1, 2]) {
        const reportDir = path.join(dir, `report-${shard}`);
        const blobDir = path.join(dir, `blob-${shard}`);
        const run = await runConformance(env, [`--shard=${shard}/2`], { reportDir, blobDir });
        expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
        const report = readReport(reportDir);
        const { cost } = report;
        seen.push(seenDuringRun(proxy.requests, report));
        ledgered.push(...report.ledger.members.map((m) => m.id));
        expect(cost.requests.byMethod).toEqual(seen.at(-1));
        expect(cost.requests.total).toBe(Object.values(seen.at(-1) ?? {}).reduce((a, b) => a + b, 0));
        expect([cost.retries.resends, cost.busy.resends]).toEqual([0, 0]);
        expect(cost.wallMs).toBe(report.run.durationMs);
        expect(run.stderr).toContain(`cost of the tests: ${cost.requests.total} requests (`);
        const page = readFileSync(path.join(reportDir, 'conformance', 'index.html'), 'utf8');
        expect(page).toContain(`<dt>Requests</dt><dd>${cost.requests.total} (`);
        for (const zip of readdirSync(blobDir)) copyFileSync(path.join(blobDir, zip), path.join(blobs, zip));
      }

      const mergedDir = await mergeConformanceReports(runNode, blobs, path.join(dir, 'merged'));
      const { cost, requirements, ledger } = readReport(mergedDir);
      const all = sum(seen);
      expect(cost.requests.byMethod).toEqual(all);
      expect(cost.writes).toEqual({
        total: (all.POST ?? 0) + (all.DELETE ?? 0),
        creates: all.POST,
        deletes: all.DELETE,
      });
      expect(cost.peakMembersAlive).toBeGreaterThanOrEqual(1);
      expect(cost.peakMembersAlive).toBeLessThanOrEqual(cost.membersCreated);
      expect(cost.membersCreated).toBeLessThanOrEqual(cost.writes.creates);
      // The clean-up ledger of the merged report holds the members of both shards, each confirmed gone.
      expect(ledger.members.map((m) => m.id).sort()).toEqual(ledgered.sort());
      expect([ledger.created, ledger.deleted, ledger.peakAlive]).toEqual([
        cost.membersCreated,
        cost.membersCreated,
        cost.peakMembersAlive,
      ]);
      // Every conformance test names one requirement: the requirements' costs add up to the total.
      expect(requirements.reduce((n, r) => n + r.cost.requests.total, 0)).toBe(cost.requests.total);
    }
  });

  for (const scenario of NOISY)
    test(`${scenario.name}: ${scenario.shows}, and every request is counted as sent`, async ({
      serveReference,
      recordingProxy,
      scratch,
      runConformance,
    }) => {
      {
        const { env, proxy, dir } = await proxiedTarget(
          { serveReference, recordingProxy, scratch },
          scenario.choices,
        );
        const run = await runConformance({ ...env, ...scenario.env }, ['--grep', scenario.grep], {
          reportDir: dir,
        });
        expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
        const report = readReport(dir);
        const { cost } = report;
        expect(cost.requests.byMethod).toEqual(seenDuringRun(proxy.requests, report));
        for (const kind of ['retries', 'busy'] as const) {
          const resent = scenario.resent.includes(kind);
          expect(cost[kind].requests > 0, `${kind} reported`).toBe(resent);
          expect(cost[kind].resends).toBeGreaterThanOrEqual(cost[kind].requests);
          expect(cost[kind].waitedMs > 0, `${kind} waits reported`).toBe(resent);
        }
        // The same resends as the requirements' lists of retried requests show them.
        const listed = report.requirements.flatMap((r) => r.retried).flatMap((r) => r.retries);
        expect(listed.filter((r) => r.status !== 409)).toHaveLength(cost.retries.resends);
        expect(listed.filter((r) => r.status === 409)).toHaveLength(cost.busy.resends);
      }
    });
});
