/**
 * The self-tests' own harness (support/harness.ts, support/child-process.ts): a child is stopped when its test
 * ends, even one that ignores SIGTERM; a run gives its exit code and output, or why it could not start; no
 * variable that steers a run reaches a child unasked; scratch folders are new, empty and the test's own.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChildProcesses } from './support/child-process';
import { expect, test } from './support/harness';

/** A node program that prints `started` and then runs until it is killed (with SIGKILL, when `stubborn`). */
const runsForever = (stubborn = false): string[] => [
  '-e',
  `${stubborn ? "process.on('SIGTERM', () => {});" : ''} console.log('started'); setInterval(() => {}, 1000);`,
];

const isRunning = (pid: number | undefined): boolean => {
  try {
    process.kill(pid ?? 0, 0);
    return true;
  } catch {
    return false;
  }
};

test('stopAll ends the children still running: SIGTERM, and SIGKILL for one that ignores it', async () => {
  const processes = new ChildProcesses();
  const polite = processes.start(process.execPath, runsForever());
  const stubborn = processes.start(process.execPath, runsForever(true));
  const done = processes.start(process.execPath, ['-e', '']);
  await Promise.all([polite.printed('started'), stubborn.printed('started'), done.exited]);
  await processes.stopAll();
  expect([isRunning(polite.pid), isRunning(stubborn.pid)]).toEqual([false, false]);
  expect((await polite.closed).exitCode).toBeNull();
  expect((await done.closed).exitCode).toBe(0);
});

test.describe('a child still running when its test ends', () => {
  test.describe.configure({ mode: 'serial' });
  let pid: number | undefined;

  test('is left running by the test', async ({ spawnChild }) => {
    const child = spawnChild(process.execPath, runsForever());
    await child.printed('started');
    pid = child.pid;
    expect(isRunning(pid)).toBe(true);
  });

  test('is stopped by the teardown', () => {
    expect(pid).toBeDefined();
    expect(isRunning(pid)).toBe(false);
  });
});

test('a run gives its exit code and what it wrote where; a program that cannot start says why', async ({
  runNode,
  runProcess,
}) => {
  const run = await runNode(['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
  expect(run).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  const missing = await runProcess('no-such-program-here', []);
  expect(missing.exitCode).toBeNull();
  expect(missing.error).toMatchObject({ code: 'ENOENT' });
});

test('printed rejects, with what the child wrote, when it exits before the line', async ({ spawnChild }) => {
  const child = spawnChild(process.execPath, ['-e', 'console.log("not yet"); console.error("gave up")']);
  await expect(child.printed('ready')).rejects.toThrow(
    /exited with 0 before printing "ready":\s+not yet\s+gave up/,
  );
});

test.describe('the environment', () => {
  test.describe.configure({ mode: 'serial' });

  test('a child gets the variables it is given, and none of those that steer a run unasked', async ({
    setEnv,
    runNode,
  }) => {
    setEnv({ TARGET_URL: 'http://127.0.0.1:1', REFERENCE_FAULTS: 'delete-noop', HARNESS_PLAIN: 'kept' });
    const run = await runNode(
      [
        '-e',
        'const e = process.env; console.log(JSON.stringify([e.TARGET_URL, e.REFERENCE_FAULTS, e.HARNESS_PLAIN, e.GIVEN]))',
      ],
      { GIVEN: 'given' },
    );
    expect(JSON.parse(run.stdout)).toEqual([null, null, 'kept', 'given']);
  });

  test('setEnv gives the variables back when the test ends', () => {
    expect([process.env.TARGET_URL, process.env.HARNESS_PLAIN]).toEqual([undefined, undefined]);
  });
});

test('scratch folders are new, empty and inside the test’s output folder', ({ scratch }, testInfo) => {
  const first = scratch('run');
  writeFileSync(path.join(first, 'file'), 'x');
  const second = scratch('run');
  expect(second).not.toBe(first);
  expect(readdirSync(second)).toEqual([]);
  for (const dir of [first, second, scratch()]) {
    expect(existsSync(dir)).toBe(true);
    expect(path.relative(testInfo.outputDir, dir)).not.toMatch(/^\.\./);
  }
});
