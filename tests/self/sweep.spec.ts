/**
 * `npm run sweep` (docs/cleanup.md): removes the members named `conformance-…` from the configured pools,
 * whole pools page after page, and nothing else; --dry-run removes nothing; configuration errors exit 2.
 */
import { DEFAULTS } from '../../reference-server/src/index';
import type { ProcessResult } from './support/child-process';
import { expect, test as harness } from './support/harness';
import { createMember, namedWith, snapshotPools, type PoolKey, type PoolSnapshot } from './support/pools';

const test = harness.extend<{
  sweep: (env: Record<string, string>, args?: string[]) => Promise<ProcessResult>;
}>({
  sweep: async ({ runProcess }, use) => {
    await use((env, args = []) => runProcess('npm', ['run', '--silent', 'sweep', '--', ...args], env));
  },
});

test.describe.configure({ mode: 'default' });

// Over two pages of others' members in two pools, so that leftovers sit on later pages too.
test.use({
  servedTargetEnv: {
    REFERENCE_CHOICES: 'foreign-members',
    REFERENCE_PRELOAD: `${DEFAULTS.v2PoolId}=1200,${DEFAULTS.v3PoolId}=1200`,
  },
});

/** Leftovers of earlier runs in every pool, and members of others whose names only look alike. */
async function leave(env: Record<string, string>): Promise<{ leftovers: string[]; others: string[] }> {
  const leftovers: string[] = [];
  const others: string[] = [];
  const pools: [PoolKey, string, string][] = [
    ['v2', '192.168.250', 'TARGET_V2'],
    ['v2-other', '192.168.250', 'TARGET_V2'],
    ['v3', '120.10.250', 'TARGET_V3'],
    ['v3-other', '120.10.250', 'TARGET_V3'],
  ];
  for (const [pool, net] of pools) {
    for (let i = 1; i <= 4; i++)
      leftovers.push(
        await createMember(env, pool, {
          address: `${net}.${i}`,
          protocol_port: 7000 + i,
          name: `conformance-old${i}-${net}.${i}-${7000 + i}`,
        }),
      );
    for (const [i, name] of ['Conformance-old', 'conformance', 'my-conformance-old', ''].entries())
      others.push(
        await createMember(env, pool, { address: `${net}.${20 + i}`, protocol_port: 7100 + i, name }),
      );
  }
  return { leftovers, others };
}

function without(snapshot: PoolSnapshot, ids: readonly string[]): PoolSnapshot {
  const gone = new Set(ids);
  return Object.fromEntries(
    Object.entries(snapshot).map(([pool, members]) => [pool, members.filter((m) => !gone.has(m.id))]),
  ) as PoolSnapshot;
}

test('npm run sweep removes the conformance- members of every configured pool and nothing else', async ({
  servedTarget: served,
  sweep,
}) => {
  const { leftovers, others } = await leave(served.env);
  const before = await snapshotPools(served.env);
  expect(
    namedWith(before, 'conformance-')
      .map((m) => m.id)
      .sort(),
  ).toEqual([...leftovers].sort());

  const dry = await sweep(served.env, ['--dry-run']);
  expect(dry.exitCode, dry.stderr).toBe(0);
  for (const id of leftovers) expect(dry.stdout).toContain(id);
  expect(dry.stdout).toContain(`would remove ${leftovers.length} member(s)`);
  expect(await snapshotPools(served.env)).toEqual(before);

  const run = await sweep(served.env);
  expect(run.exitCode, run.stderr).toBe(0);
  for (const id of leftovers) expect(run.stdout).toMatch(new RegExp(`^removed .*member ${id} `, 'm'));
  for (const id of others) expect(run.stdout).not.toContain(id);
  expect(run.stdout).toContain(`removed ${leftovers.length} member(s)`);
  expect(await snapshotPools(served.env)).toEqual(without(before, leftovers));

  const again = await sweep(served.env);
  expect(again.stdout).toContain('removed 0 member(s)');
});

test('npm run sweep is a configuration error (exit 2, naming the variable) without a target to sweep', async ({
  servedTarget: served,
  sweep,
}) => {
  const noUrl = await sweep({ ...served.env, TARGET_URL: '' });
  expect(noUrl.exitCode).toBe(2);
  expect(noUrl.stderr).toContain('TARGET_URL');

  const readOnly = await sweep({ ...served.env, TARGET_READ_ONLY: '1' });
  expect(readOnly.exitCode).toBe(2);
  expect(readOnly.stderr).toContain('TARGET_READ_ONLY');

  const badPool = await sweep({ ...served.env, TARGET_V3_OTHER_POOL_ID: served.env.TARGET_V3_POOL_ID ?? '' });
  expect(badPool.exitCode).toBe(2);
  expect(badPool.stderr).toContain('TARGET_V3_OTHER_POOL_ID');
});

test('against a target whose deletes keep the member, the sweep and the runner name each one left and exit 1', async ({
  serveReference,
  runProcess,
  sweep,
}) => {
  const { env } = await serveReference({ REFERENCE_FAULTS: 'delete-noop' });
  const kept = [
    await createMember(env, 'v2', {
      address: '192.168.250.1',
      protocol_port: 7001,
      name: 'conformance-old1',
    }),
    await createMember(env, 'v3-other', {
      address: '120.10.250.1',
      protocol_port: 7001,
      name: 'conformance-old2',
    }),
  ];
  const run = await sweep(env);
  expect(run.exitCode, run.stdout + run.stderr).toBe(1);
  for (const id of kept)
    expect(run.stderr).toMatch(
      new RegExp(
        `^could not remove .*member ${id} .*: its delete answered 204, yet a read of it still answers 200`,
        'm',
      ),
    );
  expect(run.stdout).toContain('removed 0 member(s); 2 could not be removed');

  // A conformance run against it: what its test's deletes left is named, and the removal after the run fails.
  const conformance = await runProcess(
    'npm',
    ['run', 'conformance', '--', '--reporter=dot', '--grep', 'V3-POOL-ISOLATION'],
    env,
  );
  expect(conformance.exitCode, conformance.stderr).toBe(1);
  expect(conformance.stderr).toMatch(
    /^conformance: leftover: v3 pool \S+: member \S+ 120\.10\.[\d.]+:\d+: its delete answered 204/m,
  );
  expect(conformance.stderr).toMatch(/^conformance: could not remove v3 pool /m);
});
