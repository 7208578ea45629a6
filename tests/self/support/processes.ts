import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, ROOT } from './conformance-run';
import { readJsonReport } from './playwright-json';

export { cleanEnv };

export const TSX_CLI = require.resolve('tsx/cli', { paths: [ROOT] });
export const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli', { paths: [ROOT] });
export const CONFORMANCE_SCRIPT = path.join(ROOT, 'scripts/conformance.ts');
export const COMMAND = path.join(ROOT, 'bin/lb-member-conformance.js');

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program in the repository with the given environment (on top of cleanEnv()). */
export async function runProcess(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
  cwd: string = ROOT,
): Promise<ProcessResult> {
  const child = spawn(program, args, {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
      resolve(null);
    });
    child.on('close', resolve);
  });
  return { exitCode, stdout, stderr };
}

/** Runs `node args...` in the repository with the given environment (on top of cleanEnv()). */
export function runNode(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd: string = ROOT,
): Promise<ProcessResult> {
  return runProcess(process.execPath, args, env, cwd);
}

/** A fresh temporary folder, and a function that removes it. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
}

/** The <testcase> names of a JUnit XML file, with the XML entities decoded. */
export function junitTestcases(file: string): string[] {
  const xml = readFileSync(file, 'utf8');
  return [...xml.matchAll(/<testcase\s+name="([^"]*)"/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&amp;/g, '&'),
  );
}

/** The counters of the <testsuites> element of a JUnit XML file. */
export function junitTotals(file: string): {
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
} {
  const head = /<testsuites\b([^>]*)>/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? NaN);
  return {
    tests: count('tests'),
    failures: count('failures'),
    skipped: count('skipped'),
    errors: count('errors'),
  };
}

/** One test of the conformance suite as `playwright test --list` sees it. */
export interface ListedTest {
  project: string;
  /** Relative to the tests folder: v2/field-values.spec.ts. */
  file: string;
  title: string;
  /** Without the leading @. */
  tags: string[];
}

/** Lists the conformance suite (`playwright test -c playwright.config.ts --list --reporter=json`). */
export async function listConformanceTests(args: readonly string[] = []): Promise<ListedTest[]> {
  const tmp = scratch('conformance-list');
  try {
    const report = path.join(tmp.dir, 'list.json');
    const run = await runNode(
      [PLAYWRIGHT_CLI, 'test', '-c', 'playwright.config.ts', '--list', '--reporter=json', ...args],
      { PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    );
    if (run.exitCode !== 0)
      throw new Error(`--list exited with ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
    return testsInJsonReport(report);
  } finally {
    tmp.remove();
  }
}

/** The tests of a report written by Playwright's json reporter (a --list run's or a real one's). */
export function testsInJsonReport(file: string): ListedTest[] {
  return readJsonReport(file).map(({ project, file: specFile, title, tags }) => ({
    project,
    file: specFile,
    title,
    tags,
  }));
}

/** A key that names one test of one project. */
export function testKey(test: Pick<ListedTest, 'project' | 'file' | 'title'>): string {
  return `[${test.project}] ${test.file} › ${test.title}`;
}

/** Text without the ANSI colour codes that reporters add when the terminal (or FORCE_COLOR) asks for them. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
