/**
 * The catalogue (requirements.yaml) and the conformance suite agree: every requirement has a test, every
 * conformance test names a known requirement in a tag and starts its title with it, `--grep` selects by id,
 * the JUnit report carries the ids, every source cites lines of the vendor pages' copies (docs/vendor/) and
 * sections of docs/readings.md that exist and hold the quoted sentence, and docs/readings.md §1 explains every
 * requirement.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogue, parseCatalogue, type Requirement } from '../../src/catalogue/requirements';
import {
  citedText,
  citeProblems,
  citesOf,
  fragmentsOf,
  normalise,
  pageText,
  READINGS,
  readingsSectionsOf,
  sectionsOf,
  VENDOR_DIR,
  vendorPage,
} from './support/citations';
import { testKey, type ListedTest } from './support/conformance-list';
import { expect, test } from './support/harness';
import { junitTestcases } from './support/junit';
import { ROOT } from './support/paths';

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

/**
 * What is wrong with a requirement's source and quote: a cited page that is not a copy in docs/vendor/, a line
 * it does not have, a section docs/readings.md does not have, a quoted fragment that none of the cited pages
 * and sections holds, or one a cited page holds only outside the cited lines.
 */
function sourceProblems(
  req: Pick<Requirement, 'id' | 'source' | 'quote'>,
  page: (file: string) => string[] | undefined,
  readings: string,
): string[] {
  const problems: string[] = [];
  const sections = sectionsOf(readings);
  const citedSections = readingsSectionsOf(req.source);
  for (const section of citedSections) {
    if (!sections.has(section))
      problems.push(`${req.id}: cites ${READINGS} §${section}, which has no such section`);
  }
  const cited: { file: string; lines: string[]; text: string; within: string[] }[] = [];
  for (const cite of citesOf(req.source)) {
    const citeIssues = citeProblems(cite, page);
    problems.push(...citeIssues.map((issue) => `${req.id}: ${issue}`));
    const lines = page(cite.file);
    if (!lines) continue;
    cited.push({ file: cite.file, lines, text: pageText(lines), within: citedText(cite, lines) });
  }
  if (citesOf(req.source).length === 0 && citedSections.length === 0)
    problems.push(`${req.id}: its source cites neither a page line nor a section of ${READINGS}`);
  if (cited.length === 0 && citedSections.length === 0) return problems;
  const citedReadings = citedSections.map((n) => normalise(sections.get(n) ?? '')).join(' ');
  for (const fragment of fragmentsOf(req.quote)) {
    const pages = cited.filter((c) => c.text.includes(fragment));
    if (pages.length === 0 && !citedReadings.includes(fragment)) {
      const where = [...cited.map((c) => c.file), ...citedSections.map((n) => `${READINGS} §${n}`)].join(
        ', ',
      );
      const elsewhere = [...sections]
        .filter(([, text]) => normalise(text).includes(fragment))
        .map(([n]) => n);
      problems.push(
        elsewhere.length > 0
          ? `${req.id}: quotes "${fragment}", which ${READINGS} has in §${elsewhere.join(', §')}, a section the source does not cite`
          : `${req.id}: quotes "${fragment}", which is not in ${where || 'any source'}`,
      );
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

test('every requirement of the catalogue has a conformance test, and every test names a known one', async ({
  listConformanceTests,
}) => {
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

/** One catalogue entry whose profile tags are `tags`; its expectation rests on `rests`, applies under `under`. */
function entryTagged(tags: string, rests = '{ contract: the endpoint answers }', under = ''): string {
  return [
    '- id: V2-SOME-RULE',
    '  endpoint: POST /v2.0/lbaas/pools/{pool_id}/members',
    '  title: a rule',
    '  source: docs/readings.md §1',
    '  quote: a sentence',
    `  profiles: ${tags}`,
    '  expects:',
    '    - holds: it holds',
    `      rests: ${rests}`,
    ...(under ? [`      profile: ${under}`] : []),
  ].join('\n');
}

test('a profile tag of the catalogue must name a file of profiles/', () => {
  expect(
    parseCatalogue(entryTagged('[huawei, octavia]', '{ profile: octavia, quote: q }', 'huawei'))[0]?.profiles,
  ).toEqual(['huawei', 'octavia']);
  for (const entry of [
    entryTagged('[huawei, acme]'),
    entryTagged('[huawei]', '{ profile: acme, quote: q }'),
    entryTagged('[huawei]', undefined, 'acme'),
  ])
    expect(() => parseCatalogue(entry), entry).toThrow(
      /"acme", which names no profile file \(.*profiles\/<name>\.yaml\)/,
    );
});

test('--grep V2-WEIGHT selects exactly the tests of V2-WEIGHT-RANGE and V2-WEIGHT-TYPE', async ({
  listConformanceTests,
}) => {
  const all = await listConformanceTests();
  const selected = await listConformanceTests(['--grep', 'V2-WEIGHT']);
  const expected = all.filter((t) =>
    t.tags.some((tag) => ['V2-WEIGHT-RANGE', 'V2-WEIGHT-TYPE'].includes(tag)),
  );
  expect(selected.map(testKey).sort()).toEqual(expected.map(testKey).sort());
  expect([...new Set(selected.flatMap((t) => t.tags))].sort()).toEqual(['V2-WEIGHT-RANGE', 'V2-WEIGHT-TYPE']);
});

test('every JUnit <testcase> name starts with its requirement id', async ({ runConformance, scratch }) => {
  const file = path.join(scratch('junit-names'), 'junit.xml');
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
});

test('every source cites vendor-page lines that exist and hold the quoted sentence', () => {
  const readings = readFileSync(path.join(ROOT, READINGS), 'utf8');
  const problems = [...catalogue().values()].flatMap((req) => sourceProblems(req, vendorPage, readings));
  expect(problems).toEqual([]);
  // Every requirement that cites a page with a checkable quote has it checked somewhere.
  expect([...catalogue().values()].filter((r) => citesOf(r.source).length > 0).length).toBeGreaterThan(20);
});

test('the source check bites: a missing page, a missing line or section, a misquote and a wrong line are each reported', () => {
  const pages: Record<string, string[]> = {
    [`${VENDOR_DIR}page.txt`]: [
      'Function',
      'weight |',
      'Specifies the backend server weight.',
      'The value ranges from 0 to 100.',
    ],
  };
  const readings = [
    '# Readings',
    '## 1. Rules',
    '- `weight` is an integer from 0 to 100.',
    '## 4. Profiles',
    '- Octavia allows weights up to 256.',
    '## 5. Open',
    '',
  ].join('\n');
  const check = (source: string, quote: string) =>
    sourceProblems({ id: 'V2-X', source, quote }, (file) => pages[file], readings);
  expect(
    check(
      `${VENDOR_DIR}page.txt:3-4; ${READINGS} §1, §5`,
      'weight | Specifies the backend server weight. ... The value ranges from 0 to 100. ... `weight` is an ' +
        'integer from 0 to 100.',
    ),
  ).toEqual([]);
  expect(check(`${VENDOR_DIR}other.txt:1`, 'weight')).toEqual([
    `V2-X: cites ${VENDOR_DIR}other.txt, which is not among the vendor pages (${VENDOR_DIR})`,
  ]);
  expect(check('page.txt:4', 'The value ranges from 0 to 100.')).toEqual([
    `V2-X: cites page.txt, which is not among the vendor pages (${VENDOR_DIR})`,
  ]);
  expect(check(`${VENDOR_DIR}page.txt:3,9`, 'Specifies the backend server weight.')).toEqual([
    `V2-X: cites ${VENDOR_DIR}page.txt:9-9, but the page has lines 1-4`,
  ]);
  expect(check(`${VENDOR_DIR}page.txt:4`, 'The value ranges from 0 to 1000.')).toEqual([
    `V2-X: quotes "The value ranges from 0 to 1000.", which is not in ${VENDOR_DIR}page.txt`,
  ]);
  expect(check(`${VENDOR_DIR}page.txt:2`, 'The value ranges from 0 to 100.')).toEqual([
    `V2-X: quotes "The value ranges from 0 to 100.", which ${VENDOR_DIR}page.txt has at line 4, outside the cited lines`,
  ]);
  expect(check(`${READINGS} §2`, '`weight` is an integer from 0 to 100.')).toEqual([
    `V2-X: cites ${READINGS} §2, which has no such section`,
    'V2-X: quotes "`weight` is an integer from 0 to 100.", which ' +
      `${READINGS} has in §1, a section the source does not cite`,
  ]);
  expect(check(`${VENDOR_DIR}page.txt:4; ${READINGS} §1`, 'Octavia allows weights up to 300.')).toEqual([
    `V2-X: quotes "Octavia allows weights up to 300.", which is not in ${VENDOR_DIR}page.txt, ${READINGS} §1`,
  ]);
  expect(check('the vendor page', 'The value ranges from 0 to 100.')).toEqual([
    `V2-X: its source cites neither a page line nor a section of ${READINGS}`,
  ]);
});

test('docs/readings.md §1 names every requirement of the catalogue, and no other', () => {
  const rules = sectionsOf(readFileSync(path.join(ROOT, READINGS), 'utf8')).get(1) ?? '';
  const named = new Set(rules.match(/\bV[23]-[A-Z0-9-]*[A-Z0-9]\b/g) ?? []);
  const ids = [...catalogue().keys()];
  expect(
    ids.filter((id) => !named.has(id)),
    `requirements ${READINGS} §1 does not name`,
  ).toEqual([]);
  expect(
    [...named].filter((id) => !catalogue().has(id)),
    `ids in ${READINGS} §1 that are no requirement`,
  ).toEqual([]);
});
