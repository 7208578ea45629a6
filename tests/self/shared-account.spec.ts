/**
 * A shared cloud account: every pool already holds 4,001 members of another team, two of the largest pages
 * (2000) and one more, so that a whole listing is three pages. The suite must read each listing whole (the
 * allocator's reservation, v3 listings and filters, the clean-up after the run), give the correct server its
 * conforms and each listing fault exactly its verdict, and stay fast: no walk of thousands of pages, no stream of
 * whole listings. What went over the wire is read from a recording proxy.
 */
import { randomInt } from 'node:crypto';
import { allowedFailures, faultRow } from '../../reference-server/modes/faults';
import { foreignMembersFromEnv } from '../../reference-server/src/index';
import { serveConfigFromEnv } from '../../reference-server/src/config';
import { ConformanceFailure } from '../../src/http/failure';
import { NoVerdict } from '../../src/http/no-verdict';
import { configurationError } from '../../src/runner/run';
import { requirementsWith } from './support/conformance-run';
import { expect, test } from './support/harness';
import { member, pagedPool } from './support/paged-pool';
import { snapshotPools } from './support/pools';
import type { RecordedRequest } from './support/recording-proxy';

const FOREIGN_MEMBERS = 4001;

/**
 * A run id whose allocator starts on the port of foreign member 2009 (address index 2 + 401, port 80 + 2009),
 * which sits on the second page of a listing: a reservation that read only the first page would hand that pair
 * out and the create would get 409. (src/run-identity.ts runSeed, src/target/allocator.ts: first port 1024 + seed % 20000.)
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
  const verdict = fault ? faultRow(fault) : undefined;
  const title = fault
    ? `with ${FOREIGN_MEMBERS} foreign members per pool, fault ${fault} fails some of ${verdict?.catches.join(', ')} and nothing else`
    : `with ${FOREIGN_MEMBERS} foreign members per pool, the correct server conforms and the pools end as they began`;
  test(title, async ({ serveReference, recordingProxy, runConformance }) => {
    const served = await serveReference({
      REFERENCE_CHOICES: 'foreign-members',
      REFERENCE_FOREIGN_MEMBERS: String(FOREIGN_MEMBERS),
      ...(fault ? { REFERENCE_FAULTS: fault } : {}),
    });
    const proxy = await recordingProxy(served.env.TARGET_URL!);
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
        // A fault's catch rests on fixed examples (as in tests/self/faults.spec.ts): 5 property runs, where each
        // case may read listings of thousands of members.
        ...(fault ? { CONFORMANCE_RUNS: '5' } : {}),
      },
      project ? ['--project', project] : [],
    );
    const seconds = (Date.now() - started) / 1000;
    const sent = traffic(proxy.requests);
    const figures = `${seconds.toFixed(0)} s; ${JSON.stringify(sent)}`;
    test.info().annotations.push({ type: 'figures', description: figures });
    console.log(`${title}: ${figures}`);

    const failed = requirementsWith(run.report, 'failed');
    if (!verdict) {
      expect(failed, run.stdout.slice(-3000)).toEqual([]);
      expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
      expect(run.outcomes.filter((o) => o.status === 'skipped').map((o) => o.title)).toEqual([]);
    } else {
      expect(run.exitCode).toBe(1);
      // A check that would have to walk every page of thousands of members is bounded here (WALK_PAGES): it may
      // end without a verdict rather than fail, so the fault must fail some of its requirements, and no other.
      const caught = verdict.catches.filter((id) => failed.includes(id));
      expect(
        caught.length,
        `none of ${verdict.catches.join(', ')} failed\n${run.stdout.slice(-2000)}`,
      ).toBeGreaterThan(0);
      expect(run.report?.run.verdict).toBe('does-not-conform');
      test.info().annotations.push({ type: 'caught', description: caught.join(', ') });
      const allowed = allowedFailures(verdict);
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
    ).toMatchObject({ ok: false, variable: 'REFERENCE_FOREIGN_MEMBERS' });
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

test.describe('a v3 listing of more than 2000 members', () => {
  const messageOf = (run: Promise<unknown>) =>
    run.then(
      () => 'no error',
      (error: Error) => error.message,
    );

  test('is read whole, each page from the next-to-last member seen, filters kept', async () => {
    const pool = pagedPool(4500);
    const listed = await pool.v3().listing();
    expect(listed.map((m) => m.id)).toEqual(pool.members.map((m) => m.id));
    expect(pool.listings).toEqual([
      {},
      { limit: 2000, marker: 'm-01998' },
      { limit: 2000, marker: 'm-03997' },
    ]);
    pool.listings.length = 0;
    const even = await pool.v3().page({ name: ['even'], marker: 'm-00010' });
    expect(even.members.map((m) => m.id)).toEqual(
      pool.members.filter((m) => m.name === 'even').map((m) => m.id),
    );
    expect(pool.listings).toEqual([
      { name: ['even'], marker: 'm-00010' },
      { name: ['even'], limit: 2000, marker: 'm-03996' },
    ]);
    // With limit the caller asked for one page: one page it gets.
    expect((await pool.v3().page({ limit: 2000 })).members).toHaveLength(2000);
  });

  test('that skips or repeats a member after a marker breaks V3-MARKER-CONTINUITY; in a walk test, its own rule', async () => {
    for (const shift of [1, -1]) {
      const pool = pagedPool(4500);
      pool.shift = shift;
      const message = await messageOf(pool.v3().listing());
      expect(message).toMatch(
        /^\[V3-MARKER-CONTINUITY\] reading the listing past its first page: the page after marker m-01998/,
      );
      for (const own of ['V3-WALK-FORWARD', 'V3-MARKER-CONTINUITY']) {
        const mine = await messageOf(pool.v3([own]).listing());
        expect(mine).toMatch(/^reading the listing past its first page/);
      }
    }
  });

  test('that changes between two pages has no verdict: a member gone, or one added between neighbours', async () => {
    const removed = pagedPool(4500);
    removed.betweenPages = () => void removed.members.splice(1999, 1);
    await expect(removed.v3().listing()).rejects.toBeInstanceOf(NoVerdict);

    const added = pagedPool(4500);
    added.betweenPages = () => {
      if (added.members.length === 4500) added.members.splice(1999, 0, member(9999));
    };
    await expect(added.v3().listing()).rejects.toBeInstanceOf(NoVerdict);
  });

  test('whileStable: a failure counts only on a pool that stayed the same; changing every time, no verdict', async () => {
    const pool = pagedPool(2500);
    expect(await pool.v3().whileStable(async (full) => full.length)).toBe(2500);
    expect(pool.listings).toHaveLength(2); // one whole listing: a pass needs no second

    const stable = await messageOf(
      pool.v3().whileStable(async () => {
        throw new ConformanceFailure('the check failed');
      }),
    );
    expect(stable).toBe('the check failed');

    let n = 10_000;
    const changing = pool.v3().whileStable(async () => {
      pool.members.push(member(n++));
      throw new ConformanceFailure('the check failed');
    });
    await expect(changing).rejects.toBeInstanceOf(NoVerdict);
    expect(await messageOf(changing)).toMatch(
      /the pool changed during each of 3 attempts .*the check failed/,
    );
  });
});
