import fc from 'fast-check';
import { failureEvidence, recordFailure } from '../evidence';
import { ConformanceFailure } from '../http/failure';
import { NoVerdict } from '../http/no-verdict';
import { ConfigError } from '../target/config';

/** Runs per property: modest by default so a run against a real cloud stays fast; CONFORMANCE_RUNS raises it. */
export const DEFAULT_RUNS = 20;

export function propertyRuns(env: Record<string, string | undefined> = process.env): number {
  const text = env.CONFORMANCE_RUNS;
  if (text === undefined || text === '') return DEFAULT_RUNS;
  if (!/^[1-9]\d*$/.test(text))
    throw new ConfigError('CONFORMANCE_RUNS', `"${text}" must be a positive whole number`);
  return Number(text);
}

function replayParameters(env: Record<string, string | undefined>): { seed?: number; path?: string } {
  const seed = env.FC_SEED;
  if (seed === undefined || seed === '') return {};
  if (!/^-?\d+$/.test(seed))
    throw new ConfigError('FC_SEED', `"${seed}" must be the integer seed a failure printed`);
  return { seed: Number(seed), path: env.FC_PATH || undefined };
}

export interface PropertyOptions<T> {
  /** Cases always run first, whatever the seed: the boundaries a rule names. */
  examples?: readonly T[];
  /** For the replay line of a failure. */
  title: string;
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
      numRuns: Math.max(propertyRuns(env), examples.length),
      examples,
      ...replayParameters(env),
    },
  );
  if (!details.failed) {
    if (noVerdict) throw noVerdict;
    return;
  }
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const counterexample = details.counterexample ? fc.stringify(details.counterexample[0]) : '(none)';
  const grep = options.title.split(' ')[0] ?? options.title;
  const path = details.counterexamplePath ?? '';
  const replay = `FC_SEED=${details.seed} FC_PATH="${path}" npm run conformance -- --grep "${grep}"`;
  const message = [
    cause,
    '',
    `property failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s)`,
    `counterexample: ${counterexample}`,
    `fast-check seed: ${details.seed}, path: "${path}"`,
    `replay: ${replay}`,
  ].join('\n');
  // The evidence of the shrunk case's own failure (its exchange, its schema errors), plus the property's.
  const inner = details.errorInstance instanceof ConformanceFailure ? details.errorInstance : undefined;
  recordFailure(
    failureEvidence(message, {
      ...(inner?.requirement ? { requirement: inner.requirement } : {}),
      ...(inner?.exchange ? { exchange: inner.exchange } : {}),
      ...(inner?.violations ? { violations: [...inner.violations] } : {}),
      property: {
        seed: details.seed,
        path,
        counterexample,
        numRuns: details.numRuns,
        numShrinks: details.numShrinks,
        replay,
      },
    }),
  );
  throw new Error(message);
}
