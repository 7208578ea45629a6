/**
 * A conforming server that makes any choice docs/readings.md §5 leaves open still passes: the suite runs against
 * the reference server with its choices switched on (all together, and the ones that precedence hides when
 * they are all on) and must pass every requirement.
 */
import { expect, test } from '@playwright/test';
import { CHOICES } from '../../reference-server/src/index';
import { runConformance, requirementsWith } from './support/conformance-run';

test.describe.configure({ mode: 'parallel' });

/** Choices that another one overrides when both are on, each run in a set of its own. */
const HIDDEN_BY_PRECEDENCE = ['v2-error-octavia-shape', 'v3-ip-member-subnet-empty'];

const SETS: { title: string; choices: string[] }[] = [
  { title: 'every choice at once', choices: CHOICES.map((c) => c.name) },
  { title: 'the choices that precedence hides', choices: HIDDEN_BY_PRECEDENCE },
];

for (const set of SETS) {
  test(`the suite passes a server that makes ${set.title}`, async () => {
    // rate-limit and busy-after-write make every run wait: about 1.5 min alone, more on a loaded machine.
    test.setTimeout(360_000);
    // latency at 5 ms: its default (300 ms) makes a full run take ten minutes; noise.spec.ts runs it at 300.
    const run = await runConformance({ REFERENCE_CHOICES: set.choices.join(','), REFERENCE_LATENCY_MS: '5' });
    expect(requirementsWith(run.report, 'failed'), run.stdout.slice(-4000)).toEqual([]);
    expect(run.exitCode, run.stdout.slice(-4000)).toBe(0);
    expect(run.outcomes.filter((o) => o.status === 'passed').length).toBeGreaterThan(0);
  });
}

test('every choice is in one of the runs', () => {
  const covered = new Set(SETS.flatMap((s) => s.choices));
  expect(CHOICES.filter((c) => !covered.has(c.name)).map((c) => c.name)).toEqual([]);
});
