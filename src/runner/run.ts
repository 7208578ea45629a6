/**
 * One conformance run, as `npm run conformance` and the `lb-member-conformance` command start it: the
 * configuration check first (no request is sent when it fails), then Playwright on the conformance config.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError } from '../target/config';
import { preflight } from './preflight';

type Env = Record<string, string | undefined>;

export const ROOT = path.resolve(__dirname, '../..');
export const CONFORMANCE_CONFIG = path.join(ROOT, 'playwright.config.ts');

/** Exit codes: the target conforms, it does not (or the run broke), a configuration error. */
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

/** Runs the suite with the output on this process's terminal; returns the exit code (EXIT). */
export function runSuite(run: SuiteRun): number {
  const problem = configurationError(run);
  if (problem !== undefined) {
    console.error(`${run.program}: configuration error: ${problem}`);
    return EXIT.config;
  }
  const cli = require.resolve('@playwright/test/cli', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [cli, 'test', '-c', CONFORMANCE_CONFIG, ...run.args], {
    stdio: 'inherit',
    cwd: ROOT,
    env: run.env,
  });
  return result.status === 0 ? EXIT.conforms : EXIT.fails;
}
