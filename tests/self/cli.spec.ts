/**
 * The `lb-member-conformance` command, as a vendor runs it: `npx lb-member-conformance --target URL ...` from
 * the project folder. Every flag sets exactly one TARGET_* (or suite) variable; --help and --list run nothing;
 * a bad flag or a bad value is a configuration error (exit code 2) that names the flag.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FLAGS, PROGRAM } from '../../scripts/cli';
import { catalogue } from '../../src/catalogue/requirements';
import { plain, type ProcessResult } from './support/child-process';
import { expect, test as harness } from './support/harness';
import { COMMAND, ROOT } from './support/paths';
import { readJsonReport } from './support/playwright-json';

/** `lb-member-conformance args...` as a vendor runs it (the shim, with node). */
const test = harness.extend<{
  command: (args: readonly string[], env?: Record<string, string>) => Promise<ProcessResult>;
}>({
  command: async ({ runNode }, use) => {
    await use((args, env = {}) => runNode([COMMAND, ...args], env));
  },
});

/** The flags that point the command at a served target: the variables it printed, each as its flag. */
function flagsFor(env: Record<string, string>): string[] {
  const flags = FLAGS.filter((f) => f.value !== undefined && env[f.variable]).map(
    (f) => `${f.flag}=${env[f.variable]}`,
  );
  const known = new Set(FLAGS.map((f) => f.variable));
  const unmapped = Object.keys(env).filter((name) => name.startsWith('TARGET_') && !known.has(name));
  if (unmapped.length > 0)
    throw new Error(`the served target printed variables no flag sets: ${unmapped.join(', ')}`);
  return flags;
}

test('package.json declares the command, and its shim is executable', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
  };
  expect(pkg.bin).toEqual({ [PROGRAM]: 'bin/lb-member-conformance.js' });
  expect(statSync(COMMAND).mode & 0o111).not.toBe(0);
  expect(readFileSync(COMMAND, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
});

test('every flag sets a distinct variable, and the TARGET_* ones cover the whole contract', () => {
  const variables = FLAGS.map((f) => f.variable);
  expect(new Set(variables).size).toBe(variables.length);
  expect(new Set(FLAGS.map((f) => f.flag)).size).toBe(FLAGS.length);
  const contract = readFileSync(path.join(ROOT, 'src/settings/target.ts'), 'utf8');
  const read = new Set([...contract.matchAll(/'(TARGET_[A-Z0-9_]+)'/g)].map((m) => m[1] ?? ''));
  expect(read.size, 'the TARGET_* variables src/settings/target.ts reads').toBeGreaterThan(10);
  expect([...read].filter((name) => !variables.includes(name))).toEqual([]);
});

test('--help prints every flag with the variable it sets, and runs nothing', async ({ command }) => {
  const run = await command(['--help']);
  expect(run.exitCode).toBe(0);
  const lines = run.stdout.split('\n');
  for (const f of FLAGS) {
    const line = lines.find((l) => l.trimStart().startsWith(`${f.flag} `) || l.trim() === f.flag);
    expect(line, `${f.flag} in --help`).toBeDefined();
    expect(line, f.flag).toContain(f.variable);
  }
  expect(run.stdout).toContain('--list');
  expect(run.stdout).toContain('-- --grep V2-WEIGHT');
  expect(run.stdout).not.toContain('Running');
});

test('--list prints the requirement catalogue and runs nothing', async ({ command }) => {
  const run = await command(['--list']);
  expect(run.exitCode).toBe(0);
  for (const r of catalogue().values()) {
    expect(run.stdout, r.id).toContain(`${r.id}  ${r.endpoint}\n    ${r.title}\n    source: ${r.source}\n`);
  }
  expect(run.stdout).not.toContain('Running');
});

test('docs/command.md lists every flag with its variable', () => {
  const section = readFileSync(path.join(ROOT, 'docs/command.md'), 'utf8');
  const rows = [...section.matchAll(/^\| `(--[a-z0-9-]+)[^`]*` +\| `([A-Z0-9_]+)` +\|/gm)].map((m) => [
    m[1],
    m[2],
  ]);
  expect(rows).toEqual(FLAGS.map((f) => [f.flag, f.variable]));
});

for (const [args, flag] of [
  [['--bogus'], '--bogus'],
  [['--target'], '--target'],
  [['--v2-pool', '--v2-subnet', 's'], '--v2-pool'],
  [['--read-only=1'], '--read-only'],
  [['--workers', '2', '--workers', '3'], '--workers'],
  [['grep', 'V2-WEIGHT'], 'grep'],
] as const) {
  test(`a bad command line (${args.join(' ')}) exits 2 naming ${flag}, and runs nothing`, async ({
    command,
  }) => {
    const run = await command(args);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(flag);
    expect(run.stdout).toBe('');
  });
}

test('npx lb-member-conformance works from the project folder', async ({ runProcess }) => {
  // npx links the project's own bin (package.json "bin") from its cache; nothing is downloaded.
  const run = await runProcess('npx', ['--yes', PROGRAM, '--list']);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toContain(`${catalogue().size} requirements`);
});

test.describe('against a served target', () => {
  test('a run configured by flags alone passes every requirement, nothing skipped', async ({
    servedTarget,
    command,
    scratch,
  }) => {
    const dir = scratch('cli-run');
    const report = path.join(dir, 'report.json');
    const run = await command(
      [
        ...flagsFor(servedTarget.env),
        '--workers',
        '3',
        '--runs=5',
        '--',
        '--reporter=list,json',
        `--output=${path.join(dir, 'test-results')}`,
      ],
      { PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    );
    expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
    expect(plain(run.stdout)).toMatch(/Running \d+ tests using 3 workers/);
    const outcomes = readJsonReport(report);
    expect(outcomes.filter((o) => o.status !== 'passed').map((o) => `${o.status}: ${o.title}`)).toEqual([]);
    const tested = new Set(outcomes.flatMap((o) => o.requirements));
    expect([...catalogue().keys()].filter((id) => !tested.has(id))).toEqual([]);
  });

  test('--profile nope is a configuration error that names the flag and the variable', async ({
    servedTarget,
    command,
  }) => {
    const run = await command([
      ...flagsFor(servedTarget.env).filter((f) => !f.startsWith('--profile')),
      '--profile',
      'nope',
    ]);
    expect(run.exitCode, run.stdout).toBe(2);
    expect(run.stderr).toContain(
      'configuration error: TARGET_PROFILE (--profile): "nope" is not a known profile',
    );
    expect(run.stdout).not.toContain('Running');
  });
});
