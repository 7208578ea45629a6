/**
 * The sentence table (docs/vendor/sentences.yaml) answers every sentence of the vendor pages' copies: it lists
 * each sentence the pages have, at the line where the page has it, and nothing else; each row names
 * requirements that requirements.yaml has, an entry that docs/readings.md §5 has, a gap, a reason or a kind;
 * and a requirement whose source cites lines of a page is the answer to a sentence in those lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogue, type Requirement } from '../../src/catalogue/requirements';
import {
  parseSentenceTable,
  sentenceCounts,
  sentenceTable,
  SENTENCES_FILE,
  type SentenceRow,
} from '../../src/catalogue/sentences';
import { citesOf, normalise, openTitles, READINGS, VENDOR_DIR } from './support/citations';
import { expect, test } from './support/harness';
import { pageSentences, type PageSentence } from './support/page-sentences';
import { ROOT } from './support/paths';

/** What the table is held to. */
interface Sources {
  /** Each page's copy, `docs/vendor/<file>.txt`, as lines. */
  pages: ReadonlyMap<string, readonly string[]>;
  requirements: readonly Pick<Requirement, 'id' | 'source'>[];
  /** The titles of docs/readings.md §5's entries. */
  openTitles: readonly string[];
}

/** Whether a row's text is the sentence: the same words, or the opening its ` ...` stands for. */
function names(row: SentenceRow, sentence: PageSentence): boolean {
  const text = normalise(row.text);
  return text.endsWith(' ...') ? sentence.text.startsWith(text.slice(0, -4)) : sentence.text === text;
}

/** The lines each row's sentence spans, and what is wrong between the rows and the pages' sentences. */
function matchRows(rows: readonly SentenceRow[], sources: Sources) {
  const problems: string[] = [];
  const spans = new Map<SentenceRow, [number, number]>();
  const listed = new Set<PageSentence>();
  const sentences = new Map([...sources.pages].map(([page, lines]) => [page, pageSentences(lines)]));
  for (const row of rows) {
    const at = `${row.page}:${row.line}`;
    const ofPage = sentences.get(row.page);
    if (!ofPage) {
      problems.push(`${at}: ${row.page} is no page of ${VENDOR_DIR}`);
      continue;
    }
    const found = ofPage.filter((s) => s.line === row.line && names(row, s));
    const sentence = found[0];
    if (!sentence) problems.push(`${at}: "${row.text}" is not at that line of the page`);
    else if (found.length > 1) problems.push(`${at}: "${row.text}" names more than one sentence there`);
    else if (listed.has(sentence)) problems.push(`${at}: "${row.text}" is listed twice`);
    else {
      listed.add(sentence);
      spans.set(row, [sentence.line, sentence.endLine]);
    }
  }
  for (const [page, ofPage] of sentences)
    for (const s of ofPage.filter((s) => !listed.has(s)))
      problems.push(`${page}:${s.line}: "${s.text}" is not in ${path.relative(ROOT, SENTENCES_FILE)}`);
  return { problems, spans };
}

/** A requirement whose source cites lines of a page with no row there that names it. */
function unansweredSources(
  rows: readonly SentenceRow[],
  spans: ReadonlyMap<SentenceRow, [number, number]>,
  requirements: Sources['requirements'],
): string[] {
  return requirements.flatMap((req) =>
    citesOf(req.source)
      .filter((cite) => cite.file.startsWith(VENDOR_DIR))
      .flatMap((cite) =>
        cite.ranges
          .filter(
            ([from, to]) =>
              !rows.some((row) => {
                const [start, end] = spans.get(row) ?? [row.line, row.line];
                return (
                  row.page === cite.file && row.requirements.includes(req.id) && start <= to && end >= from
                );
              }),
          )
          .map(
            ([from, to]) =>
              `${req.id}: its source cites ${cite.file}:${from === to ? from : `${from}-${to}`}, and no sentence there names it`,
          ),
      ),
  );
}

/** Everything wrong with a sentence table against the pages, the catalogue and docs/readings.md §5. */
function tableProblems(rows: readonly SentenceRow[], sources: Sources): string[] {
  const { problems, spans } = matchRows(rows, sources);
  const ids = new Set(sources.requirements.map((r) => r.id));
  for (const row of rows) {
    const at = `${row.page}:${row.line}`;
    for (const id of row.requirements.filter((id) => !ids.has(id)))
      problems.push(`${at}: names ${id}, which is not in requirements.yaml`);
    if (row.open !== undefined && !sources.openTitles.includes(row.open))
      problems.push(`${at}: names the open reading "${row.open}", which is no entry of ${READINGS} §5`);
  }
  return [...problems, ...unansweredSources(rows, spans, sources.requirements)];
}

function realSources(): Sources {
  const dir = path.join(ROOT, VENDOR_DIR);
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  return {
    pages: new Map(
      files.map((f) => [`${VENDOR_DIR}${f}`, readFileSync(path.join(dir, f), 'utf8').split('\n')]),
    ),
    requirements: [...catalogue().values()],
    openTitles: openTitles(readFileSync(path.join(ROOT, READINGS), 'utf8')),
  };
}

const V2 = `${VENDOR_DIR}v2.0-add-backend-server.txt`;

/** The real table with one row changed (or removed, when `change` gives undefined). */
function editedRows(line: number, text: string, change: (row: SentenceRow) => SentenceRow | undefined) {
  const rows = sentenceTable();
  const index = rows.findIndex((r) => r.page === V2 && r.line === line && r.text === text);
  expect(index, `a row ${V2}:${line} "${text}"`).toBeGreaterThanOrEqual(0);
  const changed = change(rows[index] as SentenceRow);
  return [...rows.slice(0, index), ...(changed ? [changed] : []), ...rows.slice(index + 1)];
}

test('the table lists every sentence of every vendor page at its line, and answers each', () => {
  expect(tableProblems(sentenceTable(), realSources())).toEqual([]);
});

test.describe('the table check fails', () => {
  const sources = realSources();
  const RANGE = 'The value ranges from 0 to 100.';

  test('on a sentence the table does not list', () => {
    const rows = editedRows(64, RANGE, () => undefined);
    expect(tableProblems(rows, sources)).toEqual([
      `${V2}:64: "${RANGE}" is not in docs/vendor/sentences.yaml`,
      `V2-WEIGHT-RANGE: its source cites ${V2}:61-64, and no sentence there names it`,
    ]);
  });

  test('on a row whose text is not at its line any more: the page changed, or its lines moved', () => {
    const edited = [...(sources.pages.get(V2) ?? [])];
    edited[63] = (edited[63] ?? '').replace('0 to 100', '0 to 1000');
    const problems = tableProblems(sentenceTable(), { ...sources, pages: new Map([[V2, edited]]) });
    expect(problems).toContain(`${V2}:64: "${RANGE}" is not at that line of the page`);
    expect(problems).toContain(
      `${V2}:64: "The value ranges from 0 to 1000." is not in docs/vendor/sentences.yaml`,
    );

    const moved = ['', ...(sources.pages.get(V2) ?? [])];
    const shifted = tableProblems(sentenceTable(), { ...sources, pages: new Map([[V2, moved]]) });
    expect(shifted).toContain(`${V2}:64: "${RANGE}" is not at that line of the page`);
    expect(shifted).toContain(`${V2}:65: "${RANGE}" is not in docs/vendor/sentences.yaml`);
  });

  test('on a row that lists a sentence twice, or names a page that is not one', () => {
    const rows = sentenceTable();
    const twice = rows.find((r) => r.page === V2 && r.line === 64 && r.text === RANGE) as SentenceRow;
    expect(tableProblems([...rows, twice], sources)).toEqual([`${V2}:64: "${RANGE}" is listed twice`]);
    const elsewhere = { ...twice, page: `${VENDOR_DIR}gone.txt` };
    expect(tableProblems([...rows, elsewhere], sources)).toEqual([
      `${VENDOR_DIR}gone.txt:64: ${VENDOR_DIR}gone.txt is no page of ${VENDOR_DIR}`,
    ]);
  });

  test('on a requirement id requirements.yaml does not have, and an entry docs/readings.md §5 does not have', () => {
    const rows = editedRows(44, 'The value contains a maximum of 255 characters.', (row) => ({
      ...row,
      requirements: ['V2-NAME-LENGTH', 'V2-NO-SUCH-RULE'],
      open: 'Name length in bytes.',
    }));
    expect(tableProblems(rows, sources)).toEqual([
      `${V2}:44: names V2-NO-SUCH-RULE, which is not in requirements.yaml`,
      `${V2}:44: names the open reading "Name length in bytes.", which is no entry of docs/readings.md §5`,
    ]);
  });

  test("on a requirement whose source lines no sentence's row names it", () => {
    const rows = editedRows(52, 'The port number ranges from 1 to 65535.', (row) => ({
      ...row,
      requirements: [],
      gap: 'protocol_port outside 1..65535 is refused',
    }));
    expect(tableProblems(rows, sources)).toEqual([
      `V2-PORT-RANGE: its source cites ${V2}:49-52, and no sentence there names it`,
    ]);
  });

  test('to read a row that has no answer, or more than one kind of answer', () => {
    const table = (row: string) => parseSentenceTable(`${V2}:\n  - { line: 9, text: 'A sentence.'${row} }\n`);
    const exactlyOne = /must have requirements, open or gap .* exactly one of the three/;
    expect(() => table('')).toThrow(exactlyOne);
    expect(() => table(', reason: no way in, kind: prose')).toThrow(exactlyOne);
    expect(() => table(', requirements: [V2-AUTH], kind: prose')).toThrow(exactlyOne);
    expect(() => table(', kind: poetry')).toThrow(/kind poetry is none of heading, header/);
    expect(() => table(', requirement: [V2-AUTH]')).toThrow(/unknown key requirement/);
    expect(() => table(', gap: " "')).toThrow(/"gap" must be a non-empty string/);
    expect(table(', requirements: [V2-AUTH], open: Some entry., gap: more')).toHaveLength(1);
    expect(table(', requirements: [V2-AUTH], reason: the rest needs a cloud server')).toHaveLength(1);
    expect(() => table(', open: Some entry., reason: the rest needs a cloud server')).toThrow(exactlyOne);
  });
});

test.describe('the sentences of a page', () => {
  const page = (...lines: string[]) => ['Title', 'Source', 'Taken', '---- Below: the page. ----', ...lines];

  /** Lines of a page's copy, below its header, and the sentences they give. */
  const PAGES: { shows: string; lines: string[]; sentences: ReturnType<typeof pageSentences> }[] = [
    {
      shows:
        'a table with a bar after each cell: its header, each row head, then each sentence of the description',
      lines: [
        'Parameter |',
        'Mandatory |',
        'Type |',
        'Description |',
        '---|---|---|---|',
        'weight |',
        'No |',
        'Integer |',
        'Specifies the weight. The value ranges from 0 to 100. |',
        'id |',
        'String |',
        'Specifies the ID.',
        'NOTE:',
        'It is generated. |',
        '|',
      ],
      sentences: [
        { line: 5, endLine: 8, text: 'Parameter | Mandatory | Type | Description' },
        { line: 10, endLine: 12, text: 'weight | No | Integer' },
        { line: 13, endLine: 13, text: 'Specifies the weight.' },
        { line: 13, endLine: 13, text: 'The value ranges from 0 to 100.' },
        { line: 14, endLine: 15, text: 'id | String' },
        { line: 16, endLine: 16, text: 'Specifies the ID.' },
        { line: 17, endLine: 17, text: 'NOTE:' },
        { line: 18, endLine: 18, text: 'It is generated.' },
      ],
    },
    {
      shows: 'a table of one cell a paragraph, bullets, and a JSON example over many lines',
      lines: [
        'Table 2 Query Parameters',
        '',
        'Parameter',
        '',
        'Type',
        '',
        'page_info',
        '',
        'PageInfo object',
        '',
        '  • true: Query the previous page.',
        '',
        '{',
        '  "members" : [ {',
        '    "id" : "a"',
        '  } ]',
        '}',
        'Status Code',
        '',
        '200',
      ],
      sentences: [
        { line: 5, endLine: 5, text: 'Table 2 Query Parameters' },
        { line: 7, endLine: 9, text: 'Parameter | Type' },
        { line: 11, endLine: 13, text: 'page_info | PageInfo object' },
        { line: 15, endLine: 15, text: 'true: Query the previous page.' },
        { line: 17, endLine: 21, text: '{ "members" : [ { "id" : "a" } ] }' },
        { line: 22, endLine: 22, text: 'Status Code' },
        { line: 24, endLine: 24, text: '200' },
      ],
    },
  ];

  for (const { shows, lines, sentences } of PAGES)
    test(shows, () => {
      expect(pageSentences(page(...lines))).toEqual(sentences);
    });

  test('a copy without the line that ends its header has no sentences to give', () => {
    expect(() => pageSentences(['Title', 'Text.'])).toThrow(/no line "---- Below: ..."/);
  });
});

test('the counts add up: every row is counted once, and the checkable ones are checked, open or gaps', () => {
  const rows = sentenceTable();
  const counts = sentenceCounts(rows);
  expect(counts.checkable).toBe(counts.checked + counts.leftOpen + counts.notYetChecked);
  expect(counts.checkable + counts.notCheckable + counts.nothingCheckable).toBe(rows.length);
  const row = (answer: Partial<SentenceRow>): SentenceRow => ({
    page: V2,
    line: 1,
    text: 't',
    requirements: [],
    ...answer,
  });
  expect(
    sentenceCounts([
      row({ requirements: ['V2-AUTH'], open: 'o', gap: 'g' }),
      row({ open: 'o', gap: 'g' }),
      row({ gap: 'g' }),
      row({ gap: 'g' }),
      row({ reason: 'r' }),
      row({ kind: 'heading' }),
    ]),
  ).toEqual({
    sentences: 6,
    checkable: 4,
    checked: 1,
    leftOpen: 1,
    notYetChecked: 2,
    notCheckable: 1,
    nothingCheckable: 1,
  });
});
