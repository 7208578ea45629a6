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

/** Optional settings: the cases each one's absence skips (with its reason), and a case of the same tests that runs. */
const OPTIONAL = [
  {
    unset: ['TARGET_V2_SUBNET_CIDR'],
    grep: 'V2-ADDRESS',
    reason: /TARGET_V2_SUBNET_CIDR is not set/,
    skipped: ['V2-ADDRESS-IN-SUBNET'],
    passed: 'V2-ADDRESS-FORMAT',
  },
  {
    unset: ['TARGET_V2_OTHER_POOL_ID'],
    grep: 'V2-DUPLICATE-SCOPE',
    reason: /TARGET_V2_OTHER_POOL_ID is not set/,
    skipped: ['V2-DUPLICATE-SCOPE'],
  },
  {
    unset: ['TARGET_V2_SUBNET6_ID'],
    grep: 'V2-SUBNET-IPV6',
    reason: /TARGET_V2_SUBNET6_ID is not set/,
    // One test per address family.
    skipped: ['V2-SUBNET-IPV6-REFUSED', 'V2-SUBNET-IPV6-REFUSED'],
  },
  {
    unset: ['TARGET_V3_UDP_POOL_ID'],
    grep: 'V3-IP-MEMBER-PROTOCOL',
    reason: /TARGET_V3_UDP_POOL_ID is not set/,
    skipped: ['V3-IP-MEMBER-PROTOCOL'],
  },
  {
    // The IPv4 case runs: the requirement passes, partly checked.
    unset: ['TARGET_V3_SUBNET6_ID', 'TARGET_V3_ADDRESS6_CIDR'],
    grep: 'V3-IP-VERSION',
    reason: /TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR are not set/,
    skipped: ['V3-IP-VERSION'],
    passed: 'V3-IP-VERSION',
  },
];

test('without an optional setting, the cases that need it are reported skipped with the reason, not left out', async ({
  servedTarget: served,
  runConformance,
}) => {
  const unset = Object.fromEntries(OPTIONAL.flatMap((o) => o.unset).map((name) => [name, '']));
  const run = await runConformance({ ...served.env, ...unset }, [
    '--grep',
    OPTIONAL.map((o) => o.grep).join('|'),
  ]);
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
  for (const { unset: names, reason, skipped, passed } of OPTIONAL) {
    expect(skippedWith(run, reason), `without ${names.join(', ')}`).toEqual(skipped);
    if (passed) expect(run.report?.requirements.find((r) => r.id === passed)?.status, passed).toBe('passed');
  }
  const partly = run.report?.requirements.find((r) => r.id === 'V3-IP-VERSION');
  expect(partly).toMatchObject({ reason: expect.stringMatching(/partly checked/) });
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
