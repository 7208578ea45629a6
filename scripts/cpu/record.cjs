/**
 * Preloaded into every Node.js process of a run (NODE_OPTIONS="--require ./scripts/cpu/record.cjs", with
 * CPU_RECORD_DIR naming an empty folder): at exit, each process writes its CPU time (user + system), its parent
 * and its command line there, for scripts/cpu/summary.ts to add up by kind of process. A process killed by a
 * signal writes nothing.
 */
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- preloaded with --require, before any loader */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.CPU_RECORD_DIR;
if (dir) {
  const started = Date.now();
  process.once('exit', () => {
    const { user, system } = process.cpuUsage();
    const record = {
      pid: process.pid,
      ppid: process.ppid,
      argv: process.argv.join(' '),
      cpuSeconds: (user + system) / 1e6,
      wallSeconds: (Date.now() - started) / 1000,
    };
    try {
      fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // A folder gone mid-run loses the record, never the run.
    }
  });
}
