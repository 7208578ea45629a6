/**
 * A conforming server that makes any of the choices the vendor pages leave open still passes (docs/readings.md,
 * "What is left open"): the suite runs against the reference server with every choice on under ten seeds,
 * with each choice alone, and with the choices that precedence hides when they are all on. A run passes only
 * when no requirement failed, none is inconclusive, and the exit code is 0.
 */
import { CHOICE_ROWS } from '../../reference-server/modes/choices';
import { expect, test } from './support/harness';
import type { ProofRequest } from './support/proof-run';
import { whyNotPassed } from './support/reported-run';

// Every run is made by one proof run (support/proof-run.ts), which the first run's test waits for and the others
// read: the tests of this file run one after another in one worker, so that it is made once.
test.describe.configure({ mode: 'default' });

/** Time for the proof run of every choice run: busy-after-write and rate-limit make their runs wait. */
const PROOF_TIMEOUT_MS = 2_400_000;

/**
 * Conformance workers of the proof run: each run has one worker per API (a run's default two), and the runs go
 * side by side; more workers than cores, because the wait-heavy runs spend most of their time waiting.
 */
const PROOF_WORKERS = 4;

/** Ten seeds: every choice at once runs under each, and the alone runs take them in turn. */
const SEEDS = [101, 202, 303, 404, 505, 606, 707, 808, 909, 1010];

/** Choices that another one overrides when both are on, run together in a set of their own. */
const HIDDEN_BY_PRECEDENCE = CHOICE_ROWS.flatMap((row) => row.winsOver ?? []);

interface ChoiceRun {
  title: string;
  choices: string[];
  seed: number;
  /** The projects of the APIs the choices touch. */
  projects: string[];
  /**
   * One worker, one test after another (a run with CONFORMANCE_WORKERS=1): a choice of one API alone is judged
   * by that API's tests in turn. A run of both APIs keeps the default two workers, the APIs side by side.
   */
  oneWorker: boolean;
}

const ALL: string[] = CHOICE_ROWS.map((c) => c.name);

const RUNS: ChoiceRun[] = [
  ...SEEDS.map((seed) => ({
    title: `the suite passes a server with every choice at once (FC_SEED=${seed})`,
    choices: ALL,
    seed,
    projects: ['v3', 'v2'],
    oneWorker: false,
  })),
  {
    title: 'the suite passes a server with the choices that precedence hides',
    choices: HIDDEN_BY_PRECEDENCE,
    seed: SEEDS[0] ?? 0,
    projects: ['v3', 'v2'],
    oneWorker: false,
  },
  ...CHOICE_ROWS.map(({ name, api }, i) => ({
    title: `the suite passes a server with only ${name}`,
    choices: [name],
    seed: SEEDS[i % SEEDS.length] ?? 0,
    projects: api === 'both' ? ['v3', 'v2'] : [api],
    oneWorker: api !== 'both',
  })),
];

/**
 * The whole suite (or the one API's project) against a server with the run's choices. The runs of a choice of
 * both APIs alone (busy load balancers, rate limits, slow answers: the runs that wait longest) come first in the
 * plan, so that none of them starts last.
 */
const PROOF: ProofRequest[] = [...RUNS.entries()]
  .sort(([, a], [, b]) => Number(waitsLongest(b)) - Number(waitsLongest(a)))
  .map(([i, run]) => ({
    name: `choices-${i + 1}`,
    env: {
      REFERENCE_CHOICES: run.choices.join(','),
      // latency at 5 ms: its default (300) makes a full run take ten minutes; noise.spec.ts runs it at 300.
      REFERENCE_LATENCY_MS: '5',
      FC_SEED: String(run.seed),
    },
    projects: run.projects,
    oneWorker: run.oneWorker,
  }));

function waitsLongest(run: ChoiceRun): boolean {
  return run.choices.length === 1 && run.projects.length === 2;
}

for (const [i, run] of RUNS.entries()) {
  test(run.title, async ({ proofRun }) => {
    test.setTimeout(PROOF_TIMEOUT_MS);
    const result = (await proofRun('open-choices', PROOF, PROOF_WORKERS)).get(`choices-${i + 1}`);
    if (!result) throw new Error(`the proof run has no result for ${run.title}`);
    expect(whyNotPassed(result), `FC_SEED=${run.seed}; output:\n${result.stdout.slice(-4000)}`).toEqual([]);
  });
}

test('the precedence set names choices that exist, and every seed is used', () => {
  expect(HIDDEN_BY_PRECEDENCE.filter((name) => !ALL.includes(name))).toEqual([]);
  expect(new Set(RUNS.map((r) => r.seed))).toEqual(new Set(SEEDS));
});
