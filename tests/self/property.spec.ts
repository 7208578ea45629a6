/**
 * checkProperty: the examples (the boundaries a rule names) run on every seed, however few runs are asked for.
 */
import fc from 'fast-check';
import { checkProperty } from '../../src/generators/property';
import { expect, test } from './support/harness';

/** The values checkProperty tries, with CONFORMANCE_RUNS set as the caller set it. */
async function valuesTried(examples: number[]): Promise<number[]> {
  const tried: number[] = [];
  await checkProperty(
    fc.integer({ min: 1000, max: 2000 }),
    async (value) => {
      tried.push(value);
    },
    { title: 'examples', examples },
  );
  return tried;
}

test('every example runs, first, even when CONFORMANCE_RUNS is smaller than their number', async ({
  setEnv,
}) => {
  const examples = [1, 2, 3, 4, 5, 6, 7];
  setEnv({ CONFORMANCE_RUNS: '2' });
  expect(await valuesTried(examples)).toEqual(examples);
});

test('CONFORMANCE_RUNS above the number of examples adds random cases after them', async ({ setEnv }) => {
  setEnv({ CONFORMANCE_RUNS: '5' });
  const tried = await valuesTried([1, 2]);
  expect(tried.slice(0, 2)).toEqual([1, 2]);
  expect(tried).toHaveLength(5);
  expect(tried.slice(2).every((v) => v >= 1000 && v <= 2000)).toBe(true);
});
