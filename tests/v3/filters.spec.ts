/**
 * Query backend servers (v3): filters. Every filter parameter the page lists (docs/vendor/v3-query-backend-servers.txt:
 * 107-239) is generated, never hand-written one test per parameter: a filter is a set of parameters, each with
 * values picked from what the pool holds (and near misses: prefixes, other case, values no member holds), and
 * the verdict is always computed from the unfiltered listing. Whether a value that differs from a member's only
 * in case matches it is left open (docs/readings.md §5): such a member may be in the answer or not.
 *
 * Every value sent is of the parameter's type as the page gives it (an integer in range, true/false, v4/v6,
 * an id, an IP address, a documented status): what a server does with a value of the wrong type is left open
 * (it may answer 400 or match nothing), so such a value would give no verdict.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { readPool, withReadPool } from '../../src/generators/pool';
import { FILTER_FIELDS, filterResult, filtered, type FilterField } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { SHARED_LIMITS } from '../../src/target/profiles';
import { ids, type Filters, type V3Members, type V3Member } from '../../src/v3/members';

/** A filter parameter as the rule reads it (src/rules/v3-filters.ts), and how the test picks its values. */
interface FilterParam extends FilterField {
  /** A value of the parameter's type that none of the shown values is, if there is one. */
  unheld: (shown: ReadonlySet<string>) => string | undefined;
  /** Values of the parameter's type that are not the value: a prefix must not match; the other case may. */
  nearMisses?: (value: string) => string[];
  /** The page types it as a single Boolean, not an array: never repeated. */
  single?: boolean;
}

/** The rule's reading of the parameter of that name. */
function fieldOf(name: string): FilterField {
  const found = FILTER_FIELDS.find((f) => f.name === name);
  if (!found) throw new Error(`no filter parameter ${name} in src/rules/v3-filters.ts`);
  return found;
}

/** The first of the values that no member shows. */
const firstUnheld =
  (values: () => Iterable<string>) =>
  (shown: ReadonlySet<string>): string | undefined => {
    for (const value of values()) if (!shown.has(value)) return value;
    return undefined;
  };

function* integers(min: number, max: number): Generator<string> {
  for (let n = min; n <= max; n++) yield String(n);
}

function* documentationAddresses(): Generator<string> {
  for (let n = 1; n < 255; n++) yield `192.0.2.${n}`; // TEST-NET-1 (RFC 5737)
}

/** UUIDs no target hands out by chance: version 4 form, mostly zeros. */
function* unlikelyIds(): Generator<string> {
  for (let n = 0; n < 16; n++) yield `00000000-0000-4000-8000-00000000c1e${n.toString(16)}`;
}

/** The longest proper prefix of an IP address that is itself a well-formed address (10.0.0.15 -> 10.0.0.1). */
function addressPrefix(address: string): string[] {
  for (let end = address.length - 1; end > 0; end--) {
    const prefix = address.slice(0, end);
    if (isIP(prefix) !== 0) return [prefix];
  }
  return [];
}

const FILTER_PARAMS: FilterParam[] = [
  {
    ...fieldOf('name'),
    unheld: firstUnheld(() => ['no-such-name-7c1e']),
    nearMisses: (v) => [v.slice(0, -1), swapCase(v)],
  },
  { ...fieldOf('weight'), unheld: firstUnheld(() => integers(0, 100)) },
  {
    ...fieldOf('admin_state_up'),
    unheld: firstUnheld(() => ['true', 'false']),
    single: true,
  },
  { ...fieldOf('subnet_cidr_id'), unheld: firstUnheld(unlikelyIds) },
  {
    ...fieldOf('address'),
    unheld: firstUnheld(documentationAddresses),
    nearMisses: addressPrefix,
  },
  {
    ...fieldOf('protocol_port'),
    unheld: firstUnheld(() => integers(SHARED_LIMITS.port.min, SHARED_LIMITS.port.max)),
  },
  { ...fieldOf('id'), unheld: firstUnheld(unlikelyIds) },
  {
    ...fieldOf('operating_status'),
    unheld: firstUnheld(() => ['ONLINE', 'NO_MONITOR', 'OFFLINE']),
  },
  { ...fieldOf('ip_version'), unheld: firstUnheld(() => ['v4', 'v6']) },
  {
    ...fieldOf('member_type'),
    unheld: firstUnheld(() => ['ip', 'instance']),
  },
  {
    ...fieldOf('instance_id'),
    unheld: firstUnheld(unlikelyIds),
  },
];

function swapCase(value: string): string {
  return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** The candidate values of a parameter for this pool: what members show, then the near misses, then an unheld one. */
function candidates(param: FilterParam, full: readonly V3Member[]): string[] {
  const shown = new Set(full.map(param.valueOf).filter((v): v is string => v !== null));
  const misses = [...shown]
    .flatMap((v) => param.nearMisses?.(v) ?? [])
    .filter((v) => v !== '' && !shown.has(v));
  const unheld = param.unheld(shown);
  return [...shown, ...new Set(misses), ...(unheld === undefined ? [] : [unheld])];
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
    if (values.length === 0) return; // every value of the type is held: nothing to pick from
    const picks = param.single ? (choice.picks[i] ?? [0]).slice(0, 1) : (choice.picks[i] ?? [0]);
    filters[param.name] = [...new Set(picks.map((k) => values[k % values.length]!))];
  });
  return filters;
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
  choice: FilterChoice;
  limit?: number;
}

/** Resolves the filter against the pool's listing, and compares the target's answer with the expected members. */
async function checkFilter(
  requirement: string,
  v3: V3Members,
  known: V3Member[],
  { choice, limit }: FilterCase,
): Promise<void> {
  await v3.whileStable(
    async (full) => {
      const filters = resolveFilter(choice, full);
      const { expected, open } = filtered(full, filters);
      const pages =
        limit === undefined
          ? [await v3.page(filters)]
          : await v3.walkForward(limit, { filters, expectedTotal: expected.length + open.length });
      const query = Object.entries(filters)
        .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
        .join('&');
      const walked = limit === undefined ? '' : ` walked with limit ${limit}`;
      expectHeld(
        filterResult(
          requirement,
          full,
          filters,
          pages.flatMap((p) => ids(p.members)),
        ),
        pages[pages.length - 1]?.response.exchange,
        { context: `filter ${query}${walked} over ${full.length} members` },
      );
    },
    { known },
  );
}

/** One example per parameter (its first shown value), and the near misses of name and address. */
function perParameterExamples(v3: V3Members): FilterCase[] {
  const firstOf = FILTER_PARAMS.map((_, p) => ({ choice: { params: [p], picks: [[0]] } }));
  const nearMiss = (name: string, pick: number) => ({
    choice: { params: [FILTER_PARAMS.findIndex((p) => p.name === name)], picks: [[pick]] },
  });
  return [
    ...firstOf,
    ...[4, 5, 6, 7].map((k) => nearMiss('name', k)),
    nearMiss('address', readPool(v3.kinds).length + 1),
  ];
}

const ROWS: {
  id: string;
  key: string;
  title: string;
  params: { min: number; max: number };
  values: { min: number; max: number };
  paged?: boolean;
}[] = [
  {
    id: 'V3-FILTER-MATCH',
    key: 'v3-filter-match',
    title: 'each filter returns exactly the members whose field equals the value',
    params: { min: 1, max: 1 },
    values: { min: 1, max: 1 },
  },
  {
    id: 'V3-FILTER-REPEATED',
    key: 'v3-filter-repeated',
    title: 'a repeated filter parameter matches any of its values',
    params: { min: 1, max: 1 },
    values: { min: 2, max: 3 },
  },
  {
    id: 'V3-FILTER-COMBINED',
    key: 'v3-filter-combined',
    title: 'different filter parameters must all match',
    params: { min: 2, max: 3 },
    values: { min: 1, max: 2 },
  },
  {
    id: 'V3-FILTER-PAGINATED',
    key: 'v3-filter-paginated',
    title: 'a filtered walk visits exactly the filtered listing',
    params: { min: 1, max: 2 },
    values: { min: 1, max: 2 },
    paged: true,
  },
];

function examplesFor(row: (typeof ROWS)[number], v3: V3Members): FilterCase[] {
  const param = (name: string) => FILTER_PARAMS.findIndex((p) => p.name === name);
  switch (row.id) {
    case 'V3-FILTER-MATCH':
      return perParameterExamples(v3);
    case 'V3-FILTER-REPEATED':
      return FILTER_PARAMS.filter((p) => !p.single).map((p) => ({
        choice: { params: [param(p.name)], picks: [[0, 1]] },
      }));
    case 'V3-FILTER-COMBINED':
      // The first member's name and the second member's port: all must match, so the first member is out.
      return [{ choice: { params: [param('name'), param('protocol_port')], picks: [[0], [1]] } }];
    default:
      return [
        { choice: { params: [param('ip_version')], picks: [[0]] }, limit: 1 },
        { choice: { params: [param('member_type')], picks: [[0]] }, limit: 1 },
      ];
  }
}

for (const row of ROWS) {
  test(...requirementTest(row.id, row.title, row.key), async ({ v3 }) => {
    const cases: fc.Arbitrary<FilterCase> = fc.record({
      choice: choiceArbitrary(row.params, row.values),
      ...(row.paged ? { limit: fc.integer({ min: 1, max: 3 }) } : {}),
    });
    await withReadPool(v3, (known) =>
      checkProperty(cases, (c) => checkFilter(row.id, v3, known, c), {
        title: row.id,
        examples: examplesFor(row, v3),
        casesAtOnce: v3.readsAtOnce,
      }),
    );
  });
}
