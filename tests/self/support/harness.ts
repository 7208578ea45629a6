/**
 * The self-tests' harness: Playwright's `test` with what the project's own tests start, run and serve, each
 * one a fixture whose teardown stops or closes what it made, whatever the outcome of the test. Folders come
 * from the test's output folder (`reports/self-test-results`), which Playwright empties at the start of a run;
 * every child process starts through ChildProcesses (support/child-process.ts). It starts from Playwright's test
 * without its browser fixtures, which it would otherwise set up for every test; the tests that open a page take
 * them from support/page-harness.ts.
 */
import type { RequestListener } from 'node:http';
import path from 'node:path';
import { _baseTest as base } from '@playwright/test';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../../reference-server/src/index';
import { ChildProcesses, type Child, type ChildOptions, type ProcessResult } from './child-process';
import { listConformanceTests, type ListedTest } from './conformance-list';
import { conformanceRunner, mergeConformanceReports, type ConformanceRunner } from './conformance-run';
import { loopbackServer, type LoopbackServer } from './loopback-server';
import { recordingProxy, type ProxyBreak, type RecordingProxy } from './recording-proxy';
import { ReferenceClient } from './reference-client';
import { runProof, type ProofRequest } from './proof-run';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunResult } from './conformance-run';
import { freshFolder } from './scratch';
import { serveReference, type ServedTarget } from './served-target';

export { expect } from '@playwright/test';

/** Runs a program to its end: `env` on top of cleanEnv() (or of `options.baseEnv`), in the repository. */
type Run<A extends unknown[]> = (
  ...args: [...A, env?: Record<string, string>, options?: Omit<ChildOptions, 'env'>]
) => Promise<ProcessResult>;

export interface HarnessFixtures {
  /** The test's children: each still running when the test ends is stopped. */
  childProcesses: ChildProcesses;
  /** A new empty folder in the test's output folder (`scratch`, `scratch-2`... by default). */
  scratch: (name?: string) => string;
  /** Starts a program as a child of the test. */
  spawnChild: (program: string, args: readonly string[], options?: ChildOptions) => Child;
  runProcess: Run<[program: string, args: readonly string[]]>;
  /** Runs `node args...`. */
  runNode: Run<[args: readonly string[]]>;
  /** `npm run conformance`, its output in the test's output folder (support/conformance-run.ts). */
  runConformance: ConformanceRunner;
  /** Merges a run's blob reports into a fresh folder with the conformance reporter; the folder (support/conformance-run.ts). */
  mergeBlobReports: (blobDir: string) => Promise<string>;
  /** The conformance suite's tests as `playwright test --list` gives them. */
  listConformanceTests: (args?: readonly string[]) => Promise<ListedTest[]>;
  /** Serves a reference server set up as `npm run serve` is, with these REFERENCE_* settings, for this test. */
  serveReference: (env?: Record<string, string>) => Promise<ServedTarget>;
  /** The settings of `servedTarget` (set with test.use). */
  servedTargetEnv: Record<string, string>;
  /** A reference server served for this test with `servedTargetEnv`. */
  servedTarget: ServedTarget;
  /** A proxy in front of a target that records every request (support/recording-proxy.ts). */
  recordingProxy: (targetUrl: string, breaks?: ProxyBreak) => Promise<RecordingProxy>;
  /** An HTTP server of the test's own, answering with `listener`, on a free loopback port. */
  loopbackServer: (listener: RequestListener) => Promise<LoopbackServer>;
  /** A reference server inside the test's own process. */
  inProcessServer: (options?: ReferenceServerOptions) => Promise<ReferenceServer>;
  /** Sets variables of this process's environment (undefined removes one) until the test ends. */
  setEnv: (variables: Record<string, string | undefined>) => void;
  /** The options of `referenceServer` (set with test.use). */
  referenceOptions: ReferenceServerOptions;
  /** A reference server inside the test's own process, started with `referenceOptions`. */
  referenceServer: ReferenceServer;
  /** A strict client of `referenceServer`. */
  api: ReferenceClient;
}

export interface HarnessWorkerFixtures {
  /** The worker's children: each still running when the worker ends is stopped. */
  workerProcesses: ChildProcesses;
  /** A new empty folder of the worker, for what tests of one serial group share. */
  workerScratch: (name: string) => string;
  /** Serves a reference server set up as `npm run serve` is, for as long as the worker lives. */
  serveForWorker: (env?: Record<string, string>) => Promise<ServedTarget>;
  /** The files git tracks, relative to the repository. */
  trackedFiles: string[];
  /**
   * A proof run (support/proof-run.ts), made once per self-test run under its name: a worker that replaces one
   * stopped by a failed test reads the results the first one kept (Playwright empties the output folder at the
   * start of every run). Its servers and its Playwright process are stopped when it ends or the worker does.
   * The test that makes it waits for all of it: give that test the time of the whole run.
   */
  proofRun: (
    name: string,
    requests: readonly ProofRequest[],
    workers: number,
  ) => Promise<Map<string, RunResult>>;
}

/** A fixture that hands out `create`, and closes what it created, last first, when the test ends. */
function closing<A extends unknown[], T extends { close(): Promise<void> }>(
  create: (...args: A) => Promise<T>,
) {
  return async ({}, use: (create: (...args: A) => Promise<T>) => Promise<void>) => {
    const made: T[] = [];
    await use(async (...args) => {
      const item = await create(...args);
      made.push(item);
      return item;
    });
    for (const item of made.reverse()) await item.close();
  };
}

/** A set of children for a test or a worker, whose end stops those still running. */
async function stoppingChildren({}, use: (processes: ChildProcesses) => Promise<void>): Promise<void> {
  const processes = new ChildProcesses();
  await use(processes);
  await processes.stopAll();
}

export const test = base.extend<HarnessFixtures, HarnessWorkerFixtures>({
  childProcesses: stoppingChildren,
  scratch: async ({}, use, testInfo) => {
    await use((name = 'scratch') => freshFolder(testInfo.outputPath(), name));
  },
  spawnChild: async ({ childProcesses }, use) => {
    await use((program, args, options) => childProcesses.start(program, args, options));
  },
  runProcess: async ({ childProcesses }, use) => {
    await use((program, args, env = {}, options = {}) =>
      childProcesses.run(program, args, { ...options, env }),
    );
  },
  runNode: async ({ runProcess }, use) => {
    await use((args, env, options) => runProcess(process.execPath, args, env, options));
  },
  runConformance: async ({ childProcesses, scratch }, use) => {
    await use(conformanceRunner(childProcesses, () => scratch('conformance-run')));
  },
  mergeBlobReports: async ({ runNode, scratch }, use) => {
    await use((blobDir) => mergeConformanceReports(runNode, blobDir, scratch('merged')));
  },
  listConformanceTests: async ({ runNode, scratch }, use) => {
    await use((args) => listConformanceTests(runNode, scratch('conformance-list'), args));
  },
  serveReference: closing(serveReference),
  servedTargetEnv: [{}, { option: true }],
  servedTarget: async ({ serveReference, servedTargetEnv }, use) => {
    await use(await serveReference(servedTargetEnv));
  },
  recordingProxy: closing(recordingProxy),
  inProcessServer: closing(startReferenceServer),
  loopbackServer: closing(loopbackServer),
  referenceOptions: [{}, { option: true }],
  referenceServer: async ({ inProcessServer, referenceOptions }, use) => {
    await use(await inProcessServer(referenceOptions));
  },
  api: async ({ referenceServer }, use) => {
    await use(new ReferenceClient(referenceServer, true));
  },
  setEnv: async ({}, use) => {
    const saved = new Map<string, string | undefined>();
    const set = (name: string, value: string | undefined) => {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    };
    await use((variables) => {
      for (const [name, value] of Object.entries(variables)) {
        if (!saved.has(name)) saved.set(name, process.env[name]);
        set(name, value);
      }
    });
    for (const [name, value] of saved) set(name, value);
  },

  workerProcesses: [stoppingChildren, { scope: 'worker' }],
  workerScratch: [
    async ({}, use, workerInfo) => {
      const parent = path.join(workerInfo.project.outputDir, `worker-${workerInfo.workerIndex}`);
      await use((name) => freshFolder(parent, name));
    },
    { scope: 'worker' },
  ],
  serveForWorker: [closing(serveReference), { scope: 'worker' }],
  proofRun: [
    async ({ workerProcesses }, use, workerInfo) => {
      await use(async (name, requests, workers) => {
        const dir = path.join(workerInfo.project.outputDir, 'proofs', name);
        const kept = path.join(dir, 'results.json');
        if (existsSync(kept)) return new Map(JSON.parse(readFileSync(kept, 'utf8')) as [string, RunResult][]);
        const results = await runProof(requests, {
          processes: workerProcesses,
          dir: (mkdirSync(dir, { recursive: true }), dir),
          workers,
        });
        writeFileSync(kept, JSON.stringify([...results]));
        return results;
      });
    },
    { scope: 'worker' },
  ],
  trackedFiles: [
    async ({ workerProcesses }, use) => {
      const git = await workerProcesses.run('git', ['ls-files', '-z']);
      if (git.exitCode !== 0) throw new Error(`git ls-files exited with ${git.exitCode}: ${git.stderr}`);
      await use(git.stdout.split('\0').filter(Boolean));
    },
    { scope: 'worker' },
  ],
});
