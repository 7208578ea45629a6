/** Debian's chromium, for the self-tests that open a page through Playwright's own browser and page fixtures. */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const CHROMIUM = '/usr/bin/chromium';

/** The `launchOptions` worker fixture: `launchOptions: [debianChromium, { scope: 'worker' }]`. */
export async function debianChromium({}, use: (options: LaunchOptions) => Promise<void>): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Debian's chromium is not at ${CHROMIUM}: apt-get install chromium (.ci/run does it)`);
  await use({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
