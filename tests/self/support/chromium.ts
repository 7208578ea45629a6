/**
 * The Chromium the self-tests open pages in: Playwright's own when it is installed, else the system's. The
 * same search serves `npm test`'s set-up (scripts/test-browser.ts), which installs one when there is none.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Where a system Chromium or Chrome lives on Linux distributions, in order of preference. */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/** Playwright's own Chromium, if `npx playwright install chromium` put it where playwright-core looks. */
function playwrightChromium(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The Chromium to launch, or undefined when the machine has none. */
export function findChromium(): string | undefined {
  return playwrightChromium() ?? SYSTEM_CHROMIUMS.find((path) => existsSync(path));
}

/** Flags that let Chromium run as root on a machine without a display or an outside network. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** The `launchOptions` worker fixture: `launchOptions: [chromiumLaunch, { scope: 'worker' }]`. */
export async function chromiumLaunch({}, use: (options: LaunchOptions) => Promise<void>): Promise<void> {
  const executablePath = findChromium();
  if (executablePath === undefined)
    throw new Error('no Chromium on this machine: npm test installs one (scripts/test-browser.ts)');
  await use({ executablePath, args: FLAGS });
}
