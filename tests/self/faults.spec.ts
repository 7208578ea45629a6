/**
 * The heart of the project's own tests: every check of the suite bites. The conformance suite runs against
 * the reference server once correct (it must pass, with nothing skipped) and once per fault mode, with the
 * tests of the APIs the fault touches (faultApis): the tests the fault's row (reference-server/modes/faults.ts)
 * declares must fail, and so must the requirements they catch, and no requirement may fail without a reason in
 * the row. Together the rows fail every conformance test. That a fault leaves the other API alone is proven
 * for all of them at once: the other API's tests pass against a server with every fault of one API on.
 */
import { allowedFailures, FAULT_ROWS, faultApis, type FaultRow } from '../../reference-server/modes/faults';
import { catalogue } from '../../src/catalogue/requirements';
import { titlesByKey } from './support/conformance-list';
import { requirementsWith, type RunResult } from './support/conformance-run';
import { expect, test, type HarnessWorkerFixtures } from './support/harness';
import type { ProofRequest } from './support/proof-run';

// Every fault run is made by one proof run (support/proof-run.ts), which the first fault test waits for and the
// others read: the tests of this file run one after another in one worker, so that it is made once.
test.describe.configure({ mode: 'default', timeout: 180_000 });

/** Time for the proof run of every fault row, which the first fault test waits for. */
const PROOF_TIMEOUT_MS = 2_400_000;

/**
 * Conformance workers of the proof run: configurations run side by side, each with one worker, as a fault run
 * with CONFORMANCE_WORKERS=1 does; more workers than cores, because a fault run spends much of its time waiting
 * (settle spells, worker restarts' I/O).
 */
const PROOF_WORKERS = 3;

/** What a conformance run failed: the keys of its failed tests, and the requirements they break. */
interface RunVerdict {
  failedTests: string[];
  failedRequirements: string[];
}

/** The one place that reads a run's outcomes. */
function verdictOf(run: RunResult): RunVerdict {
  return {
    failedTests: run.outcomes.filter((o) => o.status === 'failed').map((o) => o.key ?? o.title),
    failedRequirements: requirementsWith(run.report, 'failed'),
  };
}

/**
 * Property runs of a fault run whose catch rests on fixed checks and examples (every example runs, whatever
 * this number): a property with fewer examples adds random cases up to it, which still look for failures the
 * row gives no reason for, at a fraction of the default cost.
 */
const FAULT_RUNS = 5;

/** The suite, with the tests of the APIs the fault touches, against the reference server with the fault on. */
function faultRun(fault: string, verdict: Pick<FaultRow, 'byChance'>): ProofRequest {
  return {
    name: fault,
    env: {
      REFERENCE_FAULTS: fault,
      // A busy answer is waited out for 2 s, not the default 60 s: the reference server's busy spells are short.
      CONFORMANCE_SETTLE_TIMEOUT: '2',
      ...(verdict.byChance ? {} : { CONFORMANCE_RUNS: String(FAULT_RUNS) }),
    },
    projects: faultApis(fault),
    oneWorker: true,
  };
}

/** The faults that touch only this API. */
const faultsOnlyOf = (api: 'v2' | 'v3') =>
  FAULT_ROWS.map((row) => row.name).filter((name) => faultApis(name).join() === api);

/**
 * The tests of one API, at the default number of property runs, against a server with every fault that
 * touches only the other API on at once.
 */
const CROSSOVER_RUNS = (['v2', 'v3'] as const).map((api): ProofRequest => ({
  name: `${api}-beside-every-${api === 'v2' ? 'v3' : 'v2'}-fault`,
  env: {
    REFERENCE_FAULTS: faultsOnlyOf(api === 'v2' ? 'v3' : 'v2').join(','),
    CONFORMANCE_SETTLE_TIMEOUT: '2',
  },
  projects: [api],
  oneWorker: true,
}));

const FAULT_RUNS_OF_ROWS = [
  ...FAULT_ROWS.map(({ name, ...verdict }) => faultRun(name, verdict)),
  ...CROSSOVER_RUNS,
];

/** The run of this fault, from the one proof run of every row. */
async function runWithFault(proofRun: HarnessWorkerFixtures['proofRun'], fault: string): Promise<RunResult> {
  const run = (await proofRun('faults', FAULT_RUNS_OF_ROWS, PROOF_WORKERS)).get(fault);
  if (!run) throw new Error(`the proof run has no result for ${fault}`);
  return run;
}

test('every fault row has a verdict on known requirements, each collateral one with its reason', () => {
  for (const { name: fault, ...verdict } of FAULT_ROWS) {
    // a fault that fails no test is caught by the members it leaves behind, and by nothing else
    expect(verdict.fails.length > 0, `${fault}: fails tests exactly when it catches requirements`).toBe(
      verdict.catches.length > 0,
    );
    for (const id of allowedFailures(verdict)) expect(catalogue().has(id), `${fault}: ${id}`).toBe(true);
    for (const [id, reason] of Object.entries(verdict.collateral ?? {})) {
      expect(verdict.catches, `${fault}: ${id} is caught, not collateral`).not.toContain(id);
      expect(reason.trim(), `${fault}: why ${id} fails too`).not.toBe('');
    }
  }
});

test('every conformance test is failed by at least one fault mode, and every declared test exists', async ({
  listConformanceTests,
}) => {
  const titles = titlesByKey(await listConformanceTests());
  const declared = new Set(FAULT_ROWS.flatMap((row) => row.fails));
  const unknown = [...declared].filter((key) => !titles.has(key));
  expect.soft(unknown, 'declared tests that do not exist').toEqual([]);
  expect(
    [...titles].filter(([key]) => !declared.has(key)).map(([key, title]) => `${key}: ${title}`),
    'tests that no fault mode fails',
  ).toEqual([]);
});

test('the correct reference server passes every requirement, none skipped', async ({ runConformance }) => {
  const run = await runConformance({});
  const failed = requirementsWith(run.report, 'failed');
  expect(failed, run.stdout).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outcomes.filter((o) => o.status === 'skipped').map((o) => o.title)).toEqual([]);
  const tested = new Set(run.outcomes.flatMap((o) => o.requirements));
  expect([...catalogue().keys()].filter((id) => !tested.has(id))).toEqual([]);
});

for (const crossover of CROSSOVER_RUNS) {
  test(`the ${crossover.projects?.join()} tests all pass beside every fault of the other API`, async ({
    proofRun,
  }) => {
    test.setTimeout(PROOF_TIMEOUT_MS);
    const run = await runWithFault(proofRun, crossover.name);
    expect(crossover.env.REFERENCE_FAULTS?.split(',').length).toBeGreaterThan(10);
    expect(verdictOf(run).failedRequirements, `output:\n${run.stdout.slice(-3000)}`).toEqual([]);
    expect(run.outcomes.filter((o) => o.status !== 'passed').map((o) => o.title)).toEqual([]);
    expect(run.outcomes.length).toBeGreaterThan(20);
    expect(run.exitCode).toBe(0);
  });
}

for (const { name: fault, ...verdict } of FAULT_ROWS) {
  test(`fault ${fault} is caught by ${verdict.catches.join(', ') || 'what it leaves behind'}`, async ({
    proofRun,
  }) => {
    test.setTimeout(PROOF_TIMEOUT_MS);
    const run = await runWithFault(proofRun, fault);
    const { failedTests, failedRequirements: failed } = verdictOf(run);
    const output = `output:\n${run.stdout.slice(-3000)}`;
    expect(run.exitCode, `exit code; ${output}`).toBe(1);
    for (const key of verdict.fails) expect(failedTests, `${key} must fail; ${output}`).toContain(key);
    for (const id of verdict.catches) expect(failed, `${id} must fail; ${output}`).toContain(id);
    const allowed = allowedFailures(verdict);
    expect(
      failed.filter((id) => !allowed.has(id)),
      `requirements that failed without reason; ${output}`,
    ).toEqual([]);
    if (verdict.catches.length > 0) return;
    const report = run.report!;
    expect(report.run.verdict).toBe('incomplete');
    expect(new Set(report.leftovers.map((l) => l.api))).toEqual(new Set(['v2', 'v3']));
    for (const leftover of report.leftovers) expect(run.stderr).toContain(`member ${leftover.id}`);
  });
}
