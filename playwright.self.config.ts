import { defineConfig } from '@playwright/test';

/** The project's own tests (`npm test`): the contract, the reference server, and proof that every check bites. */
export default defineConfig({
  testDir: 'tests/self',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.SELF_TEST_WORKERS ? Number(process.env.SELF_TEST_WORKERS) : 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  outputDir: 'reports/self-test-results',
  reporter: [['list'], ['junit', { outputFile: 'reports/self-junit.xml' }]],
  use: { trace: 'off' },
});
