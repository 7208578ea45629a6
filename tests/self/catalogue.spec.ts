/**
 * The catalogue (requirements.yaml) and the conformance suite agree: every requirement has a test, every
 * conformance test names a known requirement in a tag and starts its title with it, `--grep` selects by id,
 * the JUnit report carries the ids, and every source cites lines of the vendor pages that exist and hold the
 * quoted sentence.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { catalogue, type Requirement } from '../../src/catalogue/requirements';
import { runConformance, ROOT } from './support/conformance-run';
import { junitTestcases, listConformanceTests, scratch, testKey, type ListedTest } from './support/processes';

const DOCS = path.resolve(ROOT, '../shared/api-docs');
const NOTES = path.resolve(ROOT, '../shared/API-NOTES.md');

/** A tag that looks like a requirement id, in any case: @V2-..., @v3-... */
const REQUIREMENT_TAG = /^v[23]-/i;

/** What is wrong between a listing of the suite and the catalogue's ids. */
function suiteProblems(listed: readonly ListedTest[], ids: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const tested = new Set<string>();
  for (const t of listed) {
    const named = t.tags.filter((tag) => REQUIREMENT_TAG.test(tag));
    if (named.length === 0) problems.push(`${testKey(t)}: has no requirement tag`);
    for (const id of named) {
      if (ids.has(id)) tested.add(id);
      else problems.push(`${testKey(t)}: names @${id}, which is not in requirements.yaml`);
    }
    if (named.length > 0 && !named.some((id) => t.title.startsWith(`${id} `)))
      problems.push(`${testKey(t)}: the title does not start with its requirement id (${named.join(', ')})`);
  }
  for (const id of ids) if (!tested.has(id)) problems.push(`${id}: no conformance test names it`);
  return problems;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The vendor pages a source cites with line numbers: `v2.0-add-backend-server.txt:40,56,57-60`. */
function citesOf(source: string): { file: string; lines: string; ranges: [number, number][] }[] {
  return [...source.matchAll(/([\w.-]+\.txt):(\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)/g)].map((m) => ({
    file: m[1] ?? '',
    lines: m[2] ?? '',
    ranges: (m[2] ?? '').split(',').map((part) => {
      const [from, to] = part.split('-').map(Number);
      return [from ?? 0, to ?? from ?? 0];
    }),
  }));
}

/** The API-NOTES sections a source cites: `API-NOTES §1, §5 General` gives 1 and 5. */
function notesSectionsOf(source: string): number[] {
  return source
    .split(';')
    .filter((part) => part.includes('API-NOTES'))
    .flatMap((part) => [...part.matchAll(/§(\d+)/g)].map((m) => Number(m[1])));
}

/**
 * The pieces of a quote that must be found verbatim: a quote strings sentences together with ' ... ' and
 * table cells with ' | '; pieces of 15 characters or fewer (`Integer`, `No`) and pieces wholly in
 * backticks are too short or too generic to check.
 */
function fragmentsOf(quote: string): string[] {
  return quote
    .split(/ \| /)
    .flatMap((part) => part.split(/(?:^|\s)\.\.\.(?:\s|$)/))
    .map(normalise)
    .filter((fragment) => fragment.length > 15 && !/^`[^`]*`$/.test(fragment));
}

/**
 * What is wrong with a requirement's source and quote: a cited page or line that does not exist, a quoted
 * fragment found neither in the cited pages nor in API-NOTES, or found in a cited page outside the cited lines.
 */
function sourceProblems(
  req: Pick<Requirement, 'id' | 'source' | 'quote'>,
  page: (file: string) => string[] | undefined,
  notes: string,
): string[] {
  const problems: string[] = [];
  const sections = new Set([...notes.matchAll(/^## (\d+)\./gm)].map((m) => Number(m[1])));
  for (const section of notesSectionsOf(req.source)) {
    if (!sections.has(section))
      problems.push(`${req.id}: cites API-NOTES §${section}, which has no such section`);
  }
  const cited: { file: string; lines: string[]; text: string; within: string[] }[] = [];
  for (const cite of citesOf(req.source)) {
    const lines = page(cite.file);
    if (!lines) {
      problems.push(`${req.id}: cites ${cite.file}, which is not among the vendor pages`);
      continue;
    }
    for (const [from, to] of cite.ranges) {
      if (from < 1 || to < from || to > lines.length)
        problems.push(
          `${req.id}: cites ${cite.file}:${from}-${to}, but the page has lines 1-${lines.length}`,
        );
    }
    const within = cite.ranges.map(([from, to]) => normalise(lines.slice(from - 1, to).join('\n')));
    cited.push({ file: cite.file, lines, text: normalise(lines.join('\n')), within });
  }
  const normalisedNotes = normalise(notes);
  for (const fragment of fragmentsOf(req.quote)) {
    const pages = cited.filter((c) => c.text.includes(fragment));
    if (pages.length === 0 && !normalisedNotes.includes(fragment)) {
      const where =
        cited.length > 0 ? `${cited.map((c) => c.file).join(', ')} nor in API-NOTES.md` : 'API-NOTES.md';
      problems.push(`${req.id}: quotes "${fragment}", which is neither in ${where}`);
    }
    for (const c of pages) {
      if (c.within.some((text) => text.includes(fragment))) continue;
      const start = fragment.slice(0, 30);
      const at = c.lines.flatMap((line, i) => (normalise(line).includes(start) ? [i + 1] : []));
      problems.push(
        `${req.id}: quotes "${fragment}", which ${c.file} has at line ${at.join(', ') || '?'}, outside the cited lines`,
      );
    }
  }
  return problems;
}

test('every requirement of the catalogue has a conformance test, and every test names a known one', async () => {
  const listed = await listConformanceTests();
  expect(listed.length).toBeGreaterThan(catalogue().size);
  expect(new Set(listed.map((t) => t.project))).toEqual(new Set(['v2', 'v3']));
  for (const t of listed) expect(t.file, testKey(t)).toMatch(new RegExp(`^${t.project}/`));
  expect(suiteProblems(listed, new Set(catalogue().keys()))).toEqual([]);
});

test('the suite check bites: a missing test, an unknown tag, no tag and a wrong title are each reported', () => {
  const ids = new Set(['V2-A', 'V2-B', 'V3-C']);
  const listed: ListedTest[] = [
    { project: 'v2', file: 'v2/a.spec.ts', title: 'V2-A accepts', tags: ['V2-A'] },
    { project: 'v2', file: 'v2/a.spec.ts', title: 'V2-NOPE rejects', tags: ['V2-NOPE'] },
    { project: 'v2', file: 'v2/a.spec.ts', title: 'untagged', tags: ['slow'] },
    { project: 'v3', file: 'v3/c.spec.ts', title: 'lists V3-C', tags: ['V3-C'] },
  ];
  expect(suiteProblems(listed, ids)).toEqual([
    '[v2] v2/a.spec.ts › V2-NOPE rejects: names @V2-NOPE, which is not in requirements.yaml',
    '[v2] v2/a.spec.ts › untagged: has no requirement tag',
    '[v3] v3/c.spec.ts › lists V3-C: the title does not start with its requirement id (V3-C)',
    'V2-B: no conformance test names it',
  ]);
});

test('--grep V2-WEIGHT selects exactly the tests of V2-WEIGHT-RANGE and V2-WEIGHT-TYPE', async () => {
  const all = await listConformanceTests();
  const selected = await listConformanceTests(['--grep', 'V2-WEIGHT']);
  const expected = all.filter((t) =>
    t.tags.some((tag) => ['V2-WEIGHT-RANGE', 'V2-WEIGHT-TYPE'].includes(tag)),
  );
  expect(selected.map(testKey).sort()).toEqual(expected.map(testKey).sort());
  expect([...new Set(selected.flatMap((t) => t.tags))].sort()).toEqual(['V2-WEIGHT-RANGE', 'V2-WEIGHT-TYPE']);
});

test('every JUnit <testcase> name starts with its requirement id', async () => {
  const tmp = scratch('junit-names');
  try {
    const file = path.join(tmp.dir, 'junit.xml');
    const run = await runConformance({ PLAYWRIGHT_JUNIT_OUTPUT_FILE: file, CONFORMANCE_RUNS: '5' }, [
      '--reporter=json,junit',
    ]);
    expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
    const names = junitTestcases(file);
    expect(names.length).toBe(run.outcomes.length);
    const ids = catalogue();
    const idOf = (name: string) => /^(V[23]-[A-Z0-9-]+) /.exec(name)?.[1];
    expect(names.filter((name) => !ids.has(idOf(name) ?? ''))).toEqual([]);
    expect([...ids.keys()].filter((id) => !names.some((name) => idOf(name) === id))).toEqual([]);
  } finally {
    tmp.remove();
  }
});

test('every source cites vendor-page lines that exist and hold the quoted sentence', () => {
  test.skip(!existsSync(DOCS), `the vendor pages are not at ${DOCS}`);
  test.skip(!existsSync(NOTES), `API-NOTES.md is not at ${NOTES}`);
  const page = (file: string) => {
    const full = path.join(DOCS, file);
    return existsSync(full) ? readFileSync(full, 'utf8').split('\n') : undefined;
  };
  const notes = readFileSync(NOTES, 'utf8');
  const problems = [...catalogue().values()].flatMap((req) => sourceProblems(req, page, notes));
  expect(problems).toEqual([]);
  // Every requirement that cites a page with a checkable quote has it checked somewhere.
  expect([...catalogue().values()].filter((r) => citesOf(r.source).length > 0).length).toBeGreaterThan(20);
});

test('the source check bites: a missing page, a missing line, a misquote and a wrong line are each reported', () => {
  const pages: Record<string, string[]> = {
    'page.txt': [
      'Function',
      'weight |',
      'Specifies the backend server weight.',
      'The value ranges from 0 to 100.',
    ],
  };
  const notes = '## 1. Resolved readings\n- `weight`: an integer 0..100 inclusive.\n## 5. Silence\n';
  const check = (source: string, quote: string) =>
    sourceProblems({ id: 'V2-X', source, quote }, (file) => pages[file], notes);
  expect(
    check(
      'page.txt:3-4; API-NOTES §1, §5',
      'weight | Specifies the backend server weight. ... The value ranges from 0 to 100.',
    ),
  ).toEqual([]);
  expect(check('other.txt:1', 'weight')).toEqual([
    'V2-X: cites other.txt, which is not among the vendor pages',
  ]);
  expect(check('page.txt:3,9', 'Specifies the backend server weight.')).toEqual([
    'V2-X: cites page.txt:9-9, but the page has lines 1-4',
  ]);
  expect(check('page.txt:4', 'The value ranges from 0 to 1000.')).toEqual([
    'V2-X: quotes "The value ranges from 0 to 1000.", which is neither in page.txt nor in API-NOTES.md',
  ]);
  expect(check('page.txt:2', 'The value ranges from 0 to 100.')).toEqual([
    'V2-X: quotes "The value ranges from 0 to 100.", which page.txt has at line 4, outside the cited lines',
  ]);
  expect(check('API-NOTES §2', '`weight`: an integer 0..100 inclusive.')).toEqual([
    'V2-X: cites API-NOTES §2, which has no such section',
  ]);
});
