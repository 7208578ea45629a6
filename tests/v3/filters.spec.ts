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
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { withReadPool } from '../../src/generators/pool';
import {
  candidates,
  FILTER_PARAMS,
  fixedFilters,
  lastMemberFilters,
} from '../../src/generators/filter-values';
import { filterResult, filtered } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { ids, type Filters, type V3Members, type V3Member } from '../../src/v3/members';

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

/** A case: a filter drawn at random (as indices) or one of the fixed examples, and the page size of a walk. */
type FilterCase = ({ choice: FilterChoice } | { filters: Filters }) & { limit?: number };

/** Resolves the filter against the pool's listing, and compares the target's answer with the expected members. */
async function checkFilter(
  requirement: string,
  v3: V3Members,
  known: V3Member[],
  filterCase: FilterCase,
): Promise<void> {
  const { limit } = filterCase;
  await v3.whileStable(
    async (full) => {
      const filters = 'filters' in filterCase ? filterCase.filters : resolveFilter(filterCase.choice, full);
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

const ROWS: {
  id: string;
  key: string;
  title: string;
  params: { min: number; max: number };
  values: { min: number; max: number };
  paged?: boolean;
  /** At most this many cases: a walk of a small page costs a request per page. */
  maxRuns?: number;
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
    maxRuns: 12,
  },
];

/**
 * The examples every run sends over the read pool's listing. A match: every fixed value of every parameter. A
 * repetition: each parameter's first two candidates (two held values where the pool shows two). A combination:
 * the first member's name and the second candidate port, which the first member does not show. A walk: with
 * limit 1, values the last member shows and the first does not (see lastMemberFilters).
 */
function examplesFor(row: (typeof ROWS)[number], known: readonly V3Member[]): FilterCase[] {
  const param = (name: string) => FILTER_PARAMS.findIndex((p) => p.name === name);
  switch (row.id) {
    case 'V3-FILTER-MATCH':
      return fixedFilters(known).map((filters) => ({ filters }));
    case 'V3-FILTER-REPEATED':
      return FILTER_PARAMS.filter((p) => !p.single).map((p) => ({
        choice: { params: [param(p.name)], picks: [[0, 1]] },
      }));
    case 'V3-FILTER-COMBINED':
      return [{ choice: { params: [param('name'), param('protocol_port')], picks: [[0], [1]] } }];
    default:
      return lastMemberFilters(known, 2).map((filters) => ({ filters, limit: 1 }));
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
        examples: examplesFor(row, known),
        casesAtOnce: v3.readsAtOnce,
        ...(row.maxRuns === undefined ? {} : { maxRuns: row.maxRuns }),
      }),
    );
  });
}
