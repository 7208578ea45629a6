import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './conformance-run';

export interface ServedTarget {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the reference server the way a user does with `npm run serve` (through tsx, in its own process) and
 * reads the TARGET_* lines it prints up to `ready`.
 */
export async function serveReference(env: Record<string, string> = {}): Promise<ServedTarget> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const assignments: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (;;) {
        const end = buffer.indexOf('\n');
        if (end < 0) break;
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line === 'ready') return resolve();
        const eq = line.indexOf('=');
        if (eq > 0) assignments[line.slice(0, eq)] = line.slice(eq + 1);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm run serve exited with ${code} before ready`)));
  });
  return {
    env: assignments,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
