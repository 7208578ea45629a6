/**
 * The v2.0 listing's filters (GET /v2.0/lbaas/pools/{pool_id}/members, docs/readings.md §2): `address`,
 * `protocol_port` and `name`, each matching a member whose value is the one given, and several of them all to
 * match. The vendor pages do not document them, so a target may apply a parameter or ignore it; but where it
 * applies one, the listing holds exactly the members that match, and where it ignores one, the listing is the one
 * without it: a mix of the two is no reading of any. Judged on the members the test created (`own`, which differ
 * in each parameter) and on every member listed, so that members of others, which may come and go, do not count.
 */
import { describeIds, notIn, repeated } from './ids';
import { finding, pointer, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

const RULE = 'V2-LIST-FILTERS';

/** The filter parameters the suite sends to the v2.0 listing. */
export const V2_FILTER_PARAMS = ['address', 'protocol_port', 'name'] as const;
export type V2FilterParam = (typeof V2_FILTER_PARAMS)[number];
export type V2Filters = Partial<Record<V2FilterParam, string>>;

/** A listed member, as the filter rules read it. */
export interface FilteredMember {
  id: string;
  [field: string]: unknown;
}

/** How the target treats a parameter: applies it, ignores it, or neither (a listing that is no reading). */
export type FilterUse = 'applied' | 'ignored' | 'mixed';

const params = (filters: V2Filters) => Object.entries(filters) as [V2FilterParam, string][];

/** The query a filter is sent as, for messages. */
export const filterQuery = (filters: V2Filters): string =>
  params(filters)
    .map(([p, v]) => `${p}=${v}`)
    .join('&');

const matching = (filters: V2Filters, applied: ReadonlySet<string>) => (m: FilteredMember) =>
  params(filters).every(([p, v]) => !applied.has(p) || String(m[p]) === v);

const idsOf = (members: readonly FilteredMember[]) => members.map((m) => m.id);
const sameIds = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** How the target treats `param`, from the listing filtered by it alone (`got`). */
export function filterUse(
  param: V2FilterParam,
  value: string,
  own: readonly FilteredMember[],
  got: readonly FilteredMember[],
): FilterUse {
  const listed = new Set(idsOf(got));
  const ownListed = idsOf(own.filter((m) => listed.has(m.id)));
  const applies = matching({ [param]: value }, new Set([param]));
  if (sameIds(ownListed, idsOf(own.filter(applies))) && got.every(applies)) return 'applied';
  return ownListed.length === own.length ? 'ignored' : 'mixed';
}

/**
 * V2-LIST-FILTERS: a listing filtered by `filters`, of which the target applies `applied` (filterUse, from the
 * listing by each alone), holds of the test's members exactly those that match every applied parameter, no member
 * that fails one, and no member twice.
 */
export function filteredListing(
  filters: V2Filters,
  applied: ReadonlySet<string>,
  own: readonly FilteredMember[],
  got: readonly FilteredMember[],
): Finding[] {
  const matches = matching(filters, applied);
  const expected = idsOf(own.filter(matches));
  const listed = idsOf(got);
  const ownIds = new Set(idsOf(own));
  const missing = notIn(expected, listed);
  const extra = [
    ...notIn(
      listed.filter((id) => ownIds.has(id)),
      expected,
    ),
    ...idsOf(got.filter((m) => !matches(m))),
  ];
  const twice = repeated(listed);
  if (missing.length + extra.length + twice.length === 0) return [finding(RULE, [])];
  const uses = params(filters)
    .map(([p]) => `${p} ${applied.has(p) ? 'applied' : 'ignored'}`)
    .join(', ');
  const wrong = [
    ...(missing.length ? [`lacks ${describeIds(missing)}`] : []),
    ...(extra.length ? [`holds ${describeIds([...new Set(extra)])}, which do not match`] : []),
    ...(twice.length ? [`holds ${describeIds(twice)} twice`] : []),
  ];
  return [
    finding(RULE, [
      violation(
        RULE,
        pointer('members'),
        `of the test's members ${describeIds(expected)}`,
        describeIds(listed),
        `the listing filtered by ${filterQuery(filters)} (${uses}, as the listing by each alone shows) ` +
          `${wrong.join('; ')}`,
      ),
    ]),
  ];
}

/**
 * V2-LIST-FILTERS: a listing filtered by `filters`, with `limit` and a `marker` that names a member of the pool
 * the filter leaves out, holds the first `limit` members of `listing` (the pool's listing, in its order) after the
 * marker that match; a target that does not page answers every member that matches. Shows nothing when the
 * target applies none of the parameters.
 */
export function filteredAfterMarker(
  filters: V2Filters,
  applied: ReadonlySet<string>,
  listing: readonly FilteredMember[],
  marker: string,
  limit: number,
  got: readonly string[],
): Finding[] {
  if (!params(filters).some(([p]) => applied.has(p))) return [];
  const at = listing.findIndex((m) => m.id === marker);
  const matches = matching(filters, applied);
  const all = idsOf(listing.filter(matches));
  const expected = idsOf(listing.slice(at + 1).filter(matches)).slice(0, limit);
  if (at < 0 || got.join() === expected.join() || got.join() === all.join()) return [finding(RULE, [])];
  return [
    finding(RULE, [
      violation(
        RULE,
        pointer('members'),
        describeIds(expected),
        describeIds(got),
        `the listing filtered by ${filterQuery(filters)} with limit=${limit} and marker ${marker} (a member ` +
          `the filter leaves out) holds ${describeIds(got)}, not the members that match after it ` +
          `(${describeIds(expected)})`,
      ),
    ]),
  ];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const V2_FILTER_RULES: readonly RuleEntry[] = [
  entry(RULE, filteredListing),
  entry(RULE, filteredAfterMarker),
];
