/**
 * `npm test`'s first step: makes sure the machine has what the page tests open pages in, a Chromium (and curl,
 * which pastes a failure's command). It uses Playwright's own Chromium or a system one when there is one;
 * otherwise, as root on Debian or Ubuntu, it installs the distribution's `chromium`; otherwise it says in one
 * line what to run. Exit code 0 when a browser is there, 1 when not.
 */
import { spawnSync } from 'node:child_process';
import { findChromium } from '../tests/self/support/chromium';

const INSTALL = 'apt-get install -y --no-install-recommends chromium curl';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command: string): boolean {
  console.error(`test browser: ${command}`);
  return spawnSync('sh', ['-c', command], { stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
}

function main(): number {
  const found = findChromium();
  if (found !== undefined && has('curl')) {
    console.error(`test browser: ${found}`);
    return 0;
  }
  const root = process.getuid?.() === 0;
  if (root && has('apt-get')) {
    // The package lists of a new machine may be missing or old: update them once, then install.
    if (run(`apt-get update -qq && ${INSTALL} -qq`) && findChromium() !== undefined && has('curl')) {
      console.error(`test browser: ${findChromium()}`);
      return 0;
    }
  }
  console.error(
    `test browser: none found; the page tests need Chromium and curl: run "sudo ${INSTALL}" ` +
      '(Debian, Ubuntu) or "npx playwright install chromium", then npm test again',
  );
  return 1;
}

process.exit(main());
