/**
 * The sentence table, docs/vendor/sentences.yaml: every sentence of the vendor pages' copies (docs/vendor/*.txt),
 * by page, line and text, with what answers it: the requirements that check it, the docs/readings.md §5 entry
 * that leaves it open, what a requirement would check where none does yet (a gap), why it cannot be checked
 * from outside, or the kind of a sentence that states nothing checkable. The run reads it to count (the
 * conformance page and conformance.json); tests/self/sentences.spec.ts holds it to the pages and the catalogue.
 */
import { readFileSync } from 'node:fs';
import { parseYaml } from '../cache/yaml';
import { isRecord } from '../json';
import { packageFile } from '../package-paths';

/** What a sentence that states nothing checkable is. */
export const SENTENCE_KINDS = ['heading', 'header', 'label', 'prose', 'furniture'] as const;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];

export interface SentenceRow {
  /** The page's copy, `docs/vendor/<file>.txt`. */
  page: string;
  /** The line the sentence starts on, counted from the top of the copy. */
  line: number;
  /** The sentence as the page has it, whitespace normalised; or its opening followed by ` ...`. */
  text: string;
  /** The requirements of requirements.yaml that check it. */
  requirements: string[];
  /** The title of the docs/readings.md §5 entry that leaves it, or part of it, open. */
  open?: string;
  /** What a requirement would check: alone, the sentence is not checked yet; beside requirements, the part of it no requirement checks. */
  gap?: string;
  /** Why it cannot be checked from outside; beside requirements, why the part of it they leave cannot be. */
  reason?: string;
  kind?: SentenceKind;
}

/** How a sentence is answered, the first that applies: checked, left open, not yet checked, ... */
export type SentenceAnswer = 'checked' | 'open' | 'gap' | 'not-checkable' | 'nothing-checkable';

export function answerOf(row: SentenceRow): SentenceAnswer {
  if (row.requirements.length > 0) return 'checked';
  if (row.open !== undefined) return 'open';
  if (row.gap !== undefined) return 'gap';
  return row.reason !== undefined ? 'not-checkable' : 'nothing-checkable';
}

/** The counts the conformance page and conformance.json show (`vendorSentences`). */
export interface SentenceCounts {
  sentences: number;
  /** Sentences that state something checkable from outside: checked + leftOpen + notYetChecked. */
  checkable: number;
  checked: number;
  leftOpen: number;
  notYetChecked: number;
  notCheckable: number;
  nothingCheckable: number;
}

export function sentenceCounts(rows: readonly SentenceRow[]): SentenceCounts {
  const count = (answer: SentenceAnswer) => rows.filter((row) => answerOf(row) === answer).length;
  const [checked, leftOpen, notYetChecked] = [count('checked'), count('open'), count('gap')];
  return {
    sentences: rows.length,
    checkable: checked + leftOpen + notYetChecked,
    checked,
    leftOpen,
    notYetChecked,
    notCheckable: count('not-checkable'),
    nothingCheckable: count('nothing-checkable'),
  };
}

export const SENTENCES_FILE = packageFile('docs/vendor/sentences.yaml');

const KEYS = ['line', 'text', 'requirements', 'open', 'gap', 'reason', 'kind'];

function rowOf(page: string, raw: unknown, index: number): SentenceRow {
  const where = `${SENTENCES_FILE}: ${page} row ${index + 1}`;
  if (!isRecord(raw)) throw new Error(`${where}: not a mapping`);
  const entry = raw;
  const unknown = Object.keys(entry).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0)
    throw new Error(`${where}: unknown key ${unknown.join(', ')}; the keys: ${KEYS.join(', ')}`);
  const { line, text } = entry;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1)
    throw new Error(`${where}: "line" must be a line number`);
  const at = `${where} (line ${line})`;
  if (typeof text !== 'string' || text.trim() === '') throw new Error(`${at}: "text" must be the sentence`);
  const words = (key: string): string | undefined => {
    const value = entry[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`${at}: "${key}" must be a non-empty string`);
    return value;
  };
  const requirements = entry.requirements ?? [];
  if (!Array.isArray(requirements) || requirements.some((id) => typeof id !== 'string' || id === ''))
    throw new Error(`${at}: "requirements" must list requirement ids`);
  const row: SentenceRow = {
    page,
    line,
    text,
    requirements: requirements as string[],
    open: words('open'),
    gap: words('gap'),
    reason: words('reason'),
    kind: words('kind') as SentenceKind | undefined,
  };
  if (row.kind !== undefined && !SENTENCE_KINDS.includes(row.kind))
    throw new Error(`${at}: kind ${row.kind} is none of ${SENTENCE_KINDS.join(', ')}`);
  const answered = row.requirements.length > 0 || row.open !== undefined || row.gap !== undefined;
  // A checked sentence may hold a part that cannot be checked from outside: its reason says which.
  const unanswerable = row.reason !== undefined && row.requirements.length === 0;
  const ways = [answered, unanswerable, row.kind !== undefined].filter(Boolean).length;
  if (ways !== 1)
    throw new Error(
      `${at}: must have requirements, open or gap (the sentence is checkable), or a reason (it cannot be checked from outside; beside requirements, the part they leave), or a kind (it states nothing checkable): exactly one of the three`,
    );
  return row;
}

/** The rows of a sentence table's text, page by page in the order written. */
export function parseSentenceTable(text: string): SentenceRow[] {
  const raw: unknown = parseYaml(text);
  if (!isRecord(raw)) throw new Error(`${SENTENCES_FILE}: must map each page to its rows`);
  return Object.entries(raw).flatMap(([page, rows]) => {
    if (!Array.isArray(rows)) throw new Error(`${SENTENCES_FILE}: ${page} must list its rows`);
    return rows.map((row, index) => rowOf(page, row, index));
  });
}

let cached: SentenceRow[] | undefined;

export function sentenceTable(): SentenceRow[] {
  cached ??= parseSentenceTable(readFileSync(SENTENCES_FILE, 'utf8'));
  return cached;
}

/** The counts of the shipped table, as every report shows them. */
export function vendorSentences(): SentenceCounts {
  return sentenceCounts(sentenceTable());
}
