import type { ChoiceSet } from './choices';
import type { FaultSet } from './faults';
import { parseIp } from './ip';
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

const TEXT_FILTERS: ReadonlySet<V3Filter> = new Set<V3Filter>([
  'name',
  'subnet_cidr_id',
  'address',
  'id',
  'operating_status',
  'ip_version',
  'member_type',
  'instance_id',
]);

export const V3_DEFAULT_LIMIT = 2000;

export interface V3ListQuery {
  /** Absent when not given: then marker and page_reverse have no effect. Infinity only in a fault mode. */
  readonly limit?: number;
  readonly marker?: string;
  readonly reverse: boolean;
  readonly filters: ReadonlyMap<V3Filter, readonly string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const integerIn =
  (min: number, max: number) =>
  (v: string): boolean =>
    /^[0-9]{1,6}$/.test(v) && Number(v) >= min && Number(v) <= max;
const oneOf =
  (...values: string[]) =>
  (v: string): boolean =>
    values.includes(v);

/** With v3-filter-value-typed: what each filter parameter's values must be, as the page types them. */
const FILTER_TYPES: Readonly<Record<V3Filter, { what: string; valid: (value: string) => boolean }>> = {
  name: { what: 'a string', valid: () => true },
  weight: { what: 'an integer from 0 to 100', valid: integerIn(0, 100) },
  admin_state_up: { what: 'true or false', valid: oneOf('true', 'false') },
  subnet_cidr_id: { what: 'a UUID', valid: (v) => UUID.test(v) },
  address: { what: 'an IP address', valid: (v) => parseIp(v) !== undefined },
  protocol_port: { what: 'an integer from 1 to 65535', valid: integerIn(1, 65535) },
  id: { what: 'a UUID', valid: (v) => UUID.test(v) },
  operating_status: {
    what: 'ONLINE, NO_MONITOR or OFFLINE',
    valid: oneOf('ONLINE', 'NO_MONITOR', 'OFFLINE'),
  },
  ip_version: { what: 'v4 or v6', valid: oneOf('v4', 'v6') },
  member_type: { what: 'ip or instance', valid: oneOf('ip', 'instance') },
  instance_id: { what: 'a UUID', valid: (v) => UUID.test(v) },
};

/** The filter values that are not of their parameter's type; admin_state_up is a single Boolean. */
function filterTypeProblems(filters: ReadonlyMap<V3Filter, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const [name, values] of filters) {
    const type = FILTER_TYPES[name];
    const wrong = values.find((v) => !type.valid(v));
    if (wrong !== undefined) problems.push(`${name} must be ${type.what}, got ${JSON.stringify(wrong)}`);
  }
  if ((filters.get('admin_state_up')?.length ?? 0) > 1)
    problems.push('admin_state_up may be given only once');
  return problems;
}

/** GET /v3/{project_id}/elb/pools/{pool_id}/members (docs/readings.md §1 "Query backend servers", §5). */
export function parseV3ListQuery(
  query: URLSearchParams,
  faults: FaultSet,
  choices: ChoiceSet,
): Validation<V3ListQuery> {
  const problems: string[] = [];
  const limitText = single(query, 'limit', problems);
  const marker = single(query, 'marker', problems);
  const reverseText = single(query, 'page_reverse', problems);
  const noLimit = limitText === undefined || (limitText === '' && choices.has('v3-limit-empty-as-none'));
  const limit = noLimit ? undefined : v3Limit(limitText, faults);
  if (Number.isNaN(limit)) {
    problems.push(`limit must be an integer from 0 to ${V3_DEFAULT_LIMIT}, got ${JSON.stringify(limitText)}`);
  }
  const reverse = choices.has('v3-page-reverse-any-case') ? reverseText?.toLowerCase() : reverseText;
  if (reverse !== undefined && reverse !== 'true' && reverse !== 'false') {
    problems.push(`page_reverse must be true or false, got ${JSON.stringify(reverseText)}`);
  }
  if (query.has('enterprise_project_id') && choices.has('v3-enterprise-project-id-400'))
    problems.push('enterprise_project_id is not supported');
  const typed = choices.has('v3-filter-value-typed');
  const reversed = faults.has('v3-reverse-false-as-true') ? reverse !== undefined : reverse === 'true';
  const filters = new Map(
    V3_FILTERS.filter((name) => query.has(name)).map((name) => [name, query.getAll(name)]),
  );
  // A refused limit alone answers 422 under v3-paging-422; any other refusal of the query 400.
  const pagingOnly = (checked: Validation<V3ListQuery>): Validation<V3ListQuery> =>
    !checked.ok && Number.isNaN(limit) && checked.problems.length === 1 && choices.has('v3-paging-422')
      ? { ...checked, status: 422 }
      : checked;
  if (!typed) return pagingOnly(result({ limit, marker, reverse: reversed, filters }, problems));
  problems.push(...filterTypeProblems(filters));
  // Integers compare as numbers: weight=07 is weight 7.
  const numeric = new Map(
    [...filters].map(([name, values]) => [
      name,
      name === 'weight' || name === 'protocol_port' ? values.map((v) => String(Number(v))) : values,
    ]),
  );
  return pagingOnly(result({ limit, marker, reverse: reversed, filters: numeric }, problems));
}

/** NaN when invalid. */
function v3Limit(text: string, f: FaultSet): number {
  const max = f.has('v3-limit-upper-off-by-one')
    ? V3_DEFAULT_LIMIT + 1
    : f.has('v3-limit-max-rejected')
      ? V3_DEFAULT_LIMIT - 1
      : V3_DEFAULT_LIMIT;
  const inRange = (n: number): number => (n >= 0 && n <= max ? n : NaN);
  if (f.has('v3-limit-lenient-parse')) {
    const parsed = parseInt(text, 10);
    return Number.isNaN(parsed) ? V3_DEFAULT_LIMIT : inRange(parsed);
  }
  if (f.has('v3-limit-negative-accepted') && /^-[0-9]+$/.test(text)) return Infinity;
  if (f.has('v3-limit-empty-as-zero') && text === '') return 0;
  return /^[0-9]{1,15}$/.test(text) ? inRange(Number(text)) : NaN;
}

/**
 * A predicate for the filter parameters, or undefined when there are none: values of one parameter are
 * OR-ed, parameters AND-ed, and a member's value is compared exactly as it is rendered in JSON.
 */
export function v3Matcher<T>(
  filters: ReadonlyMap<V3Filter, readonly string[]>,
  valueOf: (item: T, filter: V3Filter) => string,
  f: FaultSet,
  c: ChoiceSet,
): ((item: T) => boolean) | undefined {
  const active = [...filters]
    .filter(([name]) => !(name === 'member_type' && f.has('v3-filter-ignores-member-type')))
    .map(([name, values]) => [name, f.has('v3-filter-last-value-wins') ? values.slice(-1) : values] as const);
  if (active.length === 0) return undefined;
  const fold = (text: string): string => (c.has('v3-filter-ignores-case') ? text.toLowerCase() : text);
  const equal = (name: V3Filter, actual: string, wanted: string): boolean => {
    if (!TEXT_FILTERS.has(name)) return actual === wanted;
    return f.has('v3-filter-prefix-match')
      ? fold(actual).startsWith(fold(wanted))
      : fold(actual) === fold(wanted);
  };
  const matches = (item: T, [name, values]: (typeof active)[number]): boolean => {
    const actual = valueOf(item, name);
    return values.some((wanted) => equal(name, actual, wanted));
  };
  return f.has('v3-filter-params-ored')
    ? (item) => active.some((entry) => matches(item, entry))
    : (item) => active.every((entry) => matches(item, entry));
}
