import type { QueryPlays } from './plays/query';
import type { Validation } from './validation';

/** The value of a parameter that may be given at most once. */
function single(query: URLSearchParams, name: string, problems: string[]): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) problems.push(`${name} may be given only once`);
  return values[0];
}

const result = <T>(value: T, problems: string[]): Validation<T> =>
  problems.length > 0 ? { ok: false, problems } : { ok: true, value };

export interface V2ListQuery {
  readonly limit?: number;
  readonly marker?: string;
  readonly reverse: boolean;
  /** parameter -> accepted values (exact match on any of them) */
  readonly filters: ReadonlyMap<string, readonly string[]>;
}

const V2_FILTERS = ['address', 'protocol_port', 'name'];

/** GET /v2.0/lbaas/pools/{pool_id}/members: OpenStack paging plus a few exact-match filters. */
export function parseV2ListQuery(query: URLSearchParams): Validation<V2ListQuery> {
  const problems: string[] = [];
  const limitText = single(query, 'limit', problems);
  const marker = single(query, 'marker', problems);
  const reverseText = single(query, 'page_reverse', problems);
  let limit: number | undefined;
  if (limitText !== undefined) {
    if (/^[0-9]{1,15}$/.test(limitText) && Number(limitText) > 0) limit = Number(limitText);
    else problems.push(`limit must be a positive integer, got ${JSON.stringify(limitText)}`);
  }
  if (reverseText !== undefined && !/^(true|false)$/i.test(reverseText)) {
    problems.push(`page_reverse must be true or false, got ${JSON.stringify(reverseText)}`);
  }
  const filters = new Map(
    V2_FILTERS.filter((name) => query.has(name)).map((name) => [name, query.getAll(name)]),
  );
  return result({ limit, marker, reverse: reverseText?.toLowerCase() === 'true', filters }, problems);
}

export const V3_FILTERS = [
  'name',
  'weight',
  'admin_state_up',
  'subnet_cidr_id',
  'address',
  'protocol_port',
  'id',
  'operating_status',
  'ip_version',
  'member_type',
  'instance_id',
] as const;
export type V3Filter = (typeof V3_FILTERS)[number];

export const V3_DEFAULT_LIMIT = 2000;

export interface V3ListQuery {
  /** Absent when not given: then marker and page_reverse have no effect. Infinity only in a fault mode. */
  readonly limit?: number;
  readonly marker?: string;
  readonly reverse: boolean;
  readonly filters: ReadonlyMap<V3Filter, readonly string[]>;
}

/** GET /v3/{project_id}/elb/pools/{pool_id}/members (docs/readings.md §1 "Query backend servers", §5). */
export function parseV3ListQuery(query: URLSearchParams, play: QueryPlays): Validation<V3ListQuery> {
  const problems: string[] = [];
  const limitText = play.limitText(single(query, 'limit', problems));
  const reverseText = single(query, 'page_reverse', problems);
  const marker = play.marker(single(query, 'marker', problems), reverseText);
  const limit = limitText === undefined ? undefined : v3Limit(limitText, play);
  if (Number.isNaN(limit)) {
    problems.push(`limit must be an integer from 0 to ${V3_DEFAULT_LIMIT}, got ${JSON.stringify(limitText)}`);
  }
  const reverse = play.reverseText(reverseText);
  if (reverse !== undefined && reverse !== 'true' && reverse !== 'false') {
    problems.push(`page_reverse must be true or false, got ${JSON.stringify(reverseText)}`);
  }
  problems.push(...play.unsupported(query));
  const filters = play.typedFilters(
    new Map(V3_FILTERS.filter((name) => query.has(name)).map((name) => [name, query.getAll(name)])),
    problems,
  );
  const reversed = play.reversed(reverse === 'true', reverse);
  return play.refusal(result({ limit, marker, reverse: reversed, filters }, problems), Number.isNaN(limit));
}

/** NaN when invalid. */
function v3Limit(text: string, play: QueryPlays): number {
  const max = play.limitMax(V3_DEFAULT_LIMIT);
  const inRange = (n: number): number => (n >= 0 && n <= max ? n : NaN);
  return play.limit(text, /^[0-9]{1,15}$/.test(text) ? inRange(Number(text)) : NaN, inRange);
}

/**
 * A predicate for the filter parameters, or undefined when there are none: values of one parameter are
 * OR-ed, parameters AND-ed, and a member's value is compared exactly as it is rendered in JSON.
 */
export function v3Matcher<T>(
  filters: ReadonlyMap<V3Filter, readonly string[]>,
  valueOf: (item: T, filter: V3Filter) => string,
  play: QueryPlays,
): ((item: T) => boolean) | undefined {
  const active = play.activeFilters([...filters]);
  if (active.length === 0) return undefined;
  const matches = (item: T, [name, values]: (typeof active)[number]): boolean => {
    const actual = valueOf(item, name);
    return values.some((wanted) => play.valueMatches(name, actual, wanted, actual === wanted));
  };
  return play.combined((item: T) => active.every((entry) => matches(item, entry)), active, matches);
}
