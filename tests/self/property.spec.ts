/**
 * checkProperty: the examples (the boundaries a rule names) run on every seed, however few runs are asked for.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { checkProperty } from '../../src/generators/property';

async function valuesTried(runs: string, examples: number[]): Promise<number[]> {
  const saved = process.env.CONFORMANCE_RUNS;
  process.env.CONFORMANCE_RUNS = runs;
  const tried: number[] = [];
  try {
    await checkProperty(
      fc.integer({ min: 1000, max: 2000 }),
      async (value) => {
        tried.push(value);
      },
      { title: 'examples', examples },
    );
  } finally {
    if (saved === undefined) delete process.env.CONFORMANCE_RUNS;
    else process.env.CONFORMANCE_RUNS = saved;
  }
  return tried;
}

test('every example runs, first, even when CONFORMANCE_RUNS is smaller than their number', async () => {
  const examples = [1, 2, 3, 4, 5, 6, 7];
  expect(await valuesTried('2', examples)).toEqual(examples);
});

test('CONFORMANCE_RUNS above the number of examples adds random cases after them', async () => {
  const tried = await valuesTried('5', [1, 2]);
  expect(tried.slice(0, 2)).toEqual([1, 2]);
  expect(tried).toHaveLength(5);
  expect(tried.slice(2).every((v) => v >= 1000 && v <= 2000)).toBe(true);
});
