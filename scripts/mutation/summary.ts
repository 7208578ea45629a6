/**
 * What a mutation run found, from Stryker's JSON report (reports/mutation/mutation.json unless another is named):
 * per mutated file the mutants by status and the score, then every mutant the suite did not kill, with its place,
 * mutator and replacement, and the reason of each ignored one counted by reason. docs/mutation.md quotes it.
 *
 *   npx tsx scripts/mutation/summary.ts [report.json] [--survivors]
 */
import { readFileSync } from 'node:fs';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;

const DETECTED = new Set(['Killed', 'Timeout']);

interface Counts {
  mutants: number;
  ignored: number;
  killed: number;
  timeout: number;
  survived: number;
  errors: number;
}

function countsOf(mutants: readonly Mutant[]): Counts {
  const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
  return {
    mutants: mutants.length,
    ignored: count('Ignored'),
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived', 'NoCoverage'),
    errors: count('CompileError', 'RuntimeError'),
  };
}

/** Stryker's own score: detected over detected and undetected; ignored and erroneous mutants are left out. */
const score = (c: Counts): string => {
  const valid = c.killed + c.timeout + c.survived;
  return valid === 0 ? 'n/a' : `${((100 * (c.killed + c.timeout)) / valid).toFixed(1)} %`;
};
const share = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;

const rows = Object.entries(report.files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, f]) => [name.replace(/^.*reference-server\/src\//, ''), countsOf(f.mutants)] as const);
const total = countsOf(Object.values(report.files).flatMap((f) => f.mutants));

const line = (name: string, c: Counts): string =>
  `| ${name} | ${c.mutants} | ${c.ignored} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.errors} | ${score(c)} |`;
console.log('| file | mutants | ignored | killed | timeout | survived | errors | score |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, c] of rows) console.log(line(`\`${name}\``, c));
console.log(line(`**${rows.length} files**`, total));
console.log(`\nignored: ${total.ignored} of ${total.mutants} (${share(total.ignored, total.mutants)})`);

const reasons = new Map<string, number>();
for (const m of Object.values(report.files).flatMap((f) => f.mutants)) {
  if (m.status === 'Ignored') reasons.set(m.statusReason ?? '', (reasons.get(m.statusReason ?? '') ?? 0) + 1);
}
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n}  ${reason}`);

if (args.includes('--survivors')) {
  console.log('\nnot killed:');
  for (const [name, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    for (const m of f.mutants.filter((m) => !DETECTED.has(m.status) && m.status !== 'Ignored')) {
      const { line: at, column } = m.location.start;
      const code = (lines[at - 1] ?? '').trim();
      console.log(
        `${name}:${at}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '')}\n    ${code}`,
      );
    }
  }
}
