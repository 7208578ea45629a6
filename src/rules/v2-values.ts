/**
 * Add a backend server (v2.0): the value rules of the member's fields (docs/vendor/v2.0-add-backend-server.txt:
 * 28-75, docs/readings.md §1, §4). A member that breaks one must be refused with the profile's refusal; one
 * that breaks none must be accepted.
 */
import type { ExpectedStatus } from '../http/expect';
import type { Profile } from '../target/profiles';
import { isSuccess } from './status';
import { held, pointer, shown, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';

/** What a field's value must be; `breach` says what is wrong with the member, undefined when nothing is. */
export interface ValueRule {
  requirement: string;
  field: string;
  /** The rule's demand in words, given the profile. */
  expected: (profile: Profile) => string;
  /** Whether the member breaks the rule. */
  breaks: (member: Record<string, unknown>, profile: Profile) => boolean;
  /**
   * For a bound (a range, a length): whether the value is of the type the bound applies to, so that a
   * success for it shows the bound holding, or broken. Absent: a success shows nothing of the rule (the
   * readings leave its type rules to the refusal).
   */
  bounded?: (value: unknown) => boolean;
}

const isInteger = (value: unknown): value is number => Number.isInteger(value);
const notInteger = (value: unknown) => value !== undefined && !Number.isInteger(value);
const outside = (value: unknown, range: { min: number; max: number }) =>
  isInteger(value) && (value < range.min || value > range.max);
const isString = (value: unknown): value is string => typeof value === 'string';
/**
 * A name's length in code points: more than the limit is too long under every counting, while the UTF-16 units
 * or UTF-8 bytes of a shorter one may pass it (docs/readings.md §5, "Name length beyond ASCII").
 */
const codePoints = (text: string) => [...text].length;

/** The fields a create must carry: subnet_id too where the profile requires it (docs/readings.md §4). */
export function mandatoryFields(profile: Profile): string[] {
  return profile.v2SubnetRequired ? ['address', 'protocol_port', 'subnet_id'] : ['address', 'protocol_port'];
}

/** The two rules of an integer field bounded by the profile's `limit`: `type`, an integer; `range`, within it. */
function integerRules(
  field: string,
  limit: 'weight' | 'port',
  requirements: { type: string; range: string },
): ValueRule[] {
  return [
    {
      requirement: requirements.type,
      field,
      expected: () => 'an integer',
      breaks: (m) => notInteger(m[field]),
    },
    {
      requirement: requirements.range,
      field,
      expected: (p) => `${p.limits[limit].min}..${p.limits[limit].max}`,
      breaks: (m, p) => outside(m[field], p.limits[limit]),
      bounded: isInteger,
    },
  ];
}

/** The value rules, first match wins when a member breaks several (the one its refusal is about). */
export const VALUE_RULES: readonly ValueRule[] = [
  {
    requirement: 'V2-REQUIRED-FIELDS',
    field: '',
    expected: (p) => mandatoryFields(p).join(', '),
    breaks: (m, p) => mandatoryFields(p).some((field) => !(field in m)),
  },
  ...integerRules('weight', 'weight', { type: 'V2-WEIGHT-TYPE', range: 'V2-WEIGHT-RANGE' }),
  ...integerRules('protocol_port', 'port', { type: 'V2-PORT-TYPE', range: 'V2-PORT-RANGE' }),
  {
    requirement: 'V2-NAME-TYPE',
    field: 'name',
    expected: () => 'a string',
    breaks: (m) => m.name !== undefined && !isString(m.name),
  },
  {
    requirement: 'V2-NAME-LENGTH',
    field: 'name',
    expected: (p) => `at most ${p.limits.nameLength} characters`,
    breaks: (m, p) => isString(m.name) && codePoints(m.name) > p.limits.nameLength,
    bounded: isString,
  },
  {
    requirement: 'V2-ADMIN-STATE-TYPE',
    field: 'admin_state_up',
    expected: () => 'a JSON boolean',
    breaks: (m) => m.admin_state_up !== undefined && typeof m.admin_state_up !== 'boolean',
  },
  {
    requirement: 'V2-SUBNET-ID-TYPE',
    field: 'subnet_id',
    expected: () => 'a string',
    // Where subnet_id is optional (octavia), null may stand for none.
    breaks: (m, p) => p.v2SubnetRequired && m.subnet_id !== undefined && !isString(m.subnet_id),
  },
];

/** The requirements the value rules decide. */
export const VALUE_REQUIREMENTS: ReadonlySet<string> = new Set(VALUE_RULES.map((r) => r.requirement));

/** The requirements of the value rules that bound no value: a type, or a field present. */
export const UNBOUNDED_VALUE_REQUIREMENTS: readonly string[] = VALUE_RULES.filter((r) => !r.bounded).map(
  (r) => r.requirement,
);

/** The first value rule the member breaks, if any. */
export function valueRuleOf(member: Record<string, unknown>, profile: Profile): ValueRule | undefined {
  return VALUE_RULES.find((rule) => rule.breaks(member, profile));
}

/** The answer a create of the member must get: the refusal when it breaks a value rule, else the success. */
export function valueDemand(member: Record<string, unknown>, profile: Profile): ExpectedStatus {
  return valueRuleOf(member, profile) ? profile.refusals.invalidMember : profile.v2CreateSuccess;
}

function describe(value: unknown): string {
  return isString(value) && value.length > 40 ? `${codePoints(value)} characters long` : shown(value);
}

/**
 * A create answered with a success, judged by the bounds: each bounded field the member sent with a value of
 * its type keeps its rule when inside, breaks it when outside (the create should have been refused).
 */
export function boundFindings(member: Record<string, unknown>, status: number, profile: Profile): Finding[] {
  if (!isSuccess(status)) return [];
  return VALUE_RULES.filter((rule) => rule.bounded?.(member[rule.field])).map((rule) => {
    if (!rule.breaks(member, profile)) return held(rule.requirement);
    const value = member[rule.field];
    const v: Violation = violation(
      rule.requirement,
      pointer('member', rule.field),
      rule.expected(profile),
      describe(value),
      `${rule.field} is ${describe(value)}, expected ${rule.expected(profile)}; the create got ${status}, it should have been refused`,
      'status',
    );
    return { requirement: rule.requirement, violations: [v] };
  });
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const VALUE_RULE_ENTRIES: readonly RuleEntry[] = [
  // The proxy sees what a create sent and how it was answered: it judges the bounds (a success outside them).
  ...VALUE_RULES.filter((rule) => rule.bounded).map((rule) => entry(rule.requirement, boundFindings, true)),
  ...VALUE_RULES.map((rule) => entry(rule.requirement, valueDemand)),
];
