/**
 * Adds up what scripts/cpu/record.cjs recorded: the CPU time of a run's Node.js processes by kind (the
 * Playwright runners and workers of the project's own tests, of their proof runs and of the conformance runs
 * they start, and the commands around them), so that where a run's time goes is measured, not guessed.
 *
 *   npx tsx scripts/cpu/summary.ts <CPU_RECORD_DIR>
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProcessRecord {
  pid: number;
  ppid: number;
  argv: string;
  cpuSeconds: number;
  wallSeconds: number;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/cpu/summary.ts <folder written by scripts/cpu/record.cjs>');
  process.exit(2);
}

const records = new Map<number, ProcessRecord>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const record = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ProcessRecord;
  records.set(record.pid, record);
}

const RUNNERS: [string, RegExp][] = [
  ['own tests', /playwright\.self\.config/],
  ['proof run', /proof-config/],
];

/** What a process is: a Playwright runner or worker (of which run), or the command it runs. */
function kindOf(record: ProcessRecord): string {
  const worker = record.argv.includes('workerProcessEntry');
  const runner = worker ? records.get(record.ppid) : record;
  if (worker || /playwright(\/test)?\/cli\.js|playwright test/.test(record.argv)) {
    const of = RUNNERS.find(([, pattern]) => runner && pattern.test(runner.argv))?.[0] ?? 'conformance run';
    return `${of}: Playwright ${worker ? 'worker' : 'runner'}`;
  }
  // The script it runs: the first argument after node's own options, named from the project's root.
  const args = record.argv.split(' ').slice(1);
  const script = args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--import') ?? 'node';
  if (script.endsWith('npm-cli.js') || script.endsWith('/npm')) return 'npm';
  return script.replace(/^.*?\/(scripts|bin|reference-server|tests|node_modules)\//, '$1/');
}

const byKind = new Map<string, { count: number; cpu: number }>();
for (const record of records.values()) {
  const kind = kindOf(record);
  const sum = byKind.get(kind) ?? { count: 0, cpu: 0 };
  byKind.set(kind, { count: sum.count + 1, cpu: sum.cpu + record.cpuSeconds });
}
const total = [...records.values()].reduce((s, r) => s + r.cpuSeconds, 0);
console.log(`${records.size} processes, ${total.toFixed(0)} s of CPU\n`);
console.log('| CPU, s | share | processes | each, s | kind |');
console.log('| -----: | ----: | --------: | ------: | ---- |');
for (const [kind, { count, cpu }] of [...byKind].sort((a, b) => b[1].cpu - a[1].cpu))
  console.log(
    `| ${cpu.toFixed(0)} | ${((100 * cpu) / total).toFixed(0)} % | ${count} | ${(cpu / count).toFixed(2)} | ${kind} |`,
  );
