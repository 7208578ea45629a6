/** The harness with a browser: Playwright's page fixtures, on the Chromium of support/chromium.ts. */
import { mergeTests, test as playwrightTest } from '@playwright/test';
import { chromiumLaunch } from './chromium';
import { test as harness } from './harness';

export const pageTest = mergeTests(harness, playwrightTest).extend({
  launchOptions: [chromiumLaunch, { scope: 'worker' }],
});
