/**
 * Playwright as a child of the runner, interruptible without leaving members behind. It runs in a process
 * group of its own (detached), so a Ctrl-C in the terminal reaches only the runner, which forwards exactly one
 * SIGINT to it: Playwright then interrupts the running tests and tears their fixtures down, which is where
 * each test deletes what it created. A second signal (SIGINT or SIGTERM) kills the whole group at once.
 */
import { spawn } from 'node:child_process';
import { withCompileCache } from '../cache/compile-cache';

type Env = Record<string, string | undefined>;

/**
 * One Ctrl-C may reach the runner more than once (from the terminal and relayed by npm or tsx); signals this
 * close to the first one are the same interrupt. Playwright applies the same rule to its own SIGINTs.
 */
export const REPEAT_WINDOW_MS = 1000;

export interface PlaywrightExit {
  /** The exit code, or null when Playwright was killed. */
  code: number | null;
  /** The signal that interrupted the run, when one did. */
  interruptedBy?: NodeJS.Signals;
}

export function runPlaywright(
  argv: readonly string[],
  options: { cwd: string; env: Env; log: (line: string) => void },
): Promise<PlaywrightExit> {
  const child = spawn(process.execPath, argv, {
    stdio: 'inherit',
    cwd: options.cwd,
    env: withCompileCache(options.env),
    detached: true,
  });
  let interruptedBy: NodeJS.Signals | undefined;
  let firstAt = 0;
  let killed = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    if (interruptedBy === undefined) {
      interruptedBy = signal;
      firstAt = Date.now();
      options.log(
        `${signal}: stopping the tests and deleting what they created (a second signal kills them at once)`,
      );
      signalProcess(child.pid, 'SIGINT');
      return;
    }
    if (killed || Date.now() - firstAt < REPEAT_WINDOW_MS) return;
    killed = true;
    options.log(`${signal} again: killing Playwright and its workers`);
    signalProcess(-child.pid, 'SIGKILL');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return new Promise((resolve) => {
    let finished = false;
    const done = (code: number | null): void => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A worker that outlived Playwright's main process must not keep writing while the runner cleans up.
      if (child.pid !== undefined) signalProcess(-child.pid, 'SIGKILL');
      resolve({ code, ...(interruptedBy ? { interruptedBy } : {}) });
    };
    child.once('error', (error) => {
      options.log(`could not start Playwright: ${error.message}`);
      done(null);
    });
    child.once('exit', (code) => done(code));
  });
}

/** process.kill, quiet when the process (or group) is already gone. */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
