/**
 * The sentences of a vendor page's copy (docs/vendor/*.txt), as docs/vendor/sentences.yaml lists them. The copy's
 * own header (up to the line `---- Below: ...`) is not the vendor's and has none. Of the rest, each line holds
 * text, a table cell, or nothing: blank lines, the bars that close the cells of a table and the `---|---` rules
 * under a table's header are layout. Then, in order:
 *
 * - a table's header (`Parameter`, `Mandatory`, `Type`, `Description`, `Status Code`, one cell a line) is one
 *   sentence: `Parameter | Mandatory | Type | Description`;
 * - a parameter row's head, its name followed by its `Yes`/`No` (request tables only) and its type, is one
 *   sentence: `weight | No | Integer`; its description follows as sentences of its own;
 * - a JSON example, from a line that opens with `{` or `[` to the line that closes it, is one sentence;
 * - any other line is split into sentences after each `.`, `!` or `?` that a space follows.
 */
import { normalise } from './citations';

/** One sentence of a page: the line it starts on, the line it ends on, and its text, whitespace normalised. */
export interface PageSentence {
  line: number;
  endLine: number;
  text: string;
}

/** A line of the page that holds text, without its table bar or list bullet. */
interface Piece {
  line: number;
  text: string;
}

const COPY_HEADER_END = /^---- Below:/;
const LAYOUT = /^[\s|-]*$/;
const HEADER_CELLS = new Set(['Parameter', 'Mandatory', 'Type', 'Description', 'Status Code']);
const PARAMETER_NAME = /^[A-Za-z_][\w-]*$/;
const MANDATORY = /^(Yes|No)$/;
const TYPE = /^(String|Integer|Boolean|Object|Array|[A-Z]\w* object|Array of [A-Z]\w* objects)$/;

function piecesOf(lines: readonly string[]): Piece[] {
  const start = lines.findIndex((line) => COPY_HEADER_END.test(line));
  if (start < 0) throw new Error('the copy has no line "---- Below: ..." that ends its header');
  const pieces: Piece[] = [];
  for (let index = start + 1; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    if (LAYOUT.test(raw)) continue;
    const text = normalise(raw.replace(/\|\s*$/, '').replace(/^\s*[•-]\s+/, ''));
    if (text !== '') pieces.push({ line: index + 1, text });
  }
  return pieces;
}

/** How many pieces from `at` make a parameter row's head (name, mandatory, type), or 0. */
function rowHeadLength(pieces: readonly Piece[], at: number): number {
  const [name, second, third] = [pieces[at], pieces[at + 1], pieces[at + 2]].map((p) => p?.text ?? '');
  if (!PARAMETER_NAME.test(name ?? '')) return 0;
  if (MANDATORY.test(second ?? '') && TYPE.test(third ?? '')) return 3;
  return TYPE.test(second ?? '') ? 2 : 0;
}

/** How many pieces from `at` make the JSON example that opens there: until its brackets balance. */
function exampleLength(pieces: readonly Piece[], at: number): number {
  let depth = 0;
  for (let index = at; index < pieces.length; index++) {
    for (const char of pieces[index]?.text ?? '') {
      if (char === '{' || char === '[') depth++;
      if (char === '}' || char === ']') depth--;
    }
    if (depth <= 0) return index - at + 1;
  }
  return pieces.length - at;
}

/** How many pieces from `at` are cells of a table's header. */
function headerLength(pieces: readonly Piece[], at: number): number {
  let end = at;
  while (end < pieces.length && HEADER_CELLS.has(pieces[end]?.text ?? '')) end++;
  return end - at;
}

function joined(pieces: readonly Piece[], separator: string): PageSentence {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) throw new Error('no pieces to join');
  return { line: first.line, endLine: last.line, text: pieces.map((p) => p.text).join(separator) };
}

/** The sentences of a page's copy, given as its lines, in page order. */
export function pageSentences(lines: readonly string[]): PageSentence[] {
  const pieces = piecesOf(lines);
  const sentences: PageSentence[] = [];
  for (let at = 0; at < pieces.length;) {
    const piece = pieces[at] as Piece;
    const grouped =
      headerLength(pieces, at) ||
      rowHeadLength(pieces, at) ||
      (/^[{[]/.test(piece.text) ? exampleLength(pieces, at) : 0);
    if (grouped > 0) {
      const group = pieces.slice(at, at + grouped);
      sentences.push(joined(group, /^[{[]/.test(piece.text) ? ' ' : ' | '));
      at += grouped;
      continue;
    }
    for (const text of piece.text.split(/(?<=[.!?])\s+/))
      sentences.push({ line: piece.line, endLine: piece.line, text });
    at += 1;
  }
  return sentences;
}
