/**
 * `lb-member-conformance compare` (src/compare/), as a user runs it on real reports: three short conformance
 * runs against the reference server (two correct, one with a fault) compared by the command in a child
 * process. The requirement the fault breaks comes first and the exit code is 1; runs that agree exit 0, unless
 * one is incomplete (a fourth run, whose deletes keep every member: its statuses match, its verdict does not)
 * or their verdicts differ; a
 * report of another catalogue is compared on the ids both have and the rest is listed; bad input exits 2,
 * names the file and writes nothing; the page, opened in Debian's chromium, puts the differing row first and
 * its statuses link to each run's own evidence.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogue } from '../../src/catalogue/requirements';
import { conformanceRunner } from './support/conformance-run';
import type { ProcessResult } from './support/child-process';
import { pageTest } from './support/page-harness';
import { expect } from './support/harness';
import { COMMAND, ROOT } from './support/paths';
import { schemaErrors } from './support/report-schema';

const FAULT = 'weight-upper-off-by-one';
const BROKEN = 'V2-WEIGHT-RANGE';
/** Every requirement: a report lists each, run or not. */
const REQUIREMENTS = catalogue().size;
/** Enough to run BROKEN and one requirement the fault leaves alone (V2-WEIGHT-TYPE), in a few seconds. */
const SELECTION = ['--project', 'v2', '--grep', 'V2-WEIGHT'];

/** Each run's conformance.json, its conformance page beside it. */
interface Runs {
  clean: string;
  cleanAgain: string;
  faulty: string;
  /** Every requirement as in `clean`, but its deletes kept every member: incomplete. */
  incomplete: string;
}

const test = pageTest.extend<
  { compare: (args: readonly string[]) => Promise<ProcessResult & { out: string }> },
  { runs: Runs }
>({
  runs: [
    async ({ workerProcesses, workerScratch }, use) => {
      const dir = workerScratch('compared-runs');
      const run = conformanceRunner(workerProcesses, () => workerScratch('conformance-run'));
      const report = async (name: string, env: Record<string, string>, exitCode: number) => {
        const reportDir = path.join(dir, name);
        const result = await run({ ...env, CONFORMANCE_WORKERS: '1' }, SELECTION, { reportDir });
        expect(result.exitCode, result.stdout + result.stderr).toBe(exitCode);
        return path.join(reportDir, 'conformance.json');
      };
      await use({
        clean: await report('clean', {}, 0),
        cleanAgain: await report('clean-again', {}, 0),
        faulty: await report('faulty', { REFERENCE_FAULTS: FAULT }, 1),
        incomplete: await report('incomplete', { REFERENCE_FAULTS: 'delete-noop' }, 1),
      });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  /** `lb-member-conformance compare args... --out <fresh folder>`; `out` is that folder. */
  compare: async ({ runNode, scratch }, use) => {
    await use(async (args) => {
      const out = path.join(scratch('compare'), 'page');
      return { ...(await runNode([COMMAND, 'compare', ...args, '--out', out])), out };
    });
  },
});

/** The status table of the text output: its rows (id, then each run's status), in order, marked or not. */
function tableRows(stdout: string): { marked: boolean; id: string; statuses: string[] }[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => /^\s+requirement\s+run 1/.test(line));
  expect(start, stdout).toBeGreaterThan(0);
  const rows = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('Not compared') || line.startsWith('Page:')) break;
    if (line.trim() === '') continue;
    const [first = '', ...rest] = line.trim().split(/\s+/);
    const marked = first === '*';
    const [id = '', ...statuses] = marked ? rest : [first, ...rest];
    rows.push({ marked, id, statuses });
  }
  return rows;
}

/** A copy of a report with `edit` applied to its parsed JSON, written into `dir`. */
function editedCopy(
  file: string,
  dir: string,
  name: string,
  edit: (report: Record<string, unknown>) => void,
): string {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(report);
  const copy = path.join(dir, name);
  writeFileSync(copy, JSON.stringify(report));
  return copy;
}

test('a run with a fault against a correct one: the broken requirement first, marked, exit code 1', async ({
  runs,
  compare,
}) => {
  const result = await compare([runs.clean, runs.faulty]);
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  const rows = tableRows(result.stdout);
  expect(rows[0]).toEqual({ marked: true, id: BROKEN, statuses: ['passed', 'failed'] });
  expect(rows.filter((row) => row.marked)).toHaveLength(1);
  expect(rows.find((row) => row.id === 'V2-WEIGHT-TYPE')).toEqual({
    marked: false,
    id: 'V2-WEIGHT-TYPE',
    statuses: ['passed', 'passed'],
  });
  expect(result.stdout).toContain(`The runs differ on 1 of ${REQUIREMENTS} shared requirements.`);
  // The header names each run: target (with the fault), profile, date, suite version, verdict, file.
  const header = result.stdout.split('\n').slice(1, 4);
  expect(header[1]).toMatch(
    /^\s+1\s+built-in reference server\s+huawei\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+lb-member-conformance \d+\.\d+\.\d+\s+conforms\s/,
  );
  expect(header[2]).toContain(`built-in reference server (faults: ${FAULT})`);
  expect(header[2]).toMatch(/does-not-conform\s+\S*faulty\/conformance\.json$/);
  expect(existsSync(path.join(result.out, 'index.html'))).toBe(true);
});

test('two runs that agree give exit code 0, and so does the same report twice', async ({ runs, compare }) => {
  for (const pair of [
    [runs.clean, runs.cleanAgain],
    [runs.faulty, runs.faulty],
  ]) {
    const result = await compare(pair);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`The runs agree on all ${REQUIREMENTS} shared requirements.`);
    expect(tableRows(result.stdout).filter((row) => row.marked)).toEqual([]);
  }
});

test('an incomplete run fails the comparison however its statuses match, and so do verdicts that differ', async ({
  runs,
  compare,
  scratch,
}) => {
  const cases = [
    {
      pair: [runs.clean, runs.incomplete],
      says: ['Their verdicts differ: conforms, incomplete.', 'Run 2 is incomplete'],
      title: 'Runs differ',
    },
    {
      pair: [runs.incomplete, runs.incomplete],
      says: ['Runs 1 and 2 are incomplete'],
      title: 'A run is incomplete',
    },
    {
      // The same statuses under another verdict (a run that broke outside any requirement, say).
      pair: [
        runs.clean,
        editedCopy(runs.clean, scratch('edited'), 'other-verdict.json', (report) => {
          (report.run as { verdict: string }).verdict = 'does-not-conform';
        }),
      ],
      says: ['Their verdicts differ: conforms, does-not-conform.'],
      title: 'Runs differ',
    },
  ];
  for (const c of cases) {
    const result = await compare(c.pair);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain(`The runs agree on all ${REQUIREMENTS} shared requirements.`);
    for (const text of c.says) expect(result.stdout).toContain(text);
    expect(tableRows(result.stdout).filter((row) => row.marked)).toEqual([]);
    const page = readFileSync(path.join(result.out, 'index.html'), 'utf8');
    expect(page).toContain(`<h1 class="verdict-text">${c.title}</h1>`);
  }
});

test('a report of another catalogue is compared on the ids both have; the others are listed', async ({
  runs,
  compare,
  scratch,
}) => {
  const other = editedCopy(runs.faulty, scratch('edited'), 'other-catalogue.json', (report) => {
    const requirements = report.requirements as { id: string }[];
    const extra = { ...requirements[0], id: 'V3-NEW-RULE', status: 'passed' };
    report.requirements = [...requirements.filter((r) => r.id !== 'V2-WEIGHT-TYPE'), extra];
    report.suite = { name: 'lb-member-conformance', version: '9.9.9' };
  });
  const result = await compare([runs.clean, other]);
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  const ids = tableRows(result.stdout).map((row) => row.id);
  expect(ids[0]).toBe(BROKEN);
  expect(ids).toHaveLength(REQUIREMENTS - 1);
  expect(ids).not.toContain('V2-WEIGHT-TYPE');
  expect(ids).not.toContain('V3-NEW-RULE');
  expect(result.stdout).toContain('lb-member-conformance 9.9.9');
  expect(result.stdout).toMatch(
    /Not compared \(not in every run\):\n\s+only in run 1: V2-WEIGHT-TYPE\n\s+only in run 2: V3-NEW-RULE\n/,
  );
  const page = readFileSync(path.join(result.out, 'index.html'), 'utf8');
  expect(page).toContain('only in run 2: V3-NEW-RULE');
  // A report not named conformance.json has no page of its own beside it: its statuses link to the JSON.
  const links = [...page.matchAll(/<td class="run" data-run="2"[^>]*><a class="evidence" href="([^"]*)"/g)];
  expect(links).toHaveLength(REQUIREMENTS - 1);
  expect(new Set(links.map((m) => m[1]))).toEqual(new Set(['../../edited/other-catalogue.json']));
});

test('a target URL with credentials or a query is shown without them', async ({ runs, compare, scratch }) => {
  const external = editedCopy(runs.clean, scratch('edited'), 'external.json', (report) => {
    const run = report.run as { target: Record<string, unknown> };
    run.target = {
      url: 'https://alice:pa55word@elb.example.com:8443/api?token=s3cr3t#frag',
      builtIn: false,
      referenceFaults: [],
    };
  });
  const result = await compare([external, runs.clean]);
  const page = readFileSync(path.join(result.out, 'index.html'), 'utf8');
  for (const shown of [result.stdout, page]) {
    expect(shown).toContain('https://elb.example.com:8443/api');
    for (const secret of ['alice', 'pa55word', 's3cr3t', 'frag']) expect(shown).not.toContain(secret);
  }
});

const BAD_INPUT: { name: string; files: (runs: Runs, dir: string) => string[]; says: RegExp }[] = [
  {
    name: 'a missing file',
    files: (runs, dir) => [runs.clean, path.join(dir, 'missing.json')],
    says: /missing\.json: no such file/,
  },
  {
    name: 'a file that is not JSON',
    files: (runs, dir) => [runs.clean, write(dir, 'broken.json', '{"formatVersion": 1,')],
    says: /broken\.json: not JSON/,
  },
  {
    name: 'JSON that is no conformance report',
    files: (runs, dir) => [write(dir, 'other.json', '{"tests": []}'), runs.clean],
    says: /other\.json: not a conformance report/,
  },
  {
    name: 'a report of an unknown formatVersion',
    files: (runs, dir) => [
      runs.clean,
      editedCopy(runs.clean, dir, 'future.json', (r) => (r.formatVersion = 2)),
    ],
    says: /future\.json: conformance report of formatVersion 2/,
  },
  {
    name: 'a report whose requirement has no status',
    files: (runs, dir) => [
      runs.clean,
      editedCopy(runs.clean, dir, 'no-status.json', (r) => {
        delete (r.requirements as Record<string, unknown>[])[3]?.status;
      }),
    ],
    says: /no-status\.json: not a conformance report: \/requirements\/3 must have required property 'status'/,
  },
  {
    name: 'two reports with no requirement in common',
    files: (runs, dir) => [
      runs.clean,
      editedCopy(runs.clean, dir, 'renamed.json', (r) => {
        for (const req of r.requirements as { id: string }[]) req.id = `X-${req.id}`;
      }),
    ],
    says: /renamed\.json: no requirement in common to compare/,
  },
  {
    name: 'one file only',
    files: (runs) => [runs.clean],
    says: /at least two reports to compare, got only \S*clean\/conformance\.json/,
  },
];

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

for (const bad of BAD_INPUT) {
  test(`bad input, ${bad.name}: exit code 2, the file named, nothing written`, async ({
    runs,
    compare,
    scratch,
  }) => {
    const result = await compare(bad.files(runs, scratch('input')));
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(bad.says);
    expect(result.stdout).toBe('');
    expect(existsSync(result.out)).toBe(false);
  });
}

test("the page, in chromium: the differing row first and marked, its statuses link to each run's evidence", async ({
  runs,
  compare,
  page,
}) => {
  const result = await compare([runs.clean, runs.faulty]);
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  const pageUrl = pathToFileURL(path.join(result.out, 'index.html')).href;
  await page.goto(pageUrl);
  await expect(page.locator('h1')).toHaveText('Runs differ');
  const first = page.locator('table.compare tbody tr').first();
  await expect(first).toHaveAttribute('data-requirement', BROKEN);
  await expect(first).toHaveClass(/\bdiffers\b/);
  await expect(page.locator('table.compare tr.differs')).toHaveCount(1);
  await expect(page.locator('#runs tbody tr')).toHaveCount(2);

  // Each status links, relative to this page, into that run's own conformance page at the requirement.
  const expected = [
    { run: runs.clean, anchor: `requirement-${BROKEN}`, status: 'passed' },
    { run: runs.faulty, anchor: `failure-${BROKEN}`, status: 'failed' },
  ];
  for (const [index, { run, anchor, status }] of expected.entries()) {
    const link = first.locator(`td[data-run="${index + 1}"] a`);
    const href = await link.getAttribute('href');
    expect(href).not.toMatch(/^(\/|file:)/);
    const target = new URL(href ?? '', pageUrl);
    expect(target.hash).toBe(`#${anchor}`);
    const file = decodeURIComponent(target.pathname);
    expect(file).toBe(path.join(path.dirname(run), 'conformance', 'index.html'));
    expect(readFileSync(file, 'utf8')).toContain(`id="${anchor}"`);
    await link.click();
    await expect(page).toHaveURL(target.href);
    await expect(page.locator(`#${anchor}`)).toBeVisible();
    await expect(page.locator(`#${anchor} .badge`).first()).toHaveText(status === 'failed' ? 'fail' : 'pass');
    await page.goto(pageUrl);
  }
});

test('--help lists compare, and compare --help explains its exit codes', async ({ runNode }) => {
  const help = await runNode([COMMAND, '--help']);
  expect(help.exitCode).toBe(0);
  expect(help.stdout).toMatch(
    /lb-member-conformance compare A\.json B\.json \[C\.json \.\.\.\] \[--out DIR\]/,
  );
  const own = await runNode([COMMAND, 'compare', '--help']);
  expect(own.exitCode).toBe(0);
  expect(own.stdout).toContain(
    'Exit code: 0 the runs agree on every shared requirement and on their verdict, none incomplete; 1 some\n' +
      'differ, the verdicts differ, or a run is incomplete; 2 bad input',
  );
});

test('docs/compare.md shows what the command prints for the two reports saved beside it', async ({
  compare,
}) => {
  const saved = ['docs/compare/reference.json', 'docs/compare/octavia.json'];
  for (const file of saved)
    expect(schemaErrors(JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  const doc = readFileSync(path.join(ROOT, 'docs/compare.md'), 'utf8');
  const shown = /```text\n(Comparing [\s\S]*?)\n```/.exec(doc)?.[1];
  expect(shown, 'a text block with the table in docs/compare.md').toBeDefined();
  const result = await compare(saved);
  expect(result.exitCode).toBe(1);
  expect(result.stdout.split('\nPage: ')[0]?.trimEnd()).toBe(shown);
});
