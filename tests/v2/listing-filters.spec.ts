/**
 * The v2.0 listing, filtered (docs/readings.md §2): `address`, `protocol_port` and `name` pick the members whose
 * value is the one given, and several of them the members that match them all. The test creates four members that
 * the parameters tell apart (two on one address, a second on one of their ports, a fourth elsewhere; two names
 * across them), reads which parameters the target applies from the listing by each alone, and holds the listings
 * by two and three together, and the pages after a marker the filter leaves out, to the same.
 */
import { requirementTest, test } from '../../src/fixtures';
import {
  filteredAfterMarker,
  filteredListing,
  filterQuery,
  filterUse,
  type V2FilterParam,
  type V2Filters,
} from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { readPage } from '../../src/v2/pages';
import type { V2Member } from '../../src/v2/members';

/** Each listing filtered by several parameters, with the values of one of the test's members (by index). */
const COMBINED: [V2FilterParam[], number][] = [
  [['address', 'protocol_port'], 0],
  [['address', 'name'], 1],
  [['protocol_port', 'name'], 2],
  [['address', 'protocol_port', 'name'], 0],
];

/** The parameters whose pages after a marker are read: the ones no member of others' shares with the test's. */
const MARKED: V2FilterParam[] = ['address', 'name'];

const filtersOf = (params: readonly V2FilterParam[], member: V2Member | undefined): V2Filters =>
  Object.fromEntries(params.map((p) => [p, String(member?.[p])]));

test(
  ...requirementTest(
    'V2-LIST-FILTERS',
    'a v2.0 listing filtered by address, protocol_port or name, alone or together, holds exactly the members that match, or every member for a filter the target ignores',
    'v2-list-filters',
  ),
  async ({ v2 }) => {
    const first = v2.endpoints.next();
    const names = ['one', 'two'].map((n) => `${v2.namePrefix}${first.address}-${first.port}-${n}`);
    const plan = [
      { endpoint: first, name: names[0] },
      { endpoint: v2.endpoints.withAddress(first.address), name: names[1] },
      { endpoint: v2.endpoints.withPort(first.port, first.address), name: names[1] },
      { endpoint: v2.endpoints.withAddress(v2.endpoints.next().address), name: names[0] },
    ];
    const own: V2Member[] = [];
    for (const { endpoint, name } of plan)
      own.push((await v2.create(v2.member({ name }, { endpoint }))).member);
    const applied = new Set<string>();
    for (const param of ['address', 'protocol_port', 'name'] as const) {
      const filters = filtersOf([param], own[0]);
      const page = await readPage(v2, filters);
      if (filterUse(param, filters[param] ?? '', own, page.members) !== 'ignored') applied.add(param);
      expectHeld(
        filteredListing(filters, applied.has(param) ? new Set([param]) : new Set(), own, page.members),
        page.response.exchange,
      );
    }
    for (const [params, index] of COMBINED) {
      const filters = filtersOf(params, own[index]);
      const page = await readPage(v2, filters);
      expectHeld(filteredListing(filters, applied, own, page.members), page.response.exchange);
    }
    const listing = await v2.listing();
    for (const param of MARKED) {
      const filters = filtersOf([param], own[0]);
      for (const marker of own.filter((m) => String(m[param]) !== filters[param])) {
        const page = await readPage(v2, filters, { limit: '1', marker: marker.id });
        expectHeld(
          filteredAfterMarker(filters, applied, listing, marker.id, 1, page.ids),
          page.response.exchange,
          { context: `${filterQuery(filters)}&limit=1&marker=${marker.id}` },
        );
      }
    }
  },
);
