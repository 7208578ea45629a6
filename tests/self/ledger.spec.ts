/**
 * The clean-up ledger of the report (src/reporter/ledger.ts, docs/reports.md). Built from the tests' evidence,
 * each member gets the absence its clean-up showed; through a recording proxy, the ledger's members are
 * exactly the members whose creates the target answered, each confirmed gone, and the page lists them, one row
 * each, under a collapsed table; a merged blob report has the same ledger. Against a target whose deletes keep
 * the member, answering 204 (the fault delete-noop) or 404 (delete-404-keeps), every member is a leftover, named,
 * marked and first on the page: a 404 to a delete is no confirmation without a read.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MemberTimeline } from '../../src/cost';
import type { LeftoverEvidence, TestEvidence } from '../../src/evidence';
import { MemberLedger, type Absence, type CreatingTest } from '../../src/reporter/ledger';
import { ledgerSection } from '../../src/reporter/ledger-html';
import type { ConformanceReport } from '../../src/reporter/model';
import { mergeConformanceReports, writtenReport } from './support/conformance-run';
import { pageTest } from './support/page-harness';
import { expect, test as harness, type HarnessFixtures } from './support/harness';
import type { RecordedRequest } from './support/recording-proxy';
import { schemaErrors } from './support/report-schema';

const GREP = 'V2-CREATE-ECHO|V3-IP-VERSION';

const MAKER: CreatingTest = {
  title: 'maker',
  project: 'v2',
  location: 'tests/v2/a.spec.ts:1',
  requirements: ['V2-A'],
};
const OTHER: CreatingTest = {
  title: 'other',
  project: 'v2',
  location: 'tests/v2/b.spec.ts:1',
  requirements: [],
};
const PLACE = { api: 'v2', poolId: 'pool', address: '10.0.0.1', port: 80 } as const;

function evidence(members: MemberTimeline[], leftovers: string[] = []): TestEvidence {
  const left = (id: string): LeftoverEvidence => ({ api: 'v2', poolId: 'pool', id, detail: 'still there' });
  const cost = { requests: {}, creates: 0, deletes: 0, members };
  const noResends = { requests: 0, resends: 0, waitedMs: 0 };
  return {
    failures: [],
    retried: [],
    leftovers: leftovers.map(left),
    cost: { ...cost, retries: noResends, busy: noResends },
  };
}

/** One member's life as tests recorded it, and the absence the ledger must give it. */
const ABSENCE_CASES: { name: string; tests: [CreatingTest, TestEvidence][]; absence: Absence }[] = [
  {
    name: 'a delete answered 204, then a read answered 404',
    tests: [
      [
        MAKER,
        evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 204, goneBy: 'read-404' }]),
      ],
    ],
    absence: 'read-404-after-delete',
  },
  {
    name: 'a read answered neither 200 nor 404, the listing lacked it',
    tests: [
      [
        MAKER,
        evidence([
          { id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 204, goneBy: 'listing-without-it' },
        ]),
      ],
    ],
    absence: 'listing-without-it',
  },
  {
    name: 'a delete answered 404, then a read answered 404',
    tests: [
      [
        MAKER,
        evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 404, goneBy: 'read-404' }]),
      ],
    ],
    absence: 'read-404-after-delete',
  },
  {
    name: 'a delete answered 404 and no read confirmed it: a 404 alone is no confirmation',
    tests: [[MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 404 }])]],
    absence: 'not-confirmed',
  },
  {
    name: 'still there after a delete answered 404',
    tests: [[MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 404 }], ['m'])]],
    absence: 'leftover',
  },
  {
    name: 'still there after a delete answered 204',
    tests: [[MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 204 }], ['m'])]],
    absence: 'leftover',
  },
  {
    name: 'a delete answered 204 and no confirmation came',
    tests: [[MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 204 }])]],
    absence: 'not-confirmed',
  },
  {
    name: 'never deleted',
    tests: [[MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1 }])]],
    absence: 'not-deleted',
  },
  {
    name: 'created by one test, deleted and confirmed by another: joined by id, credited to its maker',
    tests: [
      [OTHER, evidence([{ id: 'm', deletedAt: 5, deleteStatus: 204, goneBy: 'read-404' }])],
      [MAKER, evidence([{ id: 'm', ...PLACE, createdAt: 1 }])],
    ],
    absence: 'read-404-after-delete',
  },
];

for (const c of ABSENCE_CASES)
  harness(`ledger entry: ${c.name}`, () => {
    const ledger = new MemberLedger();
    for (const [test, recorded] of c.tests) ledger.add(test, [recorded]);
    const built = ledger.build(1);
    expect(built.members).toHaveLength(1);
    expect(built.members[0]).toMatchObject({ id: 'm', ...PLACE, test: MAKER, absence: c.absence });
    expect(built.members[0]!.createdAt).toBe(new Date(1).toISOString());
    expect(built.created).toBe(1);
  });

harness(
  'the ledger: by createdAt over tests and attempts, counts, foreign deletes left out, the peak as given',
  () => {
    const ledger = new MemberLedger();
    const retried = evidence(
      [{ id: 'late', ...PLACE, createdAt: 30, deletedAt: 31, deleteStatus: 204 }],
      ['late'],
    );
    ledger.add(MAKER, [
      evidence([{ id: 'b', ...PLACE, createdAt: 20, deletedAt: 25, deleteStatus: 204, goneBy: 'read-404' }]),
      retried,
    ]);
    ledger.add(OTHER, [
      evidence([
        { id: 'a', ...PLACE, createdAt: 10 },
        { id: 'foreign', deletedAt: 12, deleteStatus: 404 },
      ]),
    ]);
    const built = ledger.build(7);
    expect(built.members.map((m) => [m.id, m.test.title, m.absence])).toEqual([
      ['a', 'other', 'not-deleted'],
      ['b', 'maker', 'read-404-after-delete'],
      ['late', 'maker', 'leftover'],
    ]);
    expect([built.created, built.deleted, built.leftovers, built.unconfirmed, built.peakAlive]).toEqual([
      3, 1, 1, 1, 7,
    ]);
  },
);

/** Faults whose deletes keep the member, and what they answer: a read after the delete finds each member. */
const KEEPING_DELETES = [
  { fault: 'delete-noop', status: 204 },
  { fault: 'delete-404-keeps', status: 404 },
] as const;

/** The ids of the members whose creates the target answered 201 while the tests ran, as the proxy saw them. */
function createdIds(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter((r) => r.method === 'POST' && r.answer?.status === 201)
    .map((r) => {
      const body = JSON.parse(r.answer!.body) as { member?: { id?: string }; id?: string };
      return body.member?.id ?? body.id ?? '';
    });
}

function readReport(dir: string): ConformanceReport {
  const report = writtenReport(dir);
  expect(schemaErrors(report)).toEqual([]);
  return report;
}

const test = pageTest;

/** A run of GREP against a served reference server (with these faults) behind a recording proxy. */
async function proxiedRun(
  fixtures: Pick<HarnessFixtures, 'serveReference' | 'recordingProxy' | 'scratch' | 'runConformance'>,
  faults: string,
) {
  const served = await fixtures.serveReference(faults ? { REFERENCE_FAULTS: faults } : {});
  const proxy = await fixtures.recordingProxy(served.env.TARGET_URL!);
  const dir = fixtures.scratch('ledger');
  const reportDir = path.join(dir, 'report');
  const blobDir = path.join(dir, 'blob');
  const run = await fixtures.runConformance({ ...served.env, TARGET_URL: proxy.url }, ['--grep', GREP], {
    reportDir,
    blobDir,
  });
  return { run, proxy, dir, reportDir, blobDir, report: readReport(reportDir) };
}

test.describe('through a recording proxy', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the ledger lists exactly the members the target created, each deleted and confirmed gone; the page and a merged report show it', async ({
    serveReference,
    recordingProxy,
    scratch,
    runConformance,
    runNode,
    page,
  }) => {
    const { run, proxy, dir, reportDir, blobDir, report } = await proxiedRun(
      { serveReference, recordingProxy, scratch, runConformance },
      '',
    );
    expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const { ledger } = report;
    const created = createdIds(proxy.requests);
    expect(created.length).toBeGreaterThan(1);
    expect(ledger.members.map((m) => m.id).sort()).toEqual([...created].sort());
    expect(new Set(ledger.members.map((m) => m.api))).toEqual(new Set(['v2', 'v3']));
    for (const member of ledger.members) {
      expect(member.deletedAt, member.id).toBeDefined();
      expect(member.absence, member.id).toBe('read-404-after-delete');
      expect(member.test.requirements.length, member.id).toBe(1);
      expect(GREP.split('|')).toContain(member.test.requirements[0]);
      expect(`${member.address}:${member.port}`).toMatch(/^[\d.a-f:]+:\d+$/);
    }
    const times = ledger.members.map((m) => m.createdAt);
    expect(times).toEqual([...times].sort());
    expect([ledger.created, ledger.deleted, ledger.leftovers, ledger.unconfirmed]).toEqual([
      created.length,
      created.length,
      0,
      0,
    ]);
    expect(ledger.peakAlive).toBeGreaterThanOrEqual(1);
    expect(ledger.peakAlive).toBe(report.cost.peakMembersAlive);

    await page.goto(pathToFileURL(path.join(reportDir, 'conformance', 'index.html')).href);
    const section = page.locator('section#ledger');
    await expect(section.locator('h2')).toHaveText('Clean-up ledger');
    await expect(section.locator('.ledger-totals')).toHaveText(
      `${created.length} members created, ${created.length} deleted and confirmed gone, 0 left over (0 expected), peak ${ledger.peakAlive} alive at once`,
    );
    const rows = section.locator('tr[data-member]');
    await expect(rows).toHaveCount(created.length);
    await expect(rows.first()).toBeHidden(); // collapsed until opened
    await section.locator('details summary').click();
    await expect(rows.first()).toBeVisible();
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-member')))).sort()).toEqual(
      [...created].sort(),
    );

    const mergedDir = await mergeConformanceReports(runNode, blobDir, path.join(dir, 'merged'));
    expect(readReport(mergedDir).ledger).toEqual(ledger);
  });

  for (const { fault, status } of KEEPING_DELETES)
    test(`${fault}: every member is a leftover, named in leftovers, marked and first on the page`, async ({
      serveReference,
      recordingProxy,
      scratch,
      runConformance,
      page,
    }) => {
      const { run, proxy, reportDir, report } = await proxiedRun(
        { serveReference, recordingProxy, scratch, runConformance },
        fault,
      );
      expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(1);
      const { ledger } = report;
      const created = createdIds(proxy.requests);
      expect(ledger.members.map((m) => m.id).sort()).toEqual([...created].sort());
      for (const member of ledger.members) {
        expect(member.absence, member.id).toBe('leftover');
        expect(member.deleteStatus, member.id).toBe(status);
      }
      expect([ledger.created, ledger.deleted, ledger.leftovers]).toEqual([created.length, 0, created.length]);
      expect(report.leftovers.map((l) => l.id).sort()).toEqual([...created].sort());
      expect(report.run.verdict).toBe('incomplete');

      await page.goto(pathToFileURL(path.join(reportDir, 'conformance', 'index.html')).href);
      const section = page.locator('section#ledger');
      await expect(section.locator('.ledger-totals')).toContainText(
        `0 deleted and confirmed gone, ${created.length} left over (0 expected)`,
      );
      await expect(section.locator('tr[data-absence="leftover"] .mark')).toHaveCount(created.length);
    });
});

harness('the page: leftovers first and marked, then the unconfirmed, every text escaped', () => {
  const ledger = new MemberLedger();
  const hostile = '<img src=x onerror=alert(1)>';
  ledger.add({ ...MAKER, title: hostile }, [
    evidence(
      [
        { id: 'gone', ...PLACE, createdAt: 1, deletedAt: 2, deleteStatus: 204, goneBy: 'read-404' },
        { id: 'kept', ...PLACE, createdAt: 3 },
        { id: 'left', ...PLACE, address: hostile, createdAt: 4, deletedAt: 5, deleteStatus: 204 },
      ],
      ['left'],
    ),
  ]);
  const html = ledgerSection(ledger.build(2));
  const order = [...html.matchAll(/data-member="([^"]+)" data-absence="([^"]+)"/g)].map((m) => [m[1], m[2]]);
  expect(order).toEqual([
    ['left', 'leftover'],
    ['kept', 'not-deleted'],
    ['gone', 'read-404-after-delete'],
  ]);
  expect(html).toContain('<code>left</code> <span class="mark">left over</span>');
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).toContain(
    '3 members created, 1 deleted and confirmed gone, 1 left over (0 expected), 1 not confirmed gone, peak 2 alive at once',
  );
});
