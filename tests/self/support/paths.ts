/** Where the repository is, and the programs and files of it that self-tests start or name. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(__dirname, '../../..');
/** What runs a TypeScript program in one node process, as `npm run conformance` does: `node ...TSX program`. */
export const TSX = ['--import', pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href];
export const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli', { paths: [ROOT] });
export const CONFORMANCE_SCRIPT = path.join(ROOT, 'scripts/conformance.ts');
export const CONFORMANCE_REPORTER = path.join(ROOT, 'src/reporter/conformance-reporter.ts');
/** The `lb-member-conformance` command's shim (package.json "bin"). */
export const COMMAND = path.join(ROOT, 'bin/lb-member-conformance.js');
