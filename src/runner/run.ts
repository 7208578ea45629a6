/**
 * One conformance run, as `npm run conformance` and the `lb-member-conformance` command start it: the
 * configuration check first (no request is sent when it fails), then the target preflight (reads only: an
 * external target's answers that pin a setting), then Playwright on the conformance config, then the removal
 * of whatever the run left in an external target's pools (docs/cleanup.md).
 */
import { removeWhatTheRunLeft } from '../cleanup/after-run';
import type { HarEntry } from '../http/har';
import { runDir, runId } from '../run-identity';
import { ConfigError, withWaiversPathResolved } from '../settings';
import { runPlaywright } from './playwright-process';
import { preflight } from './preflight';
import { targetPreflight } from './target-preflight';
import { costLine } from '../reporter/cost';
import { addCleanupToRunHar, keepPreflightExchanges } from '../reporter/run-har';
import { waiverLines } from '../reporter/waiver-text';
import { plainText } from '../evidence';
import { forgetPreviousRun, isRun, readRunReport, runHarFile, withConformanceReporter } from './verdict';
import { codeFile, PACKAGE_ROOT } from '../package-paths';

type Env = Record<string, string | undefined>;

export const CONFORMANCE_CONFIG = codeFile('playwright.config');

/** Exit codes: the target conforms, it does not (or the run broke, or was interrupted), a configuration error. */
export const EXIT = { conforms: 0, fails: 1, config: 2 } as const;

export interface SuiteRun {
  /** The environment of the run: TARGET_*, CONFORMANCE_*, REFERENCE_* and the rest. */
  env: Env;
  /** Playwright arguments, passed through unchanged (`--grep V2-WEIGHT`, `--shard=1/2`, ...). */
  args: readonly string[];
  /** Who speaks in messages: `conformance` or the command's name. */
  program: string;
  /** How the user set a variable, for configuration errors: `TARGET_PROFILE` or `--profile (TARGET_PROFILE)`. */
  nameOf?: (variable: string) => string;
}

/** The configuration check alone: the message of a configuration error (naming the variable), or undefined. */
export function configurationError(run: SuiteRun): string | undefined {
  try {
    preflight(run.env, run.args);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const prefix = `${error.variable}: `;
    const problem = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return `${run.nameOf ? run.nameOf(error.variable) : error.variable}: ${problem}`;
  }
}

/**
 * The target preflight's verdict on the settings: a message per problem, naming the variables it may be (`A or
 * B: ...`), or none; and the requests it sent, for the run's HAR. Its notes, answers that pin no setting, go to
 * `log`.
 */
export async function targetConfigurationErrors(
  run: SuiteRun,
  log: (line: string) => void,
): Promise<{ refused: string[]; exchanges: HarEntry[] }> {
  const { problems, notes, exchanges } = await targetPreflight(run.env, run.args);
  for (const note of notes) log(`preflight: ${note}`);
  const name = run.nameOf ?? ((variable: string) => variable);
  const refused = problems.map(({ variables, problem }) => `${variables.map(name).join(' or ')}: ${problem}`);
  return { refused, exchanges };
}

/**
 * Runs the suite with the output on this process's terminal; returns the exit code (EXIT). SIGINT or SIGTERM
 * interrupts the tests, lets their clean-up run, removes what is still left, and then exits with EXIT.fails.
 */
export async function runSuite(run: SuiteRun): Promise<number> {
  const problem = configurationError(run);
  if (problem !== undefined) {
    console.error(`${run.program}: configuration error: ${problem}`);
    return EXIT.config;
  }
  const log = (line: string): void => console.error(`${run.program}: ${plainText(line)}`);
  // A run the preflight ends writes no report: its message quotes the traceparent of the read it rests on.
  const targetCheck = await targetConfigurationErrors(run, log);
  for (const line of targetCheck.refused) log(`configuration error: ${line}`);
  if (targetCheck.refused.length > 0) return EXIT.config;
  // Set here, not in Playwright's global set-up, so that the runner knows the run's name prefix.
  const id = runId(run.env);
  const cli = require.resolve('@playwright/test/cli', { paths: [PACKAGE_ROOT] });
  const judged = isRun(run.args);
  if (judged) forgetPreviousRun(run.env);
  // For the reporter, which joins them into the run's HAR.
  keepPreflightExchanges(runDir(id), targetCheck.exchanges);
  const args = judged ? withConformanceReporter(run.args) : [...run.args];
  // In the user's working folder: the reports are theirs (playwright.config.ts writes them under reports/ there).
  const exit = await runPlaywright([cli, 'test', '-c', CONFORMANCE_CONFIG, ...args], {
    cwd: process.cwd(),
    env: withWaiversPathResolved(run.env),
    log,
  });
  const { clean, exchanges } = await removeWhatTheRunLeft(run.env, id, log);
  // Only into this run's HAR: the previous run's is gone (forgetPreviousRun).
  if (judged) addCleanupToRunHar(runHarFile(run.env), exchanges);
  if (exit.interruptedBy) log(`interrupted by ${exit.interruptedBy}: the run is incomplete`);
  if (!judged) return exit.code === 0 ? EXIT.conforms : EXIT.fails;
  const report = readRunReport(run.env);
  // What the tests sent; the removal just above is not part of it, only of the HAR (docs/reports.md).
  if (report) log(`cost of the tests: ${costLine(report.cost)}`);
  for (const line of report ? waiverLines(report) : []) log(`waiver: ${line}`);
  const verdict = report?.run;
  if (!verdict) log('the conformance reporter wrote no verdict (conformance.json): the run is incomplete');
  else if (verdict.verdict !== 'conforms') log(`verdict: ${verdict.verdict}`);
  else if (report.summary.waived > 0)
    log(`verdict: conforms, with ${report.summary.waived} failed requirement(s) waived`);
  // Playwright exits 1 when a test failed; the verdict may still conform when every failure was waived.
  const playwrightAgrees = exit.code === (verdict?.status === 'passed' ? 0 : 1);
  const conforms = verdict?.exitCode === 0 && playwrightAgrees && !exit.interruptedBy && clean;
  return conforms ? EXIT.conforms : EXIT.fails;
}
