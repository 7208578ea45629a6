/**
 * The clean-up guarantee under interruption (docs/cleanup.md): `npm run conformance` against a served target
 * is interrupted half-way, while members of its own are in the pools; when it has exited, the pools hold
 * exactly what they held before (the same members, field for field), and the exit code is 1. The report it
 * wrote fails nothing: the tests the interruption stopped leave their requirements inconclusive, the run
 * incomplete, and every reason is plain text.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { journalDir } from '../../src/cleanup/journal';
import { memberNamePrefix, runDir } from '../../src/run-identity';
import { readConformanceReport } from '../../src/runner/verdict';
import { expect, test } from './support/harness';
import { expectNoVerdict } from './support/no-verdict-run';
import { createMember, namedWith, snapshotPools } from './support/pools';

// One run at a time: two suites at once would only slow each other down on a small machine.
test.describe.configure({ mode: 'default' });

const EXIT_INTERRUPTED = 1;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`a run stopped with ${signal} removes every member it created before it exits`, async ({
    serveReference,
    spawnChild,
    scratch,
  }) => {
    const reportDir = scratch('report');
    // Every answer 100 ms late: a test whose member is in the pool is still running when the signal lands, not
    // already past its clean-up (a suite this fast can finish a test between seeing its member and the signal).
    const served = await serveReference({
      REFERENCE_CHOICES: 'foreign-members,latency',
      REFERENCE_LATENCY_MS: '100',
    });
    const before = await snapshotPools(served.env);
    expect(namedWith(before, 'conformance-')).toEqual([]);
    const id = randomBytes(4).toString('hex');
    const run = spawnChild(
      'npm',
      ['run', 'conformance', '--', '--reporter=list', `--output=${scratch('test-results')}`],
      {
        env: { ...served.env, CONFORMANCE_RUN_ID: id, CONFORMANCE_REPORT_DIR: reportDir },
      },
    );

    // Half-way: as soon as members of this run are in the pools.
    let own = 0;
    for (const deadline = Date.now() + 90_000; own === 0 && Date.now() < deadline;) {
      own = namedWith(await snapshotPools(served.env), memberNamePrefix(id)).length;
      if (own === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(own, `the run created no member in time:\n${run.output}`).toBeGreaterThan(0);
    const sentAt = Date.now();
    run.kill(signal);
    // `exited`, not `closed`: the run is over for its user when the process exits, whoever holds its output.
    const exitCode = await run.exited;
    test.info().annotations.push({ type: 'clean-up time', description: `${Date.now() - sentAt} ms` });

    expect(await snapshotPools(served.env), run.output.slice(-3000)).toEqual(before);
    expect(exitCode, run.output.slice(-3000)).toBe(EXIT_INTERRUPTED);
    const { stdout, stderr } = await run.closed;
    expect(run.output).toContain(`interrupted by ${signal}`);
    const report = readConformanceReport(reportDir);
    const stopped = (report?.requirements ?? [])
      .filter((r) => r.tests.some((t) => t.status === 'interrupted'))
      .map((r) => r.id);
    expect(stopped.length, 'no test was running when the run was interrupted').toBeGreaterThan(0);
    // A stopped test may have met a no-verdict of its own first (foreign-members writes to its pool while it
    // checks): either reason leaves its requirement inconclusive, never failed.
    expectNoVerdict({ exitCode, stdout, stderr, report, reportDir }, stopped, /interrupted|: no verdict: /);
  });
}

test('after the run, the runner removes what its tests left: by the run prefix, and by the journal', async ({
  serveReference,
  runProcess,
}) => {
  const { env } = await serveReference({ REFERENCE_CHOICES: 'foreign-members' });
  const before = await snapshotPools(env);
  const id = randomBytes(4).toString('hex');
  // As an interruption leaves them: a create whose 201 never arrived (only its name tells), a member of a
  // killed worker without the prefix (the journal has its id), and a create without the prefix sent but
  // never answered (the journal has its address, port and name). Beside them, others' look-alikes.
  const lost = await createMember(env, 'v2', {
    address: '192.168.251.1',
    protocol_port: 81,
    name: `${memberNamePrefix(id)}lost`,
  });
  const killed = await createMember(env, 'v3-other', { address: '120.10.251.1', protocol_port: 82 });
  const unanswered = await createMember(env, 'v2-other', {
    address: '192.168.251.3',
    protocol_port: 83,
    name: 'x',
  });
  const lookAlikes = [
    await createMember(env, 'v2', {
      address: '192.168.251.4',
      protocol_port: 81,
      name: 'conformance-other',
    }),
    await createMember(env, 'v2-other', { address: '192.168.251.3', protocol_port: 84, name: 'x' }),
    await createMember(env, 'v3', { address: '120.10.251.1', protocol_port: 82 }),
  ];
  const journal = journalDir(runDir(id));
  mkdirSync(journal, { recursive: true });
  writeFileSync(
    path.join(journal, 'killed-worker.jsonl'),
    [
      { event: 'created', id: killed, api: 'v3', poolId: env.TARGET_V3_OTHER_POOL_ID },
      { event: 'created', id: 'gone-already', api: 'v2', poolId: env.TARGET_V2_POOL_ID },
      {
        event: 'sent',
        ticket: 't1',
        api: 'v2',
        poolId: env.TARGET_V2_OTHER_POOL_ID,
        address: '192.168.251.3',
        port: 83,
        name: 'x',
      },
      {
        event: 'sent',
        ticket: 't2',
        api: 'v2',
        poolId: env.TARGET_V2_POOL_ID,
        address: '192.168.251.4',
        port: 81,
        name: 'y',
      },
    ]
      .map((entry) => JSON.stringify(entry))
      .join('\n') + '\n',
  );

  const run = await runProcess('npm', ['run', 'conformance', '--', '--reporter=dot', '--grep', 'V2-AUTH'], {
    ...env,
    CONFORMANCE_RUN_ID: id,
  });
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  for (const member of [lost, killed, unanswered]) expect(run.stderr).toContain(`member ${member}`);
  expect(run.stderr).toContain('removed 3 member(s) that this run had left in the pools');
  const after = await snapshotPools(env);
  const ids = Object.values(after)
    .flat()
    .map((m) => m.id);
  for (const member of lookAlikes) expect(ids).toContain(member);
  for (const member of [lost, killed, unanswered]) expect(ids).not.toContain(member);
  expect(Object.values(after).flat().length).toBe(Object.values(before).flat().length + lookAlikes.length);
});
