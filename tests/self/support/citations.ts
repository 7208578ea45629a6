/**
 * The repository's sources and how its text cites them: a line of a vendor page's copy
 * (`docs/vendor/v2.0-add-backend-server.txt:44,60-64`) or a section of the suite's reading of the pages
 * (`docs/readings.md §1`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';
export const VENDOR_DIR = 'docs/vendor/';
export const READINGS = 'docs/readings.md';

export const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A tracked file's text, or undefined when it is binary. */
export function readText(file: string): string | undefined {
  const data = readFileSync(path.join(ROOT, file));
  return data.includes(0) ? undefined : data.toString('utf8');
}

export interface PageCite {
  /** The file as the citation names it, e.g. docs/vendor/v3-query-backend-servers.txt. */
  file: string;
  lines: string;
  ranges: [number, number][];
}

/** The page lines a text cites: `docs/vendor/v2.0-add-backend-server.txt:40,56,57-60`, `page.txt:439, 447`. */
export function citesOf(text: string): PageCite[] {
  return [...text.matchAll(/((?:[\w.-]+\/)*[\w.-]+\.txt):(\d+(?:-\d+)?(?:, ?\d+(?:-\d+)?)*)/g)].map((m) => ({
    file: m[1] ?? '',
    lines: m[2] ?? '',
    ranges: (m[2] ?? '').split(',').map((part) => {
      const [from, to] = part.trim().split('-').map(Number);
      return [from ?? 0, to ?? from ?? 0];
    }),
  }));
}

/** The sections of docs/readings.md a source cites: `docs/readings.md §1, §5` gives 1 and 5. */
export function readingsSectionsOf(source: string): number[] {
  return source
    .split(';')
    .filter((part) => part.includes(READINGS))
    .flatMap((part) => [...part.matchAll(/§(\d+)/g)].map((m) => Number(m[1])));
}

/** The numbered sections of a Markdown text (`## 1. Title` up to the next `## `), by number. */
export function sectionsOf(markdown: string): Map<number, string> {
  const sections = new Map<number, string>();
  for (const m of markdown.matchAll(/^## (\d+)\..*$/gm)) {
    const start = (m.index ?? 0) + m[0].length;
    const next = markdown.slice(start).search(/^## /m);
    sections.set(Number(m[1]), markdown.slice(start, next < 0 ? undefined : start + next));
  }
  return sections;
}

/** The titles of docs/readings.md §5's entries, by which the repository names them: the bold words that open each of its bullets. */
export function openTitles(readings: string): string[] {
  const open = sectionsOf(readings).get(5) ?? '';
  return [...open.matchAll(/^\s*- \*\*(.+?)\*\*/gm)].map((m) => m[1] ?? '');
}

/**
 * The pieces of a quote that must be found verbatim: a quote strings sentences together with ' ... ' (or
 * ' [...] ', ' [...]. ') and table cells with ' | '; pieces of 15 characters or fewer (`Integer`, `No`) and pieces wholly
 * in backticks are too short or too generic to check.
 */
export function fragmentsOf(quote: string): string[] {
  return quote
    .split(/ \| /)
    .flatMap((part) => part.split(/(?:^|\s)\[?\.\.\.\]?[.,;]?(?:\s|$)/))
    .map(normalise)
    .filter((fragment) => fragment.length > 15 && !/^`[^`]*`$/.test(fragment));
}

/** A vendor page's copy by the path a citation gives, as lines; undefined unless it is a file of docs/vendor/. */
export function vendorPage(file: string): string[] | undefined {
  if (!file.startsWith(VENDOR_DIR) || file.includes('..')) return undefined;
  try {
    return readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  } catch {
    return undefined;
  }
}

/** What is wrong with one citation of page lines: a page that is not a copy, or lines it does not have. */
export function citeProblems(cite: PageCite, page: (file: string) => string[] | undefined): string[] {
  const lines = page(cite.file);
  if (!lines) return [`cites ${cite.file}, which is not among the vendor pages (${VENDOR_DIR})`];
  return cite.ranges
    .filter(([from, to]) => from < 1 || to < from || to > lines.length)
    .map(([from, to]) => `cites ${cite.file}:${from}-${to}, but the page has lines 1-${lines.length}`);
}

/** Page lines as a quote gives them: whitespace normalised, and without the bullets of the page's lists. */
export const pageText = (lines: readonly string[]): string =>
  normalise(lines.join('\n').replace(/^\s*•/gm, ' '));

/** The text of the cited lines, each range on its own, as pageText gives it. */
export function citedText(cite: PageCite, lines: readonly string[]): string[] {
  return cite.ranges.map(([from, to]) => pageText(lines.slice(from - 1, to)));
}
