import type { ChildProcesses } from './child-process';

export interface ServedTarget {
  /** The TARGET_* variables it printed: what points the suite at it. */
  env: Record<string, string>;
}

/**
 * Starts the reference server the way a user does with `npm run serve` (through tsx, in its own process), as a
 * child of `processes` (which stops it), and reads the TARGET_* lines it prints up to `ready`.
 */
export async function serveReference(
  processes: ChildProcesses,
  env: Record<string, string> = {},
): Promise<ServedTarget> {
  const child = processes.start(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts'], {
    env,
  });
  await child.printed('ready');
  return { env: printedTarget(child.stdout) };
}

/** The `NAME=value` lines a served reference server printed before `ready`. */
export function printedTarget(stdout: string): Record<string, string> {
  const lines = stdout.split('\n').map((line) => line.trim());
  const assignments = lines.slice(0, lines.indexOf('ready')).flatMap((line) => {
    const eq = line.indexOf('=');
    return eq > 0 ? [[line.slice(0, eq), line.slice(eq + 1)] as const] : [];
  });
  return Object.fromEntries(assignments);
}
