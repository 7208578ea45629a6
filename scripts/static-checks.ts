/**
 * `npm test`'s static checks, side by side: the typecheck, the linter and the formatting check (the same
 * commands as `npm run typecheck` and `npm run lint`). Each is one process on one core; together they take the
 * time of the longest instead of the sum. Each one's output is printed whole when it ends, under its name; the
 * exit code is 0 only when all three pass.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '..', 'node_modules', '.bin');

const CHECKS: { name: string; command: string; args: string[] }[] = [
  { name: 'typecheck', command: 'tsc', args: ['--noEmit'] },
  { name: 'eslint', command: 'eslint', args: ['.'] },
  { name: 'prettier', command: 'prettier', args: ['--check', '.'] },
];

function check({ name, command, args }: (typeof CHECKS)[number]): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(path.join(BIN, command), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (passed: boolean, why: string): void => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${name}: ${passed ? 'passed' : `failed (${why})`} in ${seconds} s`);
      if (!passed || output.trim() !== '') console.log(output.trimEnd());
      resolve(passed);
    };
    child.on('error', (error) => done(false, error.message));
    child.on('close', (code, signal) => done(code === 0, signal ?? `exit code ${code}`));
  });
}

void Promise.all(CHECKS.map(check)).then((results) => {
  process.exitCode = results.every(Boolean) ? 0 : 1;
});
