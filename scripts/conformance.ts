/**
 * npm run conformance [-- playwright args]: checks the configuration, then runs the conformance suite.
 * Exit code: 0 the target conforms, 1 it does not (or the run broke), 2 a configuration error.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { preflight } from '../src/runner/preflight';
import { ConfigError } from '../src/target/config';

const args = process.argv.slice(2);
try {
  preflight(process.env, args);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`conformance: configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const root = path.resolve(__dirname, '..');
const cli = require.resolve('@playwright/test/cli', { paths: [root] });
const result = spawnSync(
  process.execPath,
  [cli, 'test', '-c', path.join(root, 'playwright.config.ts'), ...args],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(result.status === 0 ? 0 : 1);
