/**
 * The suite pointed at a target by TARGET_* alone, as a vendor or a CI gate does: here a reference server set up
 * as `npm run serve` sets one up (support/served-target.ts).
 */
import type { RunResult } from './support/conformance-run';
import { expect, test } from './support/harness';
import { snapshotPools } from './support/pools';

function skippedWith(run: RunResult, reason: RegExp): string[] {
  return run.outcomes
    .filter((o) => o.status === 'skipped' && o.annotations.some((a) => reason.test(a.description ?? '')))
    .flatMap((o) => o.requirements);
}

test('a run against a served target passes, and leaves its pools as it found them', async ({
  servedTarget: served,
  runConformance,
}) => {
  const before = await snapshotPools(served.env);
  const run = await runConformance(served.env);
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
  expect(run.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
  expect(await snapshotPools(served.env)).toEqual(before);
});

test('without TARGET_V2_SUBNET_CIDR the outside-the-subnet case is skipped and says why', async ({
  servedTarget: served,
  runConformance,
}) => {
  const run = await runConformance({ ...served.env, TARGET_V2_SUBNET_CIDR: '' }, ['--grep', 'V2-ADDRESS']);
  expect(run.exitCode).toBe(0);
  expect(skippedWith(run, /TARGET_V2_SUBNET_CIDR is not set/)).toEqual(['V2-ADDRESS-IN-SUBNET']);
  expect(run.outcomes.find((o) => o.requirements.includes('V2-ADDRESS-FORMAT'))?.status).toBe('passed');
});

test('without TARGET_V2_OTHER_POOL_ID the cross-pool case is skipped and says why', async ({
  servedTarget: served,
  runConformance,
}) => {
  const run = await runConformance({ ...served.env, TARGET_V2_OTHER_POOL_ID: '' }, [
    '--grep',
    'V2-DUPLICATE-SCOPE',
  ]);
  expect(run.exitCode).toBe(0);
  expect(skippedWith(run, /TARGET_V2_OTHER_POOL_ID is not set/)).toEqual(['V2-DUPLICATE-SCOPE']);
});

test("a v2.0 run without TARGET_PROJECT_ID skips the tenant_id default, says why, and still refuses another project's", async ({
  servedTarget: served,
  runConformance,
}) => {
  const v2Only = Object.fromEntries(
    Object.keys(served.env)
      .filter((name) => name.startsWith('TARGET_V3_') || name === 'TARGET_PROJECT_ID')
      .map((name) => [name, '']),
  );
  const run = await runConformance({ ...served.env, ...v2Only }, ['--grep', 'V2-TENANT-ID']);
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
  expect(skippedWith(run, /TARGET_PROJECT_ID is not set/)).toEqual(['V2-TENANT-ID-DEFAULT']);
  expect(run.outcomes.find((o) => o.requirements.includes('V2-TENANT-ID-FOREIGN'))?.status).toBe('passed');
});

test('without an IPv6 subnet the IPv6 cases are reported skipped with the reason, not left out', async ({
  servedTarget: served,
  runConformance,
}) => {
  const run = await runConformance({ ...served.env, TARGET_V3_SUBNET6_ID: '', TARGET_V3_ADDRESS6_CIDR: '' }, [
    '--grep',
    'V3-IP-VERSION',
  ]);
  expect(run.exitCode).toBe(0);
  expect(skippedWith(run, /TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR are not set/)).toEqual([
    'V3-IP-VERSION',
  ]);
  const requirement = run.report?.requirements.find((r) => r.id === 'V3-IP-VERSION');
  expect(requirement).toMatchObject({ status: 'passed', reason: expect.stringMatching(/partly checked/) });
});
