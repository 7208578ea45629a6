#!/usr/bin/env node
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by node as it is */
// The `lb-member-conformance` command: scripts/cli.ts through tsx's CommonJS hook in a clone of the repository,
// or its compiled dist/scripts/cli.js in an installed package, which holds no TypeScript sources.
'use strict';

const { existsSync } = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'scripts', 'cli.ts');
const fromSource = existsSync(source);
if (fromSource) require('tsx/cjs');
const { main } = require(fromSource ? source : path.join(__dirname, '..', 'dist', 'scripts', 'cli.js'));

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
