/**
 * Query backend servers (v3): filters (docs/vendor/v3-query-backend-servers.txt:107-239). A filter is a set of
 * parameters, each with values; a member matches when each parameter's value is one of its values. Whether a
 * value that differs from the member's only in case matches is left open (docs/readings.md §5), and so is
 * whether a member that lacks an optional field matches: such a member may be in the answer or not.
 */
import { notIn, seenBefore } from './ids';
import { finding, pointer, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

export type Filters = Record<string, string[]>;

/** A filter parameter as the rule reads a member for it. */
export interface FilterField {
  name: string;
  /** The member's value; null when it has none to match (its field is null or empty). */
  valueOf: (member: Record<string, unknown>) => string | null;
  /** Whether the member may lack the field (the page's optional Member fields). */
  optional?: boolean;
}

const text = (value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : String(value);

const field = (name: string, optional = false): FilterField => ({
  name,
  valueOf: (m) => text(m[name]),
  ...(optional ? { optional } : {}),
});

/** Every filter parameter the page lists, in its order. */
export const FILTER_FIELDS: readonly FilterField[] = [
  field('name'),
  field('weight'),
  field('admin_state_up'),
  // Only an IP-as-a-backend member may leave it out, and such a member is in no subnet.
  field('subnet_cidr_id'),
  field('address'),
  field('protocol_port'),
  field('id'),
  field('operating_status'),
  field('ip_version'),
  field('member_type', true),
  field('instance_id', true),
];

/**
 * Whether the member matches every parameter of the filter; undefined when that is left open: a field the
 * member lacks, or a value that differs from the member's only in case.
 */
export function filterMatch(member: Record<string, unknown>, filters: Filters): boolean | undefined {
  let open = false;
  for (const [name, values] of Object.entries(filters)) {
    const param = FILTER_FIELDS.find((p) => p.name === name);
    if (!param) return undefined;
    if (param.optional && !(name in member)) {
      open = true;
      continue;
    }
    const value = param.valueOf(member);
    if (value !== null && values.includes(value)) continue;
    const lower = value?.toLowerCase();
    if (lower === undefined || !values.some((v) => v.toLowerCase() === lower)) return false;
    open = true; // it differs only in case
  }
  return open ? undefined : true;
}

/** The members of the listing a filter must return, and those it may return. */
export function filtered(
  listing: readonly Record<string, unknown>[],
  filters: Filters,
): { expected: string[]; open: string[] } {
  const verdicts = listing.map((m) => ({ id: String(m.id), match: filterMatch(m, filters) }));
  return {
    expected: verdicts.filter((v) => v.match === true).map((v) => v.id),
    open: verdicts.filter((v) => v.match === undefined).map((v) => v.id),
  };
}

const list = (items: readonly string[]) => (items.length ? [...items].sort().join(', ') : '(none)');

/**
 * V3-FILTER-MATCH and its kin (`requirement`): a filtered listing (or walk) returns every member of the
 * unfiltered listing that matches, none that does not, and none twice.
 */
export function filterResult(
  requirement: string,
  listing: readonly Record<string, unknown>[],
  filters: Filters,
  got: readonly string[],
): Finding[] {
  const { expected, open } = filtered(listing, filters);
  const missing = notIn(expected, got);
  const allowed = new Set([...expected, ...open]);
  const again = seenBefore();
  const wrong = got.filter((id) => again(id) || !allowed.has(id));
  if (missing.length === 0 && wrong.length === 0) return [finding(requirement, [])];
  const maybe = open.length
    ? ` (and maybe ${list(open)}, which lack ${Object.keys(filters).join(', ')} or show it in another case)`
    : '';
  return [
    finding(requirement, [
      violation(
        requirement,
        pointer('members'),
        list(expected),
        list(got),
        `returned ${list(got)}; expected ${list(expected)}${maybe}`,
      ),
    ]),
  ];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const FILTER_RULES: readonly RuleEntry[] = [
  ...['V3-FILTER-MATCH', 'V3-FILTER-REPEATED', 'V3-FILTER-COMBINED', 'V3-FILTER-PAGINATED'].map(
    (requirement) => entry(requirement, filterResult),
  ),
];
