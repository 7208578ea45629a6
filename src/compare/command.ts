/**
 * `lb-member-conformance compare A.json B.json [C.json ...] [--out DIR]`: the text table on stdout, the page
 * in DIR/index.html (default reports/compare/). Exit code: 0 when the runs agree on every requirement they
 * share and on their verdict, none of them incomplete; 1 otherwise; 2 when the input is wrong (then nothing is
 * written).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { align } from './align';
import { CompareInputError, loadRun, type LoadedRun } from './load';
import { renderComparePage } from './page';
import { renderText } from './text';

export const COMPARE_EXIT = { agree: 0, differ: 1, input: 2 } as const;

export const COMPARE_USAGE = 'A.json B.json [C.json ...] [--out DIR]';

export const DEFAULT_COMPARE_DIR = path.join('reports', 'compare');

export const COMPARE_HELP = [
  `Usage: lb-member-conformance compare ${COMPARE_USAGE}`,
  '',
  'Compares conformance runs (their conformance.json) side by side: a row per requirement, a column per run,',
  'the rows whose statuses differ first. Requirements not in every run (another suite version or catalogue)',
  'are listed apart and not compared. Prints the table, and writes it as a page to DIR/index.html (default',
  "reports/compare/), each status linking to the run's conformance page beside its JSON.",
  '',
  'Exit code: 0 the runs agree on every shared requirement and on their verdict, none incomplete; 1 some',
  'differ, the verdicts differ, or a run is incomplete; 2 bad input (nothing written).',
  '',
].join('\n');

type Parsed =
  { kind: 'help' } | { kind: 'compare'; files: string[]; out: string } | { kind: 'error'; message: string };

export function parseCompareArgs(argv: readonly string[]): Parsed {
  const files: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--out' || arg.startsWith('--out=')) {
      if (out !== undefined) return { kind: 'error', message: '--out is given twice' };
      out = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (!out) return { kind: 'error', message: '--out needs a folder, as in --out=DIR' };
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return { kind: 'error', message: `unknown flag ${arg}` };
    files.push(arg);
  }
  if (files.length < 2)
    return {
      kind: 'error',
      message: `at least two reports to compare, got ${files.length === 0 ? 'none' : `only ${files[0]}`}`,
    };
  return { kind: 'compare', files, out: path.resolve(out ?? DEFAULT_COMPARE_DIR) };
}

function fail(message: string): number {
  console.error(`lb-member-conformance compare: ${message}`);
  return COMPARE_EXIT.input;
}

export async function runCompare(argv: readonly string[]): Promise<number> {
  const parsed = parseCompareArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(COMPARE_HELP);
    return COMPARE_EXIT.agree;
  }
  if (parsed.kind === 'error')
    return fail(`${parsed.message}\nUsage: lb-member-conformance compare ${COMPARE_USAGE}`);
  let runs: LoadedRun[];
  try {
    runs = parsed.files.map(loadRun);
  } catch (error) {
    if (error instanceof CompareInputError) return fail(error.message);
    throw error;
  }
  const comparison = align(runs);
  if (comparison.rows.length === 0)
    return fail(`${parsed.files.join(', ')}: no requirement in common to compare`);
  process.stdout.write(renderText(comparison));
  mkdirSync(parsed.out, { recursive: true });
  const page = path.join(parsed.out, 'index.html');
  writeFileSync(page, renderComparePage(comparison, parsed.out));
  process.stdout.write(`\nPage: ${path.relative(process.cwd(), page) || page}\n`);
  return comparison.agree ? COMPARE_EXIT.agree : COMPARE_EXIT.differ;
}
