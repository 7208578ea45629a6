/**
 * Prepares a retest: copies a mutation run's JSON report to Stryker's incremental file, keeping only the results
 * that need no second look (mutants killed by a failed requirement, verdict `does-not-conform`; timeouts; ignored
 * mutants). `npm run mutation -- --incremental` then tests every other mutant again: the survivors, and the kills
 * whose run had no verdict, which a run disturbed from outside (a full disk, a busy machine) can also cause.
 *
 *   npx tsx scripts/mutation/keep-conclusive.ts [reports/mutation/mutation.json] [reports/stryker-incremental.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  status: string;
  statusReason?: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const [from = 'reports/mutation/mutation.json', to = 'reports/stryker-incremental.json'] =
  process.argv.slice(2);
const report = JSON.parse(readFileSync(from, 'utf8')) as Report;

const conclusive = (m: Mutant): boolean =>
  m.status === 'Timeout' ||
  m.status === 'Ignored' ||
  (m.status === 'Killed' && (m.statusReason ?? '').includes('verdict: does-not-conform'));

let kept = 0;
let retested = 0;
for (const file of Object.values(report.files)) {
  const keep = file.mutants.filter(conclusive);
  retested += file.mutants.length - keep.length;
  kept += keep.length;
  file.mutants = keep;
}
writeFileSync(to, JSON.stringify(report));
console.log(`${to}: ${kept} results kept, ${retested} mutants to test again`);
