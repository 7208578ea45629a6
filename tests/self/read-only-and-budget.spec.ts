/**
 * TARGET_READ_ONLY=1 and TARGET_MAX_WRITES=N against a served reference server, with a recording proxy in
 * between: what the suite sent is read from the wire, not from the suite's own bookkeeping.
 */
import { type RunResult, requirementsWith } from './support/conformance-run';
import { expect, test } from './support/harness';
import { snapshotPools } from './support/pools';

function outcomesOf(run: RunResult, project: string) {
  return run.outcomes.filter((o) => o.project === project);
}

test.describe('TARGET_READ_ONLY=1', () => {
  test('sends only GET requests, skips what needs writes, and checks the rest on what the pools hold', async ({
    serveReference,
    recordingProxy,
    runConformance,
  }) => {
    const served = await serveReference({ REFERENCE_CHOICES: 'foreign-members' });
    const proxy = await recordingProxy(served.env.TARGET_URL!);
    const before = await snapshotPools(served.env);
    const run = await runConformance({ ...served.env, TARGET_URL: proxy.url, TARGET_READ_ONLY: '1' });
    expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);

    expect(proxy.requests.length).toBeGreaterThan(100);
    expect(proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await snapshotPools(served.env)).toEqual(before);

    // Every v2.0 requirement but V2-PATH-UNKNOWN (reads of paths that name nothing) needs a create: all the
    // others skipped, each saying why.
    const v2 = outcomesOf(run, 'v2');
    expect(v2.filter((o) => o.status === 'passed').map((o) => o.title)).toEqual([
      expect.stringMatching(/^V2-PATH-UNKNOWN/),
    ]);
    for (const outcome of v2.filter((o) => !o.title.startsWith('V2-PATH-UNKNOWN'))) {
      expect(outcome.status).toBe('skipped');
      expect(outcome.annotations.map((a) => a.description).join()).toMatch(/TARGET_READ_ONLY=1/);
    }

    // v3: only the cases that must create a member are skipped; the walks and filters run on the 25 foreign
    // members of the pool.
    const v3 = outcomesOf(run, 'v3');
    const skipped = v3.filter((o) => o.status === 'skipped').map((o) => o.title);
    expect(skipped).toEqual([
      expect.stringMatching(/^V3-IP-MEMBER-PROTOCOL/),
      expect.stringMatching(/^V3-DELETE-GONE/),
      expect.stringMatching(/^V3-DUPLICATE-REJECTED/),
      expect.stringMatching(/^V3-CREATE-INVALID/),
      expect.stringMatching(/^V3-CREATED-DEFAULTS/),
      expect.stringMatching(/^V3-LISTED-AS-SENT/),
      expect.stringMatching(/^V3-CREATED-TIME/),
      expect.stringMatching(/^V3-IP-MEMBER-IPV4 an IPv6 member is listed/),
      expect.stringMatching(/^V3-IP-MEMBER-IPV4 a create of an IPv6 address/),
      expect.stringMatching(/^V3-SUBNET-ADDRESS/),
      expect.stringMatching(/^V3-MARKER-INVALID the id of a member of another pool/),
      expect.stringMatching(/^V3-POOL-ISOLATION/),
      expect.stringMatching(/^V3-METHOD-REFUSED/),
    ]);
    expect(v3.filter((o) => o.status !== 'skipped' && o.status !== 'passed')).toEqual([]);
    const onHeld = v3.filter((o) =>
      o.annotations.some((a) => a.type === 'read-only' && /against the 25 member/.test(a.description ?? '')),
    );
    expect(new Set(onHeld.flatMap((o) => o.requirements))).toEqual(
      new Set([
        'V3-LIST-SHAPE',
        'V3-IP-VERSION',
        'V3-LISTED-PROJECT',
        'V3-MARKER-WITHOUT-LIMIT',
        'V3-PAGE-INFO',
        'V3-WALK-FORWARD',
        'V3-STABLE-ORDER',
        'V3-MARKER-CONTINUITY',
        'V3-WALK-BACKWARD',
        'V3-REVERSE-DEFAULT',
        'V3-REVERSE-VALUES',
        'V3-FILTER-MATCH',
        'V3-FILTER-REPEATED',
        'V3-FILTER-COMBINED',
        'V3-FILTER-PAGINATED',
      ]),
    );
  });

  test('a read-only walk still catches a paging bug in what the pool holds', async ({
    serveReference,
    runConformance,
  }) => {
    const faulty = await serveReference({
      REFERENCE_CHOICES: 'foreign-members',
      REFERENCE_FAULTS: 'v3-page-skips-one',
    });
    const run = await runConformance({ ...faulty.env, TARGET_READ_ONLY: '1' }, ['--grep', 'V3-WALK-FORWARD']);
    expect(run.exitCode).toBe(1);
    expect(run.outcomes.filter((o) => o.status === 'failed').flatMap((o) => o.requirements)).toEqual([
      'V3-WALK-FORWARD',
    ]);
  });

  test('with an empty pool the member-dependent checks are skipped and say why, and the run does not conform', async ({
    servedTarget: empty,
    runConformance,
  }) => {
    const run = await runConformance({ ...empty.env, TARGET_READ_ONLY: '1' }, ['--grep', 'V3-WALK-FORWARD']);
    // Nothing was checked, so nothing is known: never `conforms`, never exit 0.
    expect(run.report?.run.verdict).toBe('incomplete');
    expect(run.exitCode).toBe(1);
    expect(run.outcomes.map((o) => o.status)).toEqual(['skipped']);
    expect(run.outcomes[0]?.annotations.map((a) => a.description).join()).toMatch(
      /TARGET_V3_POOL_ID holds no member/,
    );
  });
});

test.describe('TARGET_MAX_WRITES', () => {
  test('two workers together send exactly N creates, then fail loudly instead of sending more', async ({
    servedTarget: served,
    recordingProxy,
    runConformance,
  }) => {
    const proxy = await recordingProxy(served.env.TARGET_URL!);
    const before = await snapshotPools(served.env);
    const run = await runConformance(
      { ...served.env, TARGET_URL: proxy.url, TARGET_MAX_WRITES: '7', CONFORMANCE_WORKERS: '2' },
      ['--project', 'v2', '--grep', 'V2-WEIGHT|V2-PORT'],
    );
    expect(run.exitCode).toBe(1);
    const creates = proxy.requests.filter((r) => r.method === 'POST' && /\/members$/.test(r.path));
    expect(creates).toHaveLength(7);
    const failed = run.outcomes.filter((o) => o.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of failed)
      expect(outcome.errors.join('\n')).toMatch(/no verdict: TARGET_MAX_WRITES=7/);
    // A create the budget forbade says nothing about the target: inconclusive, never a failed requirement.
    expect(requirementsWith(run.report, 'failed')).toEqual([]);
    expect(requirementsWith(run.report, 'inconclusive').length).toBeGreaterThan(0);
    // Clean-up deletes are not creates: they still run, and the pools are left as they were.
    expect(await snapshotPools(served.env)).toEqual(before);
  });
});
