import { defineConfig } from '@playwright/test';
import { withCompileCache } from './src/cache/compile-cache';

// For the workers and every process they start (src/cache/compile-cache.ts).
Object.assign(process.env, withCompileCache(process.env));

/**
 * The files whose tests take longest, each a project of its own, ahead of the rest, so that Playwright hands them
 * to workers in this order and none starts last. The proof runs come first: their work is done by the Playwright
 * runs they start, while their own worker waits. Beside them, in a third worker, go the files whose tests mostly
 * wait too (slow, busy and silent targets); the rest keep to two workers, one per core.
 */
const PROOFS = ['faults', 'open-choices'];
const WAITING = ['noise', 'busy', 'no-verdict-runs'];
const LONGEST = [...PROOFS, ...WAITING, 'shared-account'];
const specOf = (name: string) => `**/${name}.spec.ts`;
const CORES = 2;

/** The project's own tests (`npm test`): the contract, the reference server, and proof that every check bites. */
export default defineConfig({
  testDir: 'tests/self',
  fullyParallel: true,
  workers: process.env.SELF_TEST_WORKERS ? Number(process.env.SELF_TEST_WORKERS) : CORES + 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  outputDir: 'reports/self-test-results',
  // One snapshot whatever the project: the projects only order the files.
  snapshotPathTemplate: '{testDir}/{testFilePath}-snapshots/{arg}{ext}',
  reporter: [['list'], ['junit', { outputFile: 'reports/self-junit.xml' }]],
  use: { trace: 'off' },
  projects: [
    ...LONGEST.map((name) => ({ name, testMatch: specOf(name), workers: 1 })),
    { name: 'self', testMatch: '**/*.spec.ts', testIgnore: LONGEST.map(specOf), workers: CORES },
  ],
});
