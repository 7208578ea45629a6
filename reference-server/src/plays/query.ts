import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import { parseIp } from '../ip';
import { V3_DEFAULT_LIMIT, type V3Filter } from '../query';
import type { Validation } from '../validation';

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

/** With v3-page-reverse-words: the words a lenient boolean parser reads, in any case. */
const BOOLEAN_WORDS: ReadonlyMap<string, 'true' | 'false'> = new Map([
  ...['true', '1', 'yes', 'y', 'on', 't'].map((word) => [word, 'true'] as const),
  ...['false', '0', 'no', 'n', 'off', 'f'].map((word) => [word, 'false'] as const),
]);

type Filters = ReadonlyMap<V3Filter, readonly string[]>;
type FilterEntry = readonly [V3Filter, readonly string[]];

/** How the faults and choices change the reading of a v3 listing's query (query.ts). */
export function queryPlays(f: FaultSet, c: ChoiceSet) {
  return {
    /** The limit text to read; v3-limit-empty-as-none reads `limit=` as no limit. */
    limitText: (text: string | undefined): string | undefined =>
      text === '' && c.has('v3-limit-empty-as-none') ? undefined : text,
    limitMax: (max: number): number =>
      f.has('v3-limit-upper-off-by-one') ? max + 1 : f.has('v3-limit-max-rejected') ? max - 1 : max,
    /** The limit a text means, given what the strict reading makes of it. */
    limit: (text: string, strict: number, inRange: (n: number) => number): number => {
      if (f.has('v3-limit-lenient-parse')) {
        const parsed = parseInt(text, 10);
        return Number.isNaN(parsed) ? V3_DEFAULT_LIMIT : inRange(parsed);
      }
      if (f.has('v3-limit-negative-accepted') && /^-[0-9]+$/.test(text)) return Infinity;
      if (f.has('v3-limit-empty-as-zero') && text === '') return 0;
      return strict;
    },
    /** The page_reverse text to read, given the one sent: the choices read other spellings as true or false. */
    reverseText: (text: string | undefined): string | undefined => {
      if (text === undefined || text === 'true' || text === 'false') return text;
      if (f.has('v3-page-reverse-other-500')) throw new Error(`not a boolean: ${JSON.stringify(text)}`);
      if (f.has('v3-page-reverse-other-first-page')) return 'false';
      if (c.has('v3-page-reverse-only-true')) return 'false';
      if (c.has('v3-page-reverse-not-false')) return 'true';
      const lower = text.toLowerCase();
      if (c.has('v3-page-reverse-words')) return BOOLEAN_WORDS.get(lower) ?? text;
      return c.has('v3-page-reverse-any-case') ? lower : text;
    },
    /** The marker read, given the one sent: v3-page-reverse-other-first-page drops it with a page_reverse it cannot read. */
    marker: (marker: string | undefined, reverseText: string | undefined): string | undefined =>
      f.has('v3-page-reverse-other-first-page') && !['true', 'false', undefined].includes(reverseText)
        ? undefined
        : marker,
    /** Whether the listing is read backwards, given the strict reading of page_reverse. */
    reversed: (strict: boolean, text: string | undefined): boolean =>
      f.has('v3-reverse-false-as-true') ? text !== undefined : strict,
    /** Problems of parameters the default server ignores. */
    unsupported: (query: URLSearchParams): string[] =>
      query.has('enterprise_project_id') && c.has('v3-enterprise-project-id-400')
        ? ['enterprise_project_id is not supported']
        : [],
    /** v3-filter-value-typed: values not of their parameter's type are refused, integers compare as numbers. */
    typedFilters: (filters: Filters, problems: string[]): Filters => {
      if (!c.has('v3-filter-value-typed')) return filters;
      problems.push(...filterTypeProblems(filters));
      return new Map(
        [...filters].map(([name, values]) => [
          name,
          name === 'weight' || name === 'protocol_port' ? values.map((v) => String(Number(v))) : values,
        ]),
      );
    },
    /** A refused limit alone answers 422 under v3-paging-422; any other refusal of the query 400. */
    refusal: <T>(checked: Validation<T>, limitRefused: boolean): Validation<T> =>
      !checked.ok && limitRefused && checked.problems.length === 1 && c.has('v3-paging-422')
        ? { ...checked, status: 422 }
        : checked,
    activeFilters: (entries: FilterEntry[]): FilterEntry[] =>
      entries
        .filter(([name]) => !(name === 'member_type' && f.has('v3-filter-ignores-member-type')))
        .map(([name, values]) => [name, f.has('v3-filter-last-value-wins') ? values.slice(-1) : values]),
    /** Whether a member's value matches a wanted one, given whether they are equal. */
    valueMatches: (name: V3Filter, actual: string, wanted: string, equal: boolean): boolean => {
      if (!TEXT_FILTERS.has(name)) return equal;
      const fold = (text: string): string => (c.has('v3-filter-ignores-case') ? text.toLowerCase() : text);
      return f.has('v3-filter-prefix-match')
        ? fold(actual).startsWith(fold(wanted))
        : c.has('v3-filter-ignores-case')
          ? fold(actual) === fold(wanted)
          : equal;
    },
    /** The predicate of all filter parameters, given the one that AND-s them. */
    combined: <T>(
      all: (item: T) => boolean,
      entries: readonly FilterEntry[],
      matches: (item: T, entry: FilterEntry) => boolean,
    ): ((item: T) => boolean) =>
      f.has('v3-filter-params-ored') ? (item) => entries.some((entry) => matches(item, entry)) : all,
  };
}

export type QueryPlays = ReturnType<typeof queryPlays>;
