/**
 * A shared cloud account: every pool already holds 5,000 members of another team, more than the largest page
 * (2000). The suite must read each listing whole (the allocator's reservation, v3 listings and filters, the
 * clean-up after the run), give the correct server its conforms and each listing fault exactly its verdict, and
 * stay fast: no walk of thousands of pages, no stream of whole listings. What went over the wire is read from a
 * recording proxy.
 */
import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { foreignMembersFromEnv } from '../../reference-server/src/index';
import { serveConfigFromEnv } from '../../reference-server/src/config';
import { failedRequirements } from '../../src/report/results';
import { configurationError } from '../../src/runner/run';
import { FAULT_VERDICTS } from './fault-catalogue';
import { runConformance } from './support/conformance-run';
import { snapshotPools } from './support/pools';
import { recordingProxy, type RecordedRequest } from './support/recording-proxy';
import { serveReference } from './support/served-target';

const FOREIGN_MEMBERS = 5000;

/**
 * A run id whose allocator starts on the port of foreign member 2009 (address index 2 + 401, port 80 + 2009),
 * which sits on the second page of a listing: a reservation that read only the first page would hand that pair
 * out and the create would get 409. (src/run.ts runSeed, src/target/allocator.ts: first port 1024 + seed % 20000.)
 */
function collidingRunId(): string {
  const seed = 2089 - 1024 + 20_000 * randomInt(200_000);
  return seed.toString(16).padStart(8, '0');
}

/** What the run sent, by kind: the listings are what a large pool makes expensive. */
function traffic(requests: readonly RecordedRequest[]) {
  const lists = (api: string) =>
    requests.filter((r) => r.method === 'GET' && new RegExp(`^/${api}/.*/members(\\?|$)`).test(r.path));
  const v3 = lists('v3');
  const limitOf = (r: RecordedRequest) => new URL(r.path, 'http://x').searchParams.get('limit');
  return {
    requests: requests.length,
    v2Listings: lists('v2.0').length,
    v3Listings: v3.length,
    /** A whole v3 listing starts with a request without limit. */
    v3WholeListings: v3.filter((r) => limitOf(r) === null).length,
    v3FullPages: v3.filter((r) => limitOf(r) === null || limitOf(r) === '2000').length,
  };
}

const RUNS: { fault?: string; project?: string }[] = [
  {},
  // A page that skips the member after its marker: walks, and the listings read past 2000.
  { fault: 'v3-page-skips-one', project: 'v3' },
  // Filters OR-ed: filtered listings of thousands, read whole and walked.
  { fault: 'v3-filter-params-ored', project: 'v3' },
  // A marker applied without limit: the whole listing it must leave unchanged spans three pages.
  { fault: 'v3-marker-without-limit-applied', project: 'v3' },
];

test.describe.configure({ mode: 'default', timeout: 20 * 60_000 });

for (const { fault, project } of RUNS) {
  const verdict = fault ? FAULT_VERDICTS[fault] : undefined;
  const title = fault
    ? `with ${FOREIGN_MEMBERS} foreign members per pool, fault ${fault} fails exactly ${verdict?.catches.join(', ')}`
    : `with ${FOREIGN_MEMBERS} foreign members per pool, the correct server conforms and the pools end as they began`;
  test(title, async () => {
    const served = await serveReference({
      REFERENCE_CHOICES: 'foreign-members',
      REFERENCE_FOREIGN_MEMBERS: String(FOREIGN_MEMBERS),
      ...(fault ? { REFERENCE_FAULTS: fault } : {}),
    });
    const proxy = await recordingProxy(served.env.TARGET_URL!);
    try {
      const before = await snapshotPools(served.env);
      // (Read by a plain walk, which a paging fault misleads as much before the run as after it.)
      if (!fault) for (const members of Object.values(before)) expect(members).toHaveLength(FOREIGN_MEMBERS);
      const started = Date.now();
      const run = await runConformance(
        {
          ...served.env,
          TARGET_URL: proxy.url,
          CONFORMANCE_WORKERS: '1',
          CONFORMANCE_RUN_ID: collidingRunId(),
        },
        project ? ['--project', project] : [],
      );
      const seconds = (Date.now() - started) / 1000;
      const sent = traffic(proxy.requests);
      const figures = `${seconds.toFixed(0)} s; ${JSON.stringify(sent)}`;
      test.info().annotations.push({ type: 'figures', description: figures });
      console.log(`${title}: ${figures}`);

      const failed = failedRequirements(run.outcomes);
      if (!verdict) {
        expect(failed, run.stdout.slice(-3000)).toEqual([]);
        expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
        expect(run.outcomes.filter((o) => o.status === 'skipped').map((o) => o.title)).toEqual([]);
      } else {
        expect(run.exitCode).toBe(1);
        for (const id of verdict.catches)
          expect(failed, `${id} must fail\n${run.stdout.slice(-2000)}`).toContain(id);
        const allowed = new Set([...verdict.catches, ...(verdict.collateral ?? [])]);
        const errors = run.outcomes
          .filter((o) => o.status === 'failed')
          .map((o) => `${o.title}: ${o.errors[0]?.split('\n')[0] ?? ''}`);
        expect(
          failed.filter((id) => !allowed.has(id)),
          errors.join('\n'),
        ).toEqual([]);
      }
      // Whatever the run created is gone again, and none of the others' members was touched.
      expect(await snapshotPools(served.env)).toEqual(before);
      // A whole listing is three pages here: a test may take one per case it checks, not one per page it walks.
      const v3Tests = run.outcomes.filter((o) => o.project === 'v3').length;
      expect(sent.v3WholeListings).toBeLessThan(v3Tests * 40);
    } finally {
      await proxy.close();
      await served.stop();
    }
  });
}

test('REFERENCE_FOREIGN_MEMBERS sets the count, and a bad value is an error that names it', () => {
  const choices = ['foreign-members'];
  expect(foreignMembersFromEnv({}, choices)).toEqual({ ok: true, count: 25 });
  expect(foreignMembersFromEnv({ REFERENCE_FOREIGN_MEMBERS: '5000' }, choices)).toEqual({
    ok: true,
    count: 5000,
  });
  for (const bad of ['-1', '5k', '1e3', ' 5', '50001', '9999999']) {
    expect(foreignMembersFromEnv({ REFERENCE_FOREIGN_MEMBERS: bad }, choices)).toMatchObject({
      ok: false,
      variable: 'REFERENCE_FOREIGN_MEMBERS',
    });
    expect(
      serveConfigFromEnv({ REFERENCE_CHOICES: 'foreign-members', REFERENCE_FOREIGN_MEMBERS: bad }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^REFERENCE_FOREIGN_MEMBERS: /) });
  }
  // Without the choice it would change nothing: said so rather than ignored.
  expect(foreignMembersFromEnv({ REFERENCE_FOREIGN_MEMBERS: '5000' }, [])).toMatchObject({
    ok: false,
    problem: expect.stringMatching(/REFERENCE_CHOICES/),
  });
  expect(
    configurationError({
      env: { REFERENCE_CHOICES: 'foreign-members', REFERENCE_FOREIGN_MEMBERS: 'many' },
      args: [],
      program: 'conformance',
    }),
  ).toMatch(/^REFERENCE_FOREIGN_MEMBERS: expected a number of members per pool/);
});
