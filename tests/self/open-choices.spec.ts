/**
 * A conforming server that makes any of the choices the vendor pages leave open still passes (docs/readings.md,
 * "What is left open"): the suite runs against the reference server with every choice on under five seeds,
 * with each choice alone, and with the choices that precedence hides when they are all on. A run passes only
 * when no requirement failed, none is inconclusive, and the exit code is 0.
 */
import { CHOICE_ROWS } from '../../reference-server/modes/choices';
import { expect, test } from './support/harness';
import { whyNotPassed } from './support/reported-run';

test.describe.configure({ mode: 'parallel' });

/** Five seeds: every choice at once runs under each, and the alone runs take them in turn. */
const SEEDS = [101, 202, 303, 404, 505];

/** Choices that another one overrides when both are on, run together in a set of their own. */
const HIDDEN_BY_PRECEDENCE = CHOICE_ROWS.flatMap((row) => row.winsOver ?? []);

interface ChoiceRun {
  title: string;
  choices: string[];
  seed: number;
  /** Playwright arguments: the project of the one API the choices touch. */
  args: string[];
  /** rate-limit and busy-after-write make every run wait: about 1.5 min alone, more on a loaded machine. */
  timeoutMs: number;
}

const ALL: string[] = CHOICE_ROWS.map((c) => c.name);

const RUNS: ChoiceRun[] = [
  ...SEEDS.map((seed) => ({
    title: `the suite passes a server with every choice at once (FC_SEED=${seed})`,
    choices: ALL,
    seed,
    args: [],
    timeoutMs: 480_000,
  })),
  {
    title: 'the suite passes a server with the choices that precedence hides',
    choices: HIDDEN_BY_PRECEDENCE,
    seed: SEEDS[0] ?? 0,
    args: [],
    timeoutMs: 240_000,
  },
  ...CHOICE_ROWS.map(({ name, api }, i) => ({
    title: `the suite passes a server with only ${name}`,
    choices: [name],
    seed: SEEDS[i % SEEDS.length] ?? 0,
    args: api === 'both' ? [] : ['--project', api],
    timeoutMs: 240_000,
  })),
];

for (const run of RUNS) {
  test(run.title, async ({ runConformance }) => {
    test.setTimeout(run.timeoutMs);
    // latency at 5 ms: its default (300) makes a full run take ten minutes; noise.spec.ts runs it at 300.
    const env = {
      REFERENCE_CHOICES: run.choices.join(','),
      REFERENCE_LATENCY_MS: '5',
      FC_SEED: String(run.seed),
    };
    const result = await runConformance(env, run.args);
    expect(whyNotPassed(result), `FC_SEED=${run.seed}; output:\n${result.stdout.slice(-4000)}`).toEqual([]);
  });
}

test('the precedence set names choices that exist, and every seed is used', () => {
  expect(HIDDEN_BY_PRECEDENCE.filter((name) => !ALL.includes(name))).toEqual([]);
  expect(new Set(RUNS.map((r) => r.seed))).toEqual(new Set(SEEDS));
});
