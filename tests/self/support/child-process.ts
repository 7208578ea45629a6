/**
 * The one way self-tests start a program: its output collected, its exit awaited, and every child started
 * through a ChildProcesses set stopped when the set is (a fixture's teardown), so that no test, however it
 * ends, leaves a program running.
 */
import { spawn } from 'node:child_process';
import { ROOT } from './paths';

/** How long a child may take over SIGTERM at teardown before it gets SIGKILL. */
const STOP_GRACE_MS = 5000;

/** This process's environment without the variables that steer a run (so none leaks into a child). */
export function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^(TARGET_|REFERENCE_|CONFORMANCE_|FC_|PLAYWRIGHT_|TEST_)/.test(entry[0]),
    ),
  );
}

/** Text without the ANSI colour codes that reporters add when the terminal (or FORCE_COLOR) asks for them. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

export interface ProcessResult {
  /** null when a signal ended it, or when it could not be started (then `error` says why). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

export interface ChildOptions {
  /** Variables set on top of `baseEnv`. */
  env?: Record<string, string>;
  /** The environment the child starts from: cleanEnv() unless given. */
  baseEnv?: Record<string, string>;
  /** The working folder: the repository unless given. */
  cwd?: string;
}

export interface Child {
  readonly pid: number | undefined;
  /** What it has written so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Both, in the order they came. */
  readonly output: string;
  /** Its exit code as soon as it has exited, whoever still holds its output. */
  readonly exited: Promise<number | null>;
  /** Its exit code and all its output, once its output has ended. */
  readonly closed: Promise<ProcessResult>;
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when it has printed this line on stdout; rejects, with what it wrote, when it ends first. */
  printed(line: string): Promise<void>;
}

function start(program: string, args: readonly string[], options: ChildOptions): Child {
  const child = spawn(program, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...(options.baseEnv ?? cleanEnv()), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  let error: Error | undefined;
  let exitCode: number | null | undefined;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
    changed();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(null));
  }).then((code) => {
    exitCode = code;
    changed();
    return code;
  });
  const closed = new Promise<ProcessResult>((resolve) => {
    const done = (code: number | null) =>
      resolve({ exitCode: code, stdout, stderr, ...(error ? { error } : {}) });
    child.on('close', done);
    child.on('error', (e) => {
      error = e;
      stderr += String(e);
      done(null);
    });
  });
  return {
    pid: child.pid,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get output() {
      return output;
    },
    exited,
    closed,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (stdout.split('\n').some((l) => l.trim() === line)) resolve();
          else if (exitCode !== undefined)
            reject(new Error(`${program} exited with ${exitCode} before printing "${line}":\n${output}`));
          else return;
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}

async function stop(child: Child): Promise<void> {
  child.kill('SIGTERM');
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), STOP_GRACE_MS).unref());
  if ((await Promise.race([child.exited, timer])) === 'late') {
    child.kill('SIGKILL');
    await child.exited;
  }
}

/** The children started through it; stopAll() ends those still running (SIGTERM, then SIGKILL). */
export class ChildProcesses {
  private readonly running = new Set<Child>();

  start(program: string, args: readonly string[], options: ChildOptions = {}): Child {
    const child = start(program, args, options);
    this.running.add(child);
    void child.exited.then(() => this.running.delete(child));
    return child;
  }

  /** Starts the program and waits for its end. */
  run(program: string, args: readonly string[], options: ChildOptions = {}): Promise<ProcessResult> {
    return this.start(program, args, options).closed;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map(stop));
  }
}
