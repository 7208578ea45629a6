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

/** Runs a property with a fixed seed, `casesAtOnce` cases at a time; what it tried, and at most how many at once. */
async function runAtWidth(
  casesAtOnce: number,
  fails: (value: number) => boolean,
): Promise<{ tried: number[]; peak: number; error?: Error }> {
  const saved = { ...process.env };
  Object.assign(process.env, { CONFORMANCE_RUNS: '12', FC_SEED: '4242' });
  delete process.env.FC_PATH;
  const tried: number[] = [];
  let inFlight = 0;
  let peak = 0;
  try {
    await checkProperty(
      fc.integer({ min: 0, max: 1000 }),
      async (value) => {
        tried.push(value);
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (fails(value)) throw new Error(`bad ${value}`);
      },
      { title: 'WIDTH', examples: [0, 1000], casesAtOnce },
    );
    return { tried, peak };
  } catch (error) {
    return { tried, peak, error: error as Error };
  } finally {
    for (const key of ['CONFORMANCE_RUNS', 'FC_SEED']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

test('cases run several at a time are the very cases a sequential run tries, and no more at once than asked', async () => {
  const alone = await runAtWidth(1, () => false);
  const side = await runAtWidth(4, () => false);
  expect(alone.peak).toBe(1);
  expect(side.peak).toBe(4);
  expect(side.tried).toEqual(alone.tried);
  expect(alone.tried).toHaveLength(12);
});

test('a width asked afresh is followed as it changes: six at once, then one at a time', async () => {
  const saved = process.env.CONFORMANCE_RUNS;
  process.env.CONFORMANCE_RUNS = '12';
  let started = 0;
  let inFlight = 0;
  const peak = { early: 0, late: 0 };
  try {
    await checkProperty(
      fc.integer(),
      async () => {
        const when = started++ < 6 ? 'early' : 'late';
        peak[when] = Math.max(peak[when], ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
      // As a pool's write bound does when its load balancer turns busy.
      { title: 'WIDTH', casesAtOnce: () => (started < 6 ? 6 : 1) },
    );
  } finally {
    if (saved === undefined) delete process.env.CONFORMANCE_RUNS;
    else process.env.CONFORMANCE_RUNS = saved;
  }
  expect(started).toBe(12);
  expect(peak).toEqual({ early: 6, late: 1 });
});

test('a failure found among cases run at once is found again one at a time, shrunk, and replayable', async () => {
  const { error } = await runAtWidth(4, (v) => v > 500);
  expect(error?.message).toContain('counterexample: 501');
  expect(error?.message).toMatch(/fast-check seed: 4242, path: "\d+(:\d+)*"/);
  expect(error?.message).not.toContain('passed when the cases ran again');
});

test('a case that failed only beside others is still a failure, with its seed and path', async () => {
  let calls = 0;
  // The case 1000 fails the first time it runs (beside others), and passes when run again alone.
  const { error } = await runAtWidth(4, (v) => v === 1000 && calls++ === 0);
  expect(error?.message).toContain('bad 1000');
  expect(error?.message).toContain('passed when the cases ran again one at a time');
  expect(error?.message).toContain('fast-check seed: 4242, path: "1"');
});

test('maxRuns caps the random cases whatever CONFORMANCE_RUNS says, and every example still runs', async () => {
  const saved = process.env.CONFORMANCE_RUNS;
  process.env.CONFORMANCE_RUNS = '50';
  const tried: number[] = [];
  try {
    await checkProperty(fc.integer(), async (v) => void tried.push(v), {
      title: 'CAP',
      maxRuns: 3,
      examples: [1, 2, 3, 4],
    });
    expect(tried.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(tried).toHaveLength(4);
    tried.length = 0;
    await checkProperty(fc.integer(), async (v) => void tried.push(v), { title: 'CAP', maxRuns: 3 });
    expect(tried).toHaveLength(3);
  } finally {
    if (saved === undefined) delete process.env.CONFORMANCE_RUNS;
    else process.env.CONFORMANCE_RUNS = saved;
  }
});
