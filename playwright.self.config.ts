import { defineConfig } from '@playwright/test';
import { withCompileCache } from './src/cache/compile-cache';

// For the workers and every process they start (src/cache/compile-cache.ts).
Object.assign(process.env, withCompileCache(process.env));

/**
 * The files whose tests take longest (the proof runs; busy, crowded and slow targets), longest first: each is a
 * project of its own, ahead of the rest, so Playwright hands them to workers in this order and none starts last.
 */
const LONGEST = ['faults', 'open-choices', 'shared-account', 'busy', 'noise'];
const specOf = (name: string) => `**/${name}.spec.ts`;

/** The project's own tests (`npm test`): the contract, the reference server, and proof that every check bites. */
export default defineConfig({
  testDir: 'tests/self',
  fullyParallel: true,
  workers: process.env.SELF_TEST_WORKERS ? Number(process.env.SELF_TEST_WORKERS) : 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  outputDir: 'reports/self-test-results',
  // One snapshot whatever the project: the projects only order the files.
  snapshotPathTemplate: '{testDir}/{testFilePath}-snapshots/{arg}{ext}',
  reporter: [['list'], ['junit', { outputFile: 'reports/self-junit.xml' }]],
  use: { trace: 'off' },
  projects: [
    ...LONGEST.map((name) => ({ name, testMatch: specOf(name) })),
    { name: 'self', testMatch: '**/*.spec.ts', testIgnore: LONGEST.map(specOf) },
  ],
});
