import fc from 'fast-check';
import { NoVerdict, PropertyCounterexample } from '../failures';
import { propertyRuns, replayParameters } from '../settings/suite';

export { DEFAULT_RUNS, propertyRuns } from '../settings/suite';

/** How many cases may run at once: a number, or asked afresh before each case starts. */
export type CasesAtOnce = number | (() => number);

export interface PropertyOptions<T> {
  /** Cases always run first, whatever the seed: the boundaries a rule names. */
  examples?: readonly T[];
  /** For the replay line of a failure. */
  title: string;
  /**
   * How many cases may run at once (default 1): more only when cases are independent of one another (each
   * holds its own address and port, none lists what another writes). A failure is then found again, and
   * shrunk, with the cases one at a time.
   */
  casesAtOnce?: CasesAtOnce;
  /**
   * At most this many cases whatever CONFORMANCE_RUNS says (examples still all run): for a property whose
   * cases differ only in the addresses they are given, where more cases spend requests and prove nothing more.
   */
  maxRuns?: number;
}

/**
 * Checks an async property with fast-check. A failure reports the counterexample, the seed and the path,
 * with a command line that replays exactly that case.
 */
export async function checkProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions<T>,
): Promise<void> {
  const env = process.env;
  const examples = (options.examples ?? []).map((example) => [example] as [T]);
  const numRuns = Math.max(Math.min(propertyRuns(env), options.maxRuns ?? Infinity), examples.length);
  const replayed = replayParameters(env);
  // The seed is drawn here, not by fast-check, so that the cases run at once are the very cases a sequential
  // check with that seed runs, in its order.
  const seed = replayed.seed ?? Math.floor(Math.random() * 0x7fffffff);
  let seenAtOnce: Extract<AtOnce<T>, { kind: 'failed' }> | undefined;
  const atOnce = options.casesAtOnce ?? 1;
  const width = typeof atOnce === 'number' ? () => atOnce : atOnce;
  // One at a time from the start: fast-check's own run, the very run a replay makes.
  if (width() > 1 && replayed.path === undefined) {
    const generated = numRuns - examples.length;
    const cases = [
      ...(options.examples ?? []),
      ...(generated > 0 ? fc.sample(arbitrary, { seed, numRuns: generated }) : []),
    ];
    const outcome = await runAtOnce(cases, predicate, width);
    if (outcome.kind === 'passed') return;
    if (outcome.kind === 'no-verdict') throw outcome.error;
    // A case failed: fast-check runs the same cases again one at a time, finds it and shrinks it.
    seenAtOnce = outcome;
  }
  // A case the target would not answer is no counterexample: fast-check must not shrink on it. The first
  // NoVerdict ends the property (every later case passes unsent); a failure found before it still counts.
  let noVerdict: NoVerdict | undefined;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      if (noVerdict) return;
      try {
        await predicate(value);
      } catch (error) {
        if (!(error instanceof NoVerdict)) throw error;
        noVerdict = error;
      }
    }),
    {
      // fast-check counts the examples among numRuns and drops those past it: every example must run.
      numRuns,
      examples,
      ...replayed,
      seed,
    },
  );
  if (details.failed) {
    throw reportedFailure(options.title, {
      error: details.errorInstance,
      counterexample: details.counterexample ? fc.stringify(details.counterexample[0]) : '(none)',
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      numRuns: details.numRuns,
      numShrinks: details.numShrinks,
    });
  }
  // The target answered a case wrongly beside others and rightly alone: what it answered still counts.
  if (seenAtOnce) {
    throw reportedFailure(options.title, {
      error: seenAtOnce.error,
      counterexample: fc.stringify(seenAtOnce.value),
      seed,
      path: String(seenAtOnce.index),
      numRuns: seenAtOnce.index + 1,
      numShrinks: 0,
      note: noVerdict
        ? 'it failed while other cases ran at the same time; run again one at a time, the cases got no verdict'
        : 'it failed while other cases ran at the same time, and passed when the cases ran again one at a time',
    });
  }
  if (noVerdict) throw noVerdict;
}

interface PropertyFailure {
  error: unknown;
  counterexample: string;
  seed: number;
  path: string;
  numRuns: number;
  numShrinks: number;
  note?: string;
}

/** The error a failed property throws, its evidence recorded for the report. */
function reportedFailure(title: string, failure: PropertyFailure): Error {
  const { error, counterexample, seed, path, numRuns, numShrinks } = failure;
  const cause = error instanceof Error ? error.message : String(error);
  const grep = title.split(' ')[0] ?? title;
  const replay = `FC_SEED=${seed} FC_PATH="${path}" npm run conformance -- --grep "${grep}"`;
  const message = [
    cause,
    '',
    `property failed after ${numRuns} run(s), shrunk ${numShrinks} time(s)`,
    ...(failure.note ? [failure.note] : []),
    `counterexample: ${counterexample}`,
    `fast-check seed: ${seed}, path: "${path}"`,
    `replay: ${replay}`,
  ].join('\n');
  return new PropertyCounterexample(message, error, {
    seed,
    path,
    counterexample,
    numRuns,
    numShrinks,
    replay,
  });
}

type AtOnce<T> =
  | { kind: 'passed' }
  | { kind: 'failed'; index: number; value: T; error: unknown }
  | { kind: 'no-verdict'; error: NoVerdict };

/**
 * Runs the cases in order, as many at a time as `width` says (asked again whenever a case starts or ends, one at
 * least). The first failure stops the starting of further cases; so does a case without a verdict, which is the
 * outcome only when no case failed.
 */
async function runAtOnce<T>(
  cases: readonly T[],
  predicate: (value: T) => Promise<void>,
  width: () => number,
): Promise<AtOnce<T>> {
  let next = 0;
  let running = 0;
  const failures: Extract<AtOnce<T>, { kind: 'failed' }>[] = [];
  const noVerdicts: NoVerdict[] = [];
  await new Promise<void>((resolve) => {
    const startMore = (): void => {
      while (
        failures.length === 0 &&
        noVerdicts.length === 0 &&
        next < cases.length &&
        running < Math.max(1, width())
      ) {
        const index = next++;
        const value = cases[index] as T;
        running++;
        predicate(value)
          .catch((error: unknown) => {
            if (error instanceof NoVerdict) noVerdicts.push(error);
            else failures.push({ kind: 'failed', index, value, error });
          })
          .finally(() => {
            running--;
            startMore();
          });
      }
      if (running === 0) resolve();
    };
    startMore();
  });
  const first = failures.sort((a, b) => a.index - b.index)[0];
  if (first) return first;
  return noVerdicts[0] ? { kind: 'no-verdict', error: noVerdicts[0] } : { kind: 'passed' };
}
