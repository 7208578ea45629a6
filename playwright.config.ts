import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CODE_EXTENSION } from './src/package-paths';
import { METADATA_KEY, runMetadata } from './src/reporter/run-info';
import { conformanceWorkers } from './src/settings/suite';

/**
 * The conformance suite. `npm run conformance` runs it (with a configuration check first); pointing it at a
 * target is done with the TARGET_* variables of docs/readings.md §3, never by editing this file. It runs as
 * TypeScript in a clone and compiled in dist/ of the package: its modules are named with the running code's
 * extension. Reports go to reports/ of the working folder, which is the user's and not the package's, unless
 * CONFORMANCE_REPORT_DIR names another folder.
 */
/** Where the reports go: reports/ of the working folder, or CONFORMANCE_REPORT_DIR, so that runs side by side keep apart. */
const REPORTS = path.resolve(process.env.CONFORMANCE_REPORT_DIR || 'reports');

export default defineConfig({
  testDir: 'tests',
  projects: [
    // v3 checks compare pages with listings of one shared pool: one writer at a time keeps them meaningful.
    // Listed first, so that its one worker starts at once; the v2.0 tests keep to the other workers, so that
    // neither API's chain waits behind the other's and no worker is started late for the last v2.0 tests.
    { name: 'v3', testMatch: `v3/**/*.spec${CODE_EXTENSION}`, workers: 1 },
    {
      name: 'v2',
      testMatch: `v2/**/*.spec${CODE_EXTENSION}`,
      workers: Math.max(1, conformanceWorkers(process.env) - 1),
    },
  ],
  globalSetup: `./src/runner/global-setup${CODE_EXTENSION}`,
  fullyParallel: true,
  workers: conformanceWorkers(process.env),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  outputDir: path.join(REPORTS, 'test-results'),
  reporter: [
    ['list'],
    ['html', { outputFolder: path.join(REPORTS, 'html'), open: 'never' }],
    ['junit', { outputFile: path.join(REPORTS, 'junit.xml') }],
    // reports/conformance.json and the page reports/conformance/index.html (docs/reports.md).
    [`./src/reporter/conformance-reporter${CODE_EXTENSION}`],
  ],
  // The target and profile, for the conformance report; carried into blob reports for merge-reports.
  metadata: { [METADATA_KEY]: runMetadata(process.env) },
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
