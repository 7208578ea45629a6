/**
 * Failures must be readable and reproducible: the requirement, the request (token redacted), the response,
 * the JSON pointer that broke the schema, and the fast-check seed and path, whose replay line really replays.
 * Three kinds of failure are pinned as the user reads them, in the terminal and in conformance.json
 * (failure-messages.spec.ts-snapshots/); `-u` rewrites the snapshots after a deliberate change of layout.
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import { expect, test } from './support/harness';
import type { ReportedFailure } from '../../src/reporter/model';
import type { ConformanceRunner, RunResult } from './support/conformance-run';
import { ROOT } from './support/paths';
import type { TestOutcome } from './support/playwright-json';
import { stableText } from './support/stable-text';

test.describe.configure({ mode: 'parallel' });

const TOKEN = 'tok-Distinctive-7f3a9c';

/**
 * A run id of its own (runs of this spec never share a run folder), whose member ports are still the same in
 * every run: the allocator starts a run's ports at 1024 + runSeed(id) % 20000 (src/target/allocator.ts).
 */
function runIdWithFixedPorts(): string {
  const firstPortOffset = 6976;
  return (firstPortOffset + 20_000 * randomInt(200_000)).toString(16).padStart(8, '0');
}

interface FailureKind {
  /** The snapshot's name. */
  name: string;
  /** The requirement the failure counts against in conformance.json. */
  requirement: string;
  faults: string;
  /** Selects the one test that fails. */
  grep: string;
  env?: Record<string, string>;
}

const STATUS_MISMATCH: FailureKind = {
  name: 'status-mismatch',
  requirement: 'V2-AUTH',
  faults: 'auth-missing-accepted',
  grep: 'V2-AUTH a create without X-Auth-Token',
};

/** The contract of every create response is checked in every test: this one breaks it in V2-CREATE-DEFAULTS. */
const SCHEMA_VIOLATION: FailureKind = {
  name: 'schema-violation',
  requirement: 'V2-CREATE-RESPONSE',
  faults: 'name-default-null',
  grep: 'V2-CREATE-DEFAULTS',
};

const PROPERTY_COUNTEREXAMPLE: FailureKind = {
  name: 'property-counterexample',
  requirement: 'V2-WEIGHT-RANGE',
  faults: 'weight-upper-off-by-one',
  grep: 'V2-WEIGHT-RANGE every integer weight outside',
  env: { FC_SEED: '42', REFERENCE_TOKEN: TOKEN },
};

/** The one test of the run that failed. */
function failedOutcome(run: RunResult): TestOutcome {
  const failed = run.outcomes.filter((o) => o.status === 'failed');
  expect(
    failed.map((o) => o.title),
    `${run.stdout}${run.stderr}`,
  ).toHaveLength(1);
  return failed[0]!;
}

/**
 * What the terminal reporter prints under the failed test's heading: the error message, up to Playwright's
 * code frame and stack (source lines and absolute paths of this checkout, not the suite's rendering).
 */
function terminalBlock(stdout: string, title: string): string {
  const lines = stdout.split('\n');
  const heading = lines.findIndex((line) => /^\s+\d+\) /.test(line) && line.includes(` › ${title} `));
  expect(heading, stdout).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(heading + 1);
  const end = rest.findIndex((line) => /^\s+(at |>?\s*\d+ \|)/.test(line));
  return rest
    .slice(0, end < 0 ? undefined : end)
    .join('\n')
    .replace(/^\n+/, '')
    .trimEnd();
}

/** The failure's record in conformance.json, the failing test's own one. */
function reportedFailure(run: RunResult, requirement: string, title: string): ReportedFailure {
  const failure = run.report?.requirements
    .find((r) => r.id === requirement)
    ?.failures.find((f) => f.test === title);
  expect(failure, `conformance.json has no failure of ${requirement} in "${title}"`).toBeDefined();
  return failure!;
}

interface Rendered {
  run: RunResult;
  /** The test's error as Playwright's JSON report has it (message, code frame and stack). */
  message: string;
  /** The terminal's block and the conformance.json record, normalized (stable-text.ts). */
  pinned: string;
}

/** Runs the one failing test of the kind and renders its failure as the snapshot pins it. */
async function renderFailure(runConformance: ConformanceRunner, kind: FailureKind): Promise<Rendered> {
  const env = {
    REFERENCE_FAULTS: kind.faults,
    CONFORMANCE_WORKERS: '1',
    // One case at a time: cases run side by side take addresses in the order they happen to finish.
    CONFORMANCE_CONCURRENCY: '1',
    CONFORMANCE_RUN_ID: runIdWithFixedPorts(),
    FORCE_COLOR: '0',
    ...kind.env,
  };
  const run = await runConformance(env, ['--grep', kind.grep], { terminal: true });
  const outcome = failedOutcome(run);
  const message = outcome.errors.join('\n');
  const terminal = terminalBlock(run.stdout, outcome.title);
  const {
    location: _location,
    message: recordMessage,
    ...record
  } = reportedFailure(run, kind.requirement, outcome.title);
  // The record's message is the terminal's, unindented: pinned once, in the terminal's layout.
  expect(terminal.replace(/^ {4}/gm, '')).toBe(recordMessage);
  const pinned = [
    'terminal (npm run conformance):',
    terminal,
    '',
    `conformance.json, the failure of ${kind.requirement} (without location and message):`,
    JSON.stringify(record, null, 2),
    '',
  ].join('\n');
  expect(pinned).not.toContain('\u001b');
  expect(pinned).not.toContain(ROOT);
  expect(pinned).not.toContain(os.tmpdir());
  return { run, message, pinned: stableText(pinned) };
}

/** Compares with the kind's snapshot, one for every platform (no `-linux` in its name). */
function expectPinned(kind: FailureKind, pinned: string): void {
  test.info().snapshotSuffix = '';
  expect(pinned).toMatchSnapshot(`${kind.name}.txt`);
}

test('a status mismatch shows the request and the response the status came with', async ({
  runConformance,
}) => {
  const { pinned } = await renderFailure(runConformance, STATUS_MISMATCH);
  expectPinned(STATUS_MISMATCH, pinned);
});

test('a schema failure names the JSON pointer and the offending value', async ({ runConformance }) => {
  const { pinned } = await renderFailure(runConformance, SCHEMA_VIOLATION);
  expectPinned(SCHEMA_VIOLATION, pinned);
});

test('a property failure names the request, the response, the seed and a replay line that replays it', async ({
  runConformance,
}) => {
  const { run, message, pinned } = await renderFailure(runConformance, PROPERTY_COUNTEREXAMPLE);
  expectPinned(PROPERTY_COUNTEREXAMPLE, pinned);
  expect(`${run.stdout}${run.stderr}${message}`).not.toContain(TOKEN);

  const replay = /replay: FC_SEED=(-?\d+) FC_PATH="([\d:]*)" npm run conformance -- --grep "([^"]+)"/.exec(
    message,
  );
  expect(replay, message).not.toBeNull();
  const again = await runConformance(
    {
      REFERENCE_FAULTS: PROPERTY_COUNTEREXAMPLE.faults,
      CONFORMANCE_WORKERS: '1',
      FC_SEED: replay![1]!,
      FC_PATH: replay![2]!,
    },
    ['--grep', replay![3]!],
  );
  const replayed = failedOutcome(again).errors.join('\n');
  expect(replayed).toMatch(/counterexample: 101/);
  expect(replayed).toMatch(/property failed after 1 run/);
});

test('a content-type failure says what was received', async ({ runConformance }) => {
  const run = await runConformance(
    { REFERENCE_FAULTS: 'v2-success-content-type-html', CONFORMANCE_WORKERS: '1' },
    ['--grep', 'V2-CREATE-RESPONSE'],
  );
  const message = failedOutcome(run).errors.join('\n');
  expect(message).toMatch(/\[V2-CONTENT-TYPE\]/);
  expect(message).toMatch(/text\/html/);
});
