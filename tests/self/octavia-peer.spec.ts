/**
 * The Octavia peer (peers/octavia) without Octavia: its shell and Python files parse, and `npm run
 * conformance:octavia` names its runner. Starting Octavia is left to that command (minutes, and Debian only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

const PEER = path.join(ROOT, 'peers/octavia');
const filesEnding = (suffix: string): string[] =>
  readdirSync(PEER)
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(PEER, name));

/** Python's compile() finds what the parser and the compiler reject, and writes no bytecode. */
const COMPILE_ALL = 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f).read(), f, "exec")';

test('the shell scripts of the Octavia peer parse (bash -n)', async ({ runProcess }) => {
  const scripts = filesEnding('.sh');
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    const parsed = await runProcess('bash', ['-n', script]);
    expect(parsed.exitCode, `${path.basename(script)}: ${parsed.stderr}`).toBe(0);
  }
});

test('the Python files of the Octavia peer compile', async ({ runProcess }) => {
  const sources = filesEnding('.py');
  expect(sources.length).toBeGreaterThan(0);
  const compiled = await runProcess('python3', ['-c', COMPILE_ALL, ...sources]);
  test.skip(compiled.error !== undefined, 'no python3 on this machine');
  expect(compiled.exitCode, compiled.stderr).toBe(0);
});

test('npm run conformance:octavia runs the peer', () => {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  expect(scripts['conformance:octavia']).toBe('bash peers/octavia/run.sh');
});
