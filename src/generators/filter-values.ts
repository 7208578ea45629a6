/**
 * The values the v3 filter tests send for each filter parameter (docs/vendor/v3-query-backend-servers.txt:
 * 107-239), chosen from the listing they filter: a value some member holds, a value none holds, the near misses
 * of the held value (a prefix, a substring, another case, a neighbouring number or id), and the bounds of the
 * parameter's type. `fixedFilters` makes them the examples every run sends, whatever its seed; `candidates`
 * is what the random cases draw from, on top.
 *
 * Every value is of the parameter's type as the page gives it (an integer in range, true/false, v4/v6, an id,
 * an IP address, a documented status): what a server does with a value of the wrong type is left open (it may
 * answer 400 or match nothing), so such a value would give no verdict. For the same reason the parameters of an
 * enumerated type get no other-case near miss: "ONLINE" in another case is no documented status.
 */
import { isIP } from 'node:net';
import { FILTER_FIELDS, type FilterField, type Filters } from '../rules/v3-filters';
import { SHARED_LIMITS } from '../target/profiles';
import type { V3Member } from '../v3/members';

/** A filter parameter as the rule reads it (src/rules/v3-filters.ts), and how the tests pick its values. */
export interface FilterParam extends FilterField {
  /** A value of the parameter's type that none of the shown values is, if there is one. */
  unheld: (shown: ReadonlySet<string>) => string | undefined;
  /** Values of the parameter's type close to the value but not it: a prefix must not match; another case may. */
  nearMisses?: (value: string) => string[];
  /** The numbers next to the value's (its last number, for an address): every run sends the first one unheld. */
  neighbours?: (value: string) => string[];
  /** The values of an enumerated type, every one sent on every run, held or not. */
  values?: readonly string[];
  /** The least and the greatest value of its type. */
  bounds?: readonly string[];
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

export function swapCase(value: string): string {
  return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** The longest proper prefix of an IP address that is itself a well-formed address (10.0.0.15 -> 10.0.0.1). */
function addressPrefix(address: string): string[] {
  for (let end = address.length - 1; end > 0; end--) {
    const prefix = address.slice(0, end);
    if (isIP(prefix) !== 0) return [prefix];
  }
  return [];
}

/** The addresses whose last number is one more and one less (10.0.0.15 -> 10.0.0.16, 10.0.0.14). */
function neighbouringAddresses(address: string): string[] {
  const v6 = address.includes(':');
  const cut = address.lastIndexOf(v6 ? ':' : '.');
  const last = address.slice(cut + 1);
  const n = v6 ? parseInt(last || '0', 16) : Number(last);
  const max = v6 ? 0xffff : 255;
  return [n + 1, n - 1]
    .filter((k) => Number.isInteger(k) && k >= 0 && k <= max)
    .map((k) => address.slice(0, cut + 1) + (v6 ? k.toString(16) : String(k)))
    .filter((a) => isIP(a) !== 0);
}

/** The integers one more and one less, within [min, max]. */
const neighbouringIntegers =
  (min: number, max: number) =>
  (value: string): string[] =>
    [Number(value) + 1, Number(value) - 1].filter((n) => n >= min && n <= max).map(String);

/** The UUID whose last hex digit is the next one (…c1e0 -> …c1e1), and, when asked, the UUID in upper case. */
const neighbouringIds =
  (otherCase: boolean) =>
  (id: string): string[] => {
    const last = parseInt(id.slice(-1), 16);
    if (Number.isNaN(last)) return [];
    const next = `${id.slice(0, -1)}${((last + 1) % 16).toString(16)}`;
    return otherCase ? [next, id.toUpperCase()] : [next];
  };

const { port } = SHARED_LIMITS;
/** "The value ranges from 0 to 100" (docs/vendor/v3-query-backend-servers.txt:381). */
const weight = { min: 0, max: 100 };

export const FILTER_PARAMS: readonly FilterParam[] = [
  {
    ...fieldOf('name'),
    unheld: firstUnheld(() => ['no-such-name-7c1e']),
    // a prefix, a substring that is no prefix, another case
    nearMisses: (v) => [v.slice(0, -1), v.slice(1), swapCase(v)],
  },
  {
    ...fieldOf('weight'),
    unheld: firstUnheld(() => integers(weight.min, weight.max)),
    neighbours: neighbouringIntegers(weight.min, weight.max),
    bounds: [String(weight.min), String(weight.max)],
  },
  {
    ...fieldOf('admin_state_up'),
    unheld: firstUnheld(() => ['true', 'false']),
    values: ['true', 'false'],
    single: true,
  },
  {
    ...fieldOf('subnet_cidr_id'),
    unheld: firstUnheld(unlikelyIds),
    nearMisses: neighbouringIds(false),
  },
  {
    ...fieldOf('address'),
    unheld: firstUnheld(documentationAddresses),
    nearMisses: addressPrefix,
    neighbours: neighbouringAddresses,
  },
  {
    ...fieldOf('protocol_port'),
    unheld: firstUnheld(() => integers(port.min, port.max)),
    neighbours: neighbouringIntegers(port.min, port.max),
    bounds: [String(port.min), String(port.max)],
  },
  { ...fieldOf('id'), unheld: firstUnheld(unlikelyIds), nearMisses: neighbouringIds(true) },
  {
    ...fieldOf('operating_status'),
    unheld: firstUnheld(() => ['ONLINE', 'NO_MONITOR', 'OFFLINE']),
    values: ['ONLINE', 'NO_MONITOR', 'OFFLINE'],
  },
  { ...fieldOf('ip_version'), unheld: firstUnheld(() => ['v4', 'v6']), values: ['v4', 'v6'] },
  { ...fieldOf('member_type'), unheld: firstUnheld(() => ['ip', 'instance']), values: ['ip', 'instance'] },
  { ...fieldOf('instance_id'), unheld: firstUnheld(unlikelyIds), nearMisses: neighbouringIds(false) },
];

/** The values the members show for the parameter, in the listing's order, each once. */
function shownValues(param: FilterParam, full: readonly V3Member[]): string[] {
  return [...new Set(full.map(param.valueOf).filter((v): v is string => v !== null))];
}

/**
 * The held value that tells an applied filter from an ignored one best: the one the fewest members show
 * (the first of them in the listing's order), so that the others are left out.
 */
export function heldValue(param: FilterParam, full: readonly V3Member[]): string | undefined {
  const counts = new Map<string, number>();
  for (const member of full) {
    const value = param.valueOf(member);
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count < counts.get(best)!) best = value;
  return best;
}

/** The candidate values of a parameter for this pool: what members show, then the near misses, then an unheld one. */
export function candidates(param: FilterParam, full: readonly V3Member[]): string[] {
  const shown = shownValues(param, full);
  const held = new Set(shown);
  const misses = shown
    .flatMap((v) => [...(param.nearMisses?.(v) ?? []), ...(param.neighbours?.(v) ?? [])])
    .filter((v) => v !== '' && !held.has(v));
  const unheld = param.unheld(held);
  return [...shown, ...new Set(misses), ...(unheld === undefined ? [] : [unheld])];
}

/**
 * The one-value filters every run sends for each parameter, over this listing: its held value, an unheld one,
 * each near miss of the held value that no member holds and its first unheld neighbour, every value of an
 * enumerated type and the bounds of a numeric one.
 */
export function fixedFilters(full: readonly V3Member[]): Filters[] {
  const seen = new Set<string>();
  const filters: Filters[] = [];
  for (const param of FILTER_PARAMS) {
    const held = heldValue(param, full);
    const shown = new Set(shownValues(param, full));
    const unheld = (values: string[]) => values.filter((v) => v !== '' && !shown.has(v));
    const misses =
      held === undefined
        ? []
        : [...unheld(param.nearMisses?.(held) ?? []), ...unheld(param.neighbours?.(held) ?? []).slice(0, 1)];
    const values = [held, param.unheld(shown), ...misses, ...(param.values ?? []), ...(param.bounds ?? [])];
    for (const value of values) {
      if (value === undefined || value === '' || seen.has(`${param.name}=${value}`)) continue;
      seen.add(`${param.name}=${value}`);
      filters.push({ [param.name]: [value] });
    }
  }
  return filters;
}

/**
 * Filters that a server filtering each page after cutting it from the whole listing answers wrongly on every
 * walk with limit 1: each is a value the last listed member shows and the first does not, so that the first
 * page of such a server is empty and its walk ends there.
 */
export function lastMemberFilters(full: readonly V3Member[], count: number): Filters[] {
  const first = full[0];
  const last = full[full.length - 1];
  if (!first || !last || first === last) return [];
  return FILTER_PARAMS.flatMap((param) => {
    const value = param.valueOf(last);
    return value !== null && value !== param.valueOf(first) ? [{ [param.name]: [value] }] : [];
  }).slice(0, count);
}
