/**
 * The exit code of a run comes from the verdict the conformance reporter wrote (src/reporter/model.ts decides
 * it, nowhere else): the runner makes sure that reporter runs whatever --reporter the user gave, and reads its
 * conformance.json afterwards.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { reportDir } from '../reporter/conformance-reporter';
import type { ConformanceReport } from '../reporter/model';
import { HAR_FILE } from '../reporter/run-har';
import { codeFile } from '../package-paths';

type Env = Record<string, string | undefined>;

export const CONFORMANCE_REPORTER = codeFile('src/reporter/conformance-reporter');

/** Arguments that make Playwright list or explain instead of run: no verdict is due. */
const NOT_A_RUN = new Set(['--list', '--help', '-h', '--version', '-V']);

export function isRun(args: readonly string[]): boolean {
  return !args.some((arg) => NOT_A_RUN.has(arg));
}

/** The arguments with the conformance reporter added to a --reporter the user gave (the config has it already). */
export function withConformanceReporter(args: readonly string[]): string[] {
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    const arg = out[i] ?? '';
    const joined = arg.startsWith('--reporter=');
    const valueAt = joined ? i : arg === '--reporter' ? i + 1 : -1;
    if (valueAt < 0 || valueAt >= out.length) continue;
    const value = joined ? arg.slice('--reporter='.length) : (out[valueAt] ?? '');
    const names = value.split(',').map((name) => name.trim());
    if (names.some((name) => name.includes('conformance-reporter'))) continue;
    const extended = [...names, CONFORMANCE_REPORTER].join(',');
    out[valueAt] = joined ? `--reporter=${extended}` : extended;
  }
  return out;
}

export function conformanceJson(env: Env): string {
  return path.join(reportDir({}, env), 'conformance.json');
}

/**
 * Removes the previous run's verdict and HAR, so that a run that writes none is never judged by an old one, and
 * the clean-up after the run adds its requests to no HAR but this run's.
 */
export function forgetPreviousRun(env: Env): void {
  rmSync(conformanceJson(env), { force: true });
  rmSync(runHarFile(env), { force: true });
}

/** The run's HAR, as the conformance reporter writes it. */
export function runHarFile(env: Env): string {
  return path.join(reportDir({}, env), HAR_FILE);
}

/** The conformance.json the conformance reporter wrote into dir, or undefined when it wrote none (or half). */
export function readConformanceReport(dir: string): ConformanceReport | undefined {
  const file = path.join(dir, 'conformance.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch {
    return undefined;
  }
}

/** The run's report (its verdict, its cost), or undefined when the reporter wrote none. */
export function readRunReport(env: Env): ConformanceReport | undefined {
  return readConformanceReport(path.dirname(conformanceJson(env)));
}
