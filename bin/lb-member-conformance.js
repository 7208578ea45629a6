#!/usr/bin/env node
/* global require, process */
// The `lb-member-conformance` command: scripts/cli.ts, run in this process through tsx's CommonJS hook.
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsx/cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('../scripts/cli.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
