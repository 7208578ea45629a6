/**
 * The expectation map (the `expects` of requirements.yaml) is whole: every requirement has one, each entry rests
 * on a source that is where it says (a vendor sentence at its lines, a profile's source in docs/readings.md §4,
 * the §2 contract of the endpoints the suite also calls, or a §5 open reading whose choices the reference server
 * has), and every status a default run against the reference server demanded (conformance.json,
 * demandedStatuses) is named by an entry of its requirement.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHOICES } from '../../reference-server/src/index';
import { catalogue, type Expectation, type Requirement } from '../../src/catalogue/requirements';
import { loadContract } from '../../src/contract';
import type { ConformanceReport } from '../../src/reporter/model';
import {
  citeProblems,
  citedText,
  citesOf,
  normalise,
  openTitles,
  READINGS,
  sectionsOf,
  VENDOR_DIR,
  vendorPage,
} from './support/citations';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';
import { whyNotPassed } from './support/reported-run';

/** What the rests of a map are checked against. */
interface Sources {
  page: (file: string) => string[] | undefined;
  /** docs/readings.md's text. */
  readings: string;
  /** The names of the reference server's choices. */
  choices: ReadonlySet<string>;
  /** The operation ids of the contract. */
  operations: ReadonlySet<string>;
}

/** Text as a quote is compared with it: whitespace normalised, without the table bars of the pages' copies. */
const comparable = (text: string): string => normalise(text.replace(/\s*\|\s*/g, ' '));

/** What is wrong with one entry's rest. */
function restProblems(req: Requirement, entry: Expectation, sources: Sources): string[] {
  const at = `${req.id} "${entry.holds}"`;
  const rest = entry.rests;
  const sections = sectionsOf(sources.readings);
  switch (rest.kind) {
    case 'page': {
      const cites = citesOf(rest.cite);
      const cite = cites[0];
      if (cites.length !== 1 || !cite || !rest.cite.startsWith(VENDOR_DIR))
        return [`${at}: rests on ${rest.cite}, which is not one citation of a page of ${VENDOR_DIR}`];
      const problems = citeProblems(cite, sources.page).map((p) => `${at}: ${p}`);
      const lines = sources.page(cite.file);
      if (!lines || problems.length > 0) return problems;
      const cited = citedText(cite, lines).map(comparable).join(' ');
      return rest.quote
        .split(/\s\.\.\.\s/)
        .map(comparable)
        .filter((piece) => !cited.includes(piece))
        .map((piece) => `${at}: quotes "${piece}", which is not at ${rest.cite}`);
    }
    case 'profile': {
      const problems: string[] = [];
      if (!req.profiles.includes(rest.profile))
        problems.push(`${at}: rests on profile ${rest.profile}, which the requirement does not apply to`);
      if (!normalise(sections.get(4) ?? '').includes(normalise(rest.quote)))
        problems.push(
          `${at}: quotes "${rest.quote}" of profile ${rest.profile}, which ${READINGS} §4 does not hold`,
        );
      return problems;
    }
    case 'contract':
      return normalise(sections.get(2) ?? '').includes(normalise(rest.quote))
        ? []
        : [`${at}: quotes "${rest.quote}" as the contract, which ${READINGS} §2 does not hold`];
    case 'open': {
      const problems = openTitles(sources.readings).includes(rest.title)
        ? []
        : [`${at}: rests on the open reading "${rest.title}", which is no entry of ${READINGS} §5`];
      for (const choice of rest.choices.filter((c) => !sources.choices.has(c)))
        problems.push(`${at}: names choice ${choice}, which the reference server does not have`);
      return problems;
    }
  }
}

/** What is wrong with a requirement's map: none at all, a rest that does not resolve, an unknown operation. */
function mapProblems(req: Requirement, sources: Sources): string[] {
  if (req.expects.length === 0) return [`${req.id}: has no expectation map`];
  return req.expects.flatMap((entry) => [
    ...restProblems(req, entry, sources),
    ...(entry.profile !== undefined && !req.profiles.includes(entry.profile)
      ? [`${req.id} "${entry.holds}": applies under ${entry.profile}, which the requirement does not`]
      : []),
    ...entry.statuses
      .map((pair) => pair.split(' ')[0] ?? '')
      .filter((operation) => !sources.operations.has(operation))
      .map(
        (operation) => `${req.id} "${entry.holds}": names operation ${operation}, which the contract has not`,
      ),
  ]);
}

/** The statuses a run's report shows demanded that no entry of the requirement's map names, for the run's profile. */
function unmappedStatuses(
  report: ConformanceReport,
  requirements: ReadonlyMap<string, Requirement>,
): string[] {
  const profile = report.run.profile;
  return report.requirements.flatMap((reported) => {
    const entries = (requirements.get(reported.id)?.expects ?? []).filter(
      (e) => e.profile === undefined || e.profile === profile,
    );
    const named = new Set(entries.flatMap((e) => e.statuses));
    return (reported.demandedStatuses ?? [])
      .filter((pair) => !named.has(pair))
      .map(
        (pair) => `${reported.id}: its tests demanded ${pair}, which no entry of its expectation map names`,
      );
  });
}

async function realSources(): Promise<Sources> {
  return {
    page: vendorPage,
    readings: readFileSync(path.join(ROOT, READINGS), 'utf8'),
    choices: new Set(CHOICES.map((c) => c.name)),
    operations: new Set((await loadContract()).operations.keys()),
  };
}

test('every requirement has an expectation map, and every entry rests on a source found where it is cited', async () => {
  const sources = await realSources();
  const requirements = [...catalogue().values()];
  expect(requirements.filter((r) => r.expects.length === 0).map((r) => r.id)).toEqual([]);
  expect(requirements.flatMap((r) => mapProblems(r, sources))).toEqual([]);
  // Each kind of rest is used, so that each check above is exercised on the real map.
  const kinds = new Set(requirements.flatMap((r) => r.expects.map((e) => e.rests.kind)));
  expect([...kinds].sort()).toEqual(['contract', 'open', 'page', 'profile']);
});

test('every status a default run demanded is named by an entry of its requirement’s expectation map', async ({
  runConformance,
}) => {
  test.setTimeout(180_000);
  const run = await runConformance({ CONFORMANCE_RUNS: '5' });
  expect(whyNotPassed(run), run.stdout.slice(-3000)).toEqual([]);
  const report = run.report!;
  // The statuses are recorded: every requirement whose tests send a checked request demanded some.
  const demanding = report.requirements.filter((r) => (r.demandedStatuses ?? []).length > 0);
  expect(demanding.length).toBeGreaterThan(35);
  expect(unmappedStatuses(report, catalogue())).toEqual([]);
});

test('the map checks bite: a missing map, a misquote, a wrong line, an unknown section, reading, choice or operation, and an unmapped status are each reported', async () => {
  const sources: Sources = {
    page: (file) =>
      file === `${VENDOR_DIR}page.txt`
        ? ['Title', 'weight |', 'No |', 'Integer |', 'The value ranges from 0 to 100.']
        : undefined,
    readings: [
      '# Readings',
      '## 2. Endpoints',
      '- `DELETE /members/{id}` answers `204`.',
      '## 4. Profiles',
      '- `octavia`: 0 to 256.',
      '## 5. Open',
      '- **The success status.** Default: 201. Choice: `v2-create-200`.',
      '',
    ].join('\n'),
    choices: new Set(['v2-create-200']),
    operations: new Set(['createMemberV2', 'deleteMemberV2']),
  };
  const base: Omit<Requirement, 'expects'> = {
    id: 'V2-X',
    endpoint: 'POST /members',
    title: 'a rule',
    source: `${VENDOR_DIR}page.txt:5`,
    quote: 'The value ranges from 0 to 100.',
    profiles: ['huawei', 'octavia'],
    needs: [],
  };
  const withEntry = (entry: Omit<Expectation, 'holds' | 'statuses'> & Partial<Expectation>) =>
    mapProblems({ ...base, expects: [{ holds: 'h', statuses: [], ...entry }] }, sources);
  const page = (cite: string, quote: string) => withEntry({ rests: { kind: 'page', cite, quote } });

  expect(page(`${VENDOR_DIR}page.txt:2-4`, 'weight | No | Integer')).toEqual([]);
  expect(page(`${VENDOR_DIR}page.txt:5`, 'The value ranges from 0 to 100.')).toEqual([]);
  expect(withEntry({ rests: { kind: 'contract', quote: '`DELETE /members/{id}` answers `204`.' } })).toEqual(
    [],
  );
  expect(
    withEntry({ rests: { kind: 'profile', profile: 'octavia', quote: '`octavia`: 0 to 256.' } }),
  ).toEqual([]);
  expect(
    withEntry({ rests: { kind: 'open', title: 'The success status.', choices: ['v2-create-200'] } }),
  ).toEqual([]);

  expect(mapProblems({ ...base, expects: [] }, sources)).toEqual(['V2-X: has no expectation map']);
  expect(page(`${VENDOR_DIR}page.txt:5`, 'The value ranges from 0 to 1000.')).toEqual([
    `V2-X "h": quotes "The value ranges from 0 to 1000.", which is not at ${VENDOR_DIR}page.txt:5`,
  ]);
  expect(page(`${VENDOR_DIR}page.txt:2`, 'The value ranges from 0 to 100.')).toEqual([
    `V2-X "h": quotes "The value ranges from 0 to 100.", which is not at ${VENDOR_DIR}page.txt:2`,
  ]);
  expect(page(`${VENDOR_DIR}page.txt:9`, 'weight')).toEqual([
    `V2-X "h": cites ${VENDOR_DIR}page.txt:9-9, but the page has lines 1-5`,
  ]);
  expect(page('docs/readings.md §1', 'weight')).toEqual([
    `V2-X "h": rests on docs/readings.md §1, which is not one citation of a page of ${VENDOR_DIR}`,
  ]);
  expect(withEntry({ rests: { kind: 'contract', quote: '`GET /members` answers `200`.' } })).toEqual([
    `V2-X "h": quotes "\`GET /members\` answers \`200\`." as the contract, which ${READINGS} §2 does not hold`,
  ]);
  expect(
    withEntry({ rests: { kind: 'profile', profile: 'octavia', quote: '`octavia`: 0 to 300.' } }),
  ).toEqual([
    `V2-X "h": quotes "\`octavia\`: 0 to 300." of profile octavia, which ${READINGS} §4 does not hold`,
  ]);
  expect(
    withEntry({ rests: { kind: 'open', title: 'The failure status.', choices: ['v2-create-299'] } }),
  ).toEqual([
    `V2-X "h": rests on the open reading "The failure status.", which is no entry of ${READINGS} §5`,
    'V2-X "h": names choice v2-create-299, which the reference server does not have',
  ]);
  expect(
    withEntry({
      statuses: ['createMemberV9 201'],
      rests: { kind: 'open', title: 'The success status.', choices: ['v2-create-200'] },
    }),
  ).toEqual(['V2-X "h": names operation createMemberV9, which the contract has not']);

  const requirement = (statuses: string[], profile?: 'octavia'): Requirement => ({
    ...base,
    expects: [
      {
        holds: 'h',
        statuses,
        ...(profile ? { profile } : {}),
        rests: { kind: 'open', title: 'The success status.', choices: ['v2-create-200'] },
      },
    ],
  });
  const report = (demanded: string[]) =>
    ({
      run: { profile: 'huawei' },
      requirements: [{ id: 'V2-X', demandedStatuses: demanded }],
    }) as unknown as ConformanceReport;
  const map = (r: Requirement) => new Map([['V2-X', r]]);
  expect(unmappedStatuses(report(['createMemberV2 2xx']), map(requirement(['createMemberV2 2xx'])))).toEqual(
    [],
  );
  expect(
    unmappedStatuses(
      report(['createMemberV2 2xx', 'createMemberV2 4xx']),
      map(requirement(['createMemberV2 2xx'])),
    ),
  ).toEqual(['V2-X: its tests demanded createMemberV2 4xx, which no entry of its expectation map names']);
  // An entry of another profile does not name a status of this run's.
  expect(
    unmappedStatuses(report(['createMemberV2 201']), map(requirement(['createMemberV2 201'], 'octavia'))),
  ).toEqual(['V2-X: its tests demanded createMemberV2 201, which no entry of its expectation map names']);
});
