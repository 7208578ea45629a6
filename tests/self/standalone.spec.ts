/**
 * The repository stands on its own, as a vendor gets it from a clone: no tracked file points outside it, every
 * relative link of its Markdown resolves to a tracked file (and heading, or line), and every citation of a
 * vendor page or of docs/readings.md names a copy, lines and a section the repository has, with the quoted
 * words at the cited lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  citedText,
  citeProblems,
  citesOf,
  fragmentsOf,
  normalise,
  READINGS,
  readText,
  sectionsOf,
  VENDOR_DIR,
  vendorPage,
  type PageCite,
} from './support/citations';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';
import { isExternal, linkProblem, markdownLinks } from './support/markdown-links';

// ---------------------------------------------------------------------------------------------------------
// Nothing outside the repository.

/**
 * What a file must not name, each pattern written so that this file does not match it. The absolute paths are
 * the folders of one machine or one user (work, home, root, Users, mnt, media) at the start of a path: not
 * system locations a documented set-up may name (usr, etc, tmp, var, run, dev, proc, opt), and not a URL's
 * path, a relative path or a word that merely contains the name.
 */
const OUTSIDE: readonly { what: string; pattern: RegExp }[] = [
  { what: "a folder beside the repository's", pattern: /\.\.\/shared\b/g },
  { what: 'a document kept outside the repository', pattern: /API[-]NOTES/gi },
  {
    what: "a path of one machine's file system",
    pattern: /(?<![\w.~:/-])(?:file:\/\/)?\/(?:work|home|root|Users|mnt|media)(?=\/|$|[\s'"`),;:\]])/gm,
  },
  { what: "a path of one machine's file system", pattern: /(?<![\w])[A-Za-z]:\\(?:Users|home)\\/gi },
];

function outsideReferences(file: string, text: string): string[] {
  return OUTSIDE.flatMap(({ what, pattern }) =>
    [...text.matchAll(pattern)].map((m) => {
      const line = text.slice(0, m.index).split('\n').length;
      return `${file}:${line}: names ${what}: ${m[0]}`;
    }),
  );
}

test('no tracked file names a place outside the repository', ({ trackedFiles }) => {
  const problems = trackedFiles.flatMap((file) => {
    const text = readText(file);
    return text === undefined ? [] : outsideReferences(file, text);
  });
  expect(problems).toEqual([]);
});

test('the outside check bites, and lets system paths, URLs and API paths through', () => {
  const sibling = ['..', 'shared', 'octavia'].join('/');
  const document = ['API', 'NOTES'].join('-');
  const outside = [
    `set up by the scripts of ${sibling}`,
    `as ${document.toLowerCase()}.md says`,
    `OCTAVIA_SCRIPTS=/${'work'}/shared/octavia`,
    `cd /${'home'}/alice/repo`,
    `"/${'root'}/.npmrc"`,
    `file:///${'Users'}/bob/report.html`,
    `C:\\${'Users'}\\bob\\repo`,
  ];
  const inside = [
    '#!/usr/bin/env node',
    'CHROMIUM=/usr/bin/chromium, config in /etc/octavia/octavia.conf, socket /run/mysqld/mysqld.sock',
    'mktemp -d /tmp/run.XXXX >/dev/null; cat /proc/1/status; ls /opt /var/lib',
    'https://example.com/home/index.html and //cdn.example.com/work/x.js',
    'POST /v2.0/lbaas/pools/{pool_id}/members, GET /v3/{project_id}/elb/pools/{pool_id}/members',
    'src/work/queue.ts, homework/, framework/root/, ../../src/fixtures, ~/.npmrc, shared pools',
  ];
  expect(outsideReferences('a.md', [...outside, ...inside].join('\n'))).toEqual([
    `a.md:1: names a folder beside the repository's: ${['..', 'shared'].join('/')}`,
    `a.md:2: names a document kept outside the repository: ${document.toLowerCase()}`,
    `a.md:3: names a path of one machine's file system: /${'work'}`,
    `a.md:4: names a path of one machine's file system: /${'home'}`,
    `a.md:5: names a path of one machine's file system: /${'root'}`,
    `a.md:6: names a path of one machine's file system: file:///${'Users'}`,
    `a.md:7: names a path of one machine's file system: C:\\${'Users'}\\`,
  ]);
});

// ---------------------------------------------------------------------------------------------------------
// Every relative link resolves.

function brokenLinks(
  markdownFiles: readonly string[],
  tracked: ReadonlySet<string>,
  read: (f: string) => string,
) {
  return markdownFiles.flatMap((file) =>
    markdownLinks(file, read(file))
      .filter((link) => !isExternal(link.target))
      .flatMap((link) => linkProblem(link, tracked, read) ?? []),
  );
}

test('every relative link of README.md and docs/ resolves to a file of the repository, and its anchor to a heading', ({
  trackedFiles,
}) => {
  const tracked = new Set(trackedFiles);
  const markdown = [...tracked].filter((f) => f.endsWith('.md'));
  expect(markdown).toEqual(expect.arrayContaining(['README.md', READINGS]));
  const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
  expect(brokenLinks(markdown, tracked, read)).toEqual([]);
});

test('the link check bites: a missing file, a missing heading, a line past the end, a way out of the repository', () => {
  const files: Record<string, string> = {
    'README.md': [
      '# Tool',
      '## Pointing it at a target',
      'See [the target](#pointing-it-at-a-target), [readings](docs/readings.md#1-the-rules-the-suite-checks),',
      '[the page](docs/vendor/page.txt#L3), [the folder](docs/vendor/) and [a site](https://example.com/x).',
      '`[not a link](nowhere.md)`',
      '```',
      '[not a link either](nowhere.md)',
      '```',
      'Broken: [gone](docs/gone.md), [no heading](docs/readings.md#2-nothing), [far](docs/vendor/page.txt#L9),',
      `[out](../${'outside'}/x.md), [self](#no-such-heading), [absolute](/docs/readings.md).`,
      '[ref]: docs/missing.md',
    ].join('\n'),
    'docs/readings.md':
      '# Readings\n## 1. The rules the suite checks\nBack to [the tool](../README.md#tool).\n',
    'docs/vendor/page.txt': 'one\ntwo\nthree',
  };
  const tracked = new Set(Object.keys(files));
  const read = (file: string) => files[file] ?? '';
  expect(brokenLinks(['README.md', 'docs/readings.md'], tracked, read)).toEqual([
    'README.md:9: link docs/gone.md: docs/gone.md is not a file or folder of the repository',
    'README.md:9: link docs/readings.md#2-nothing: docs/readings.md has no heading #2-nothing',
    'README.md:9: link docs/vendor/page.txt#L9: docs/vendor/page.txt has lines 1-3',
    `README.md:10: link ../${'outside'}/x.md: leaves the repository`,
    'README.md:10: link #no-such-heading: README.md has no heading #no-such-heading',
    'README.md:10: link /docs/readings.md: an absolute path; link relative to the file',
    'README.md:11: link docs/missing.md: docs/missing.md is not a file or folder of the repository',
  ]);
});

// ---------------------------------------------------------------------------------------------------------
// Every citation names what the repository has, and every quotation of a page line holds.

/** The names of the vendor pages' copies (beside them, their sentence table): a citation must give its folder. */
const copiesIn = (tracked: readonly string[]): string[] =>
  tracked.filter((f) => f.startsWith(VENDOR_DIR) && f.endsWith('.txt')).map((f) => path.posix.basename(f));

/** `"quoted words" (<copy>.txt:12)` or `"..." [<copy>.txt:12-14, ...]` in normalised text, <copy> under docs/vendor/. */
const QUOTED_CITATION = /"([^"]+)"\s*[([]((?:[\w.-]+\/)*[\w.-]+\.txt:\d+(?:-\d+)?(?:, ?\d+(?:-\d+)?)*)/g;
const READINGS_CITATION = new RegExp(`${READINGS.replace(/[./]/g, '\\$&')}((?:,? ?§\\d+)+)`, 'g');

/** A text as a reader sees it: comment leaders at line starts gone, whitespace collapsed. */
const prose = (text: string): string => normalise(text.replace(/\n[ \t]*(?:\*(?!\/)|\/\/|#)?/g, '\n'));

/** A YAML document's strings, unescaped (so that '' is one apostrophe again), one per line. */
function yamlStrings(text: string): string {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(parse(text));
  return strings.join('\n');
}

function citationProblems(
  file: string,
  text: string,
  page: (file: string) => string[] | undefined,
  sections: ReadonlySet<number>,
  copies: readonly string[],
): string[] {
  const problems: string[] = [];
  const pageCites = citesOf(text).filter((c) => c.file.startsWith(VENDOR_DIR) || copies.includes(c.file));
  for (const cite of pageCites) {
    if (!cite.file.startsWith(VENDOR_DIR))
      problems.push(`${file}: cites ${cite.file}:${cite.lines} without its folder`);
    else problems.push(...citeProblems(cite, page).map((p) => `${file}: ${p}`));
  }
  for (const m of text.matchAll(READINGS_CITATION)) {
    for (const n of (m[1] ?? '').match(/\d+/g) ?? []) {
      if (!sections.has(Number(n)))
        problems.push(`${file}: cites ${READINGS} §${n}, which has no such section`);
    }
  }
  const readable = /\.ya?ml$/.test(file) ? prose(yamlStrings(text)) : prose(text);
  for (const m of readable.matchAll(QUOTED_CITATION)) {
    const [cite] = citesOf(m[2] ?? '') as [PageCite];
    const lines = cite.file.startsWith(VENDOR_DIR) ? page(cite.file) : undefined;
    if (!lines) continue;
    const within = citedText(cite, lines);
    for (const fragment of fragmentsOf(m[1] ?? '')) {
      if (!within.some((t) => t.includes(fragment)))
        problems.push(`${file}: quotes "${fragment}", which ${cite.file}:${cite.lines} does not hold`);
    }
  }
  return problems;
}

test('every citation of a vendor page or docs/readings.md names what the repository has, and every quotation holds', ({
  trackedFiles,
}) => {
  const copies = copiesIn(trackedFiles);
  const sections = new Set(sectionsOf(readFileSync(path.join(ROOT, READINGS), 'utf8')).keys());
  expect(copies.sort()).toEqual(['v2.0-add-backend-server.txt', 'v3-query-backend-servers.txt']);
  let quotations = 0;
  const problems = trackedFiles
    .filter((file) => !file.startsWith(VENDOR_DIR))
    .flatMap((file) => {
      const text = readText(file);
      if (text === undefined) return [];
      const readable = /\.ya?ml$/.test(file) ? prose(yamlStrings(text)) : prose(text);
      quotations += [...readable.matchAll(QUOTED_CITATION)].length;
      return citationProblems(file, text, vendorPage, sections, copies);
    });
  expect(problems).toEqual([]);
  // The contract and the readings quote the pages often; a check that finds no quotation checks nothing.
  expect(quotations).toBeGreaterThan(50);
});

test('the citation check bites: a folderless citation, a missing copy, a line past the end, a missing section, a misquote', () => {
  const dir = VENDOR_DIR;
  const pages: Record<string, string[]> = {
    [`${dir}page.txt`]: ['header', 'weight |', 'The value ranges from 0 to 100.', 'The default value is 1.'],
  };
  const text = [
    `Good: "The value ranges from 0 to 100." (${dir}page.txt:3), see ${READINGS} §1, §5.`,
    ` * "The value ranges from 0 to 100. [...] The default`,
    ` * value is 1." [${dir}page.txt:3-4, ${READINGS} §1]`,
    `Bad: page.txt:${3} and ${dir}gone.txt:${1} and ${dir}page.txt:${9}, ${READINGS} §${2},`,
    `"The value ranges from 0 to 1000." (${dir}page.txt:3) and "The default value is 1." (${dir}page.txt:3).`,
  ].join('\n');
  expect(citationProblems('a.ts', text, (f) => pages[f], new Set([1, 5]), ['page.txt'])).toEqual([
    'a.ts: cites page.txt:3 without its folder',
    `a.ts: cites ${dir}gone.txt, which is not among the vendor pages (${dir})`,
    `a.ts: cites ${dir}page.txt:9-9, but the page has lines 1-4`,
    `a.ts: cites ${READINGS} §2, which has no such section`,
    `a.ts: quotes "The value ranges from 0 to 1000.", which ${dir}page.txt:3 does not hold`,
    `a.ts: quotes "The default value is 1.", which ${dir}page.txt:3 does not hold`,
  ]);
  const yaml = `description: >-\n  "The value ranges from 0 to 1000." [${dir}page.txt:3]\nother: '"The default value is 1." [${dir}page.txt:4]'\n`;
  expect(citationProblems('a.yaml', yaml, (f) => pages[f], new Set([1]), [])).toEqual([
    `a.yaml: quotes "The value ranges from 0 to 1000.", which ${dir}page.txt:3 does not hold`,
  ]);
});
