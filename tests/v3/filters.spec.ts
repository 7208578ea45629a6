/**
 * Query backend servers (v3): filters. Every filter parameter the page lists (docs/vendor/v3-query-backend-servers.txt:
 * 107-239) is generated, never hand-written one test per parameter: a filter is a set of parameters, each with
 * values picked from what the pool holds (and near misses: prefixes, other case, absent values), and the
 * verdict is always computed from the unfiltered listing.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { depopulate, everyKind, poolContents, populate, type MemberSpec } from '../../src/generators/pool';
import { ConformanceFailure } from '../../src/http/failure';
import { ids, type Filters, type V3Member, type V3Members } from '../../src/v3/members';

/** A filter parameter and the value a member shows for it (undefined: the member has none to match). */
interface FilterParam {
  name: string;
  valueOf: (member: V3Member) => string | undefined;
  /** Spellings that are not the value and must not match it (§5: no prefix, substring or case folding). */
  nearMisses?: (value: string) => string[];
  /** The page types it as a single Boolean, not an array: never repeated. */
  single?: boolean;
}

const text = (value: unknown) =>
  value === undefined || value === null || value === '' ? undefined : String(value);

const FILTER_PARAMS: FilterParam[] = [
  { name: 'name', valueOf: (m) => text(m.name), nearMisses: (v) => [v.slice(0, -1), swapCase(v)] },
  { name: 'weight', valueOf: (m) => text(m.weight) },
  { name: 'admin_state_up', valueOf: (m) => text(m.admin_state_up), single: true },
  { name: 'subnet_cidr_id', valueOf: (m) => text(m.subnet_cidr_id) },
  { name: 'address', valueOf: (m) => text(m.address), nearMisses: (v) => [v.slice(0, -1)] },
  { name: 'protocol_port', valueOf: (m) => text(m.protocol_port) },
  { name: 'id', valueOf: (m) => text(m.id) },
  { name: 'operating_status', valueOf: (m) => text(m.operating_status) },
  { name: 'ip_version', valueOf: (m) => text(m.ip_version) },
  { name: 'member_type', valueOf: (m) => text(m.member_type) },
  { name: 'instance_id', valueOf: (m) => text(m.instance_id) },
];

function swapCase(value: string): string {
  return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** The candidate values of a parameter for this pool: what members show, then the near misses, then an absent one. */
function candidates(param: FilterParam, full: readonly V3Member[]): string[] {
  const shown = [...new Set(full.map(param.valueOf).filter((v): v is string => v !== undefined))];
  const misses = shown
    .flatMap((v) => param.nearMisses?.(v) ?? [])
    .filter((v) => v !== '' && !shown.includes(v));
  return [...shown, ...new Set(misses), 'no-such-value-7c1e'];
}

/** A filter as indices, resolved against the listing once the pool is known, so that fast-check can shrink it. */
interface FilterChoice {
  params: number[];
  picks: number[][];
}

function resolveFilter(choice: FilterChoice, full: readonly V3Member[]): Filters {
  const filters: Filters = {};
  choice.params.forEach((p, i) => {
    const param = FILTER_PARAMS[p % FILTER_PARAMS.length]!;
    const values = candidates(param, full);
    const picks = param.single ? (choice.picks[i] ?? [0]).slice(0, 1) : (choice.picks[i] ?? [0]);
    filters[param.name] = [...new Set(picks.map((k) => values[k % values.length]!))];
  });
  return filters;
}

function matches(member: V3Member, filters: Filters): boolean {
  return Object.entries(filters).every(([name, values]) => {
    const param = FILTER_PARAMS.find((p) => p.name === name)!;
    const value = param.valueOf(member);
    return value !== undefined && values.includes(value);
  });
}

function choiceArbitrary(paramCount: { min: number; max: number }, valueCount: { min: number; max: number }) {
  return fc
    .uniqueArray(fc.nat({ max: FILTER_PARAMS.length - 1 }), {
      minLength: paramCount.min,
      maxLength: paramCount.max,
    })
    .chain((params) =>
      fc.record({
        params: fc.constant(params),
        picks: fc.tuple(
          ...params.map(() =>
            fc.array(fc.nat({ max: 40 }), { minLength: valueCount.min, maxLength: valueCount.max }),
          ),
        ),
      }),
    );
}

interface FilterCase {
  contents: MemberSpec[];
  choice: FilterChoice;
  limit?: number;
}

/** Creates the pool, lists it, resolves the filter, and compares the target's answer with the expected members. */
async function checkFilter(v3: V3Members, { contents, choice, limit }: FilterCase): Promise<void> {
  const created = await populate(v3, contents);
  await v3.whileStable(async () => {
    const full = await v3.listing();
    const filters = resolveFilter(choice, full);
    const expected = ids(full.filter((m) => matches(m, filters))).sort();
    const pages =
      limit === undefined ? [await v3.page(filters)] : await v3.walkForward(limit, filters, expected.length);
    const got = pages.flatMap((p) => ids(p.members));
    if ([...got].sort().join() !== expected.join()) {
      const query = Object.entries(filters)
        .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
        .join('&');
      throw new ConformanceFailure(
        `filter ${query}${limit === undefined ? '' : ` walked with limit ${limit}`} over ${full.length} members returned ` +
          `${got.length ? got.join(', ') : '(none)'}; expected ${expected.length ? expected.join(', ') : '(none)'}`,
        pages[pages.length - 1]?.response.exchange,
      );
    }
  });
  await depopulate(v3, created);
}

/** One example per parameter (its first shown value), and the near misses of name and address. */
function perParameterExamples(v3: V3Members): FilterCase[] {
  const contents = everyKind(v3.kinds);
  const firstOf = FILTER_PARAMS.map((_, p) => ({ contents, choice: { params: [p], picks: [[0]] } }));
  const nearMiss = (name: string, pick: number) => ({
    contents,
    choice: { params: [FILTER_PARAMS.findIndex((p) => p.name === name)], picks: [[pick]] },
  });
  return [
    ...firstOf,
    ...[4, 5, 6, 7].map((k) => nearMiss('name', k)),
    nearMiss('address', contents.length + 1),
  ];
}

const ROWS: {
  id: string;
  title: string;
  params: { min: number; max: number };
  values: { min: number; max: number };
  paged?: boolean;
}[] = [
  {
    id: 'V3-FILTER-MATCH',
    title: 'each filter returns exactly the members whose field equals the value',
    params: { min: 1, max: 1 },
    values: { min: 1, max: 1 },
  },
  {
    id: 'V3-FILTER-REPEATED',
    title: 'a repeated filter parameter matches any of its values',
    params: { min: 1, max: 1 },
    values: { min: 2, max: 3 },
  },
  {
    id: 'V3-FILTER-COMBINED',
    title: 'different filter parameters must all match',
    params: { min: 2, max: 3 },
    values: { min: 1, max: 2 },
  },
  {
    id: 'V3-FILTER-PAGINATED',
    title: 'a filtered walk visits exactly the filtered listing',
    params: { min: 1, max: 2 },
    values: { min: 1, max: 2 },
    paged: true,
  },
];

function examplesFor(row: (typeof ROWS)[number], v3: V3Members): FilterCase[] {
  const contents = everyKind(v3.kinds);
  const param = (name: string) => FILTER_PARAMS.findIndex((p) => p.name === name);
  switch (row.id) {
    case 'V3-FILTER-MATCH':
      return perParameterExamples(v3);
    case 'V3-FILTER-REPEATED':
      return FILTER_PARAMS.filter((p) => !p.single).map((p) => ({
        contents,
        choice: { params: [param(p.name)], picks: [[0, 1]] },
      }));
    case 'V3-FILTER-COMBINED':
      // The first member's name and the second member's port: all must match, so the first member is out.
      return [{ contents, choice: { params: [param('name'), param('protocol_port')], picks: [[0], [1]] } }];
    default:
      return [
        { contents, choice: { params: [param('ip_version')], picks: [[0]] }, limit: 1 },
        { contents, choice: { params: [param('member_type')], picks: [[0]] }, limit: 1 },
      ];
  }
}

for (const row of ROWS) {
  test(...requirementTest(row.id, row.title), async ({ v3 }) => {
    const cases: fc.Arbitrary<FilterCase> = fc.record({
      contents: poolContents(v3.kinds, 1),
      choice: choiceArbitrary(row.params, row.values),
      ...(row.paged ? { limit: fc.integer({ min: 1, max: 3 }) } : {}),
    });
    await checkProperty(cases, (c) => checkFilter(v3, c), { title: row.id, examples: examplesFor(row, v3) });
  });
}
