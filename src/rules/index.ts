/**
 * Every rule, by the requirement it decides: find a requirement's check here in one hop. A rule is a pure
 * function of what was observed and the profile's limits (src/target/profiles.ts) that returns findings
 * (violation.ts). The conformance tests choose inputs, send them and call these; the validating proxy
 * (src/proxy/judge.ts) routes each exchange it sees to the same functions.
 */
import { contractFindings } from './contract';
import { contentType, errorBody } from './errors';
import { serverError } from './server-error';
import { bodyFindings } from './v2-body';
import { createDefaults, createEcho, createReadBack, createResponse } from './v2-create';
import { concurrentCreates, duplicateCreate, heldOnce } from './v2-duplicates';
import { boundFindings, valueDemand } from './v2-values';
import { filterResult } from './v3-filters';
import { ipVersion, listShape, listsAll } from './v3-listing';
import { pageAfterMarker, pageInfo, sameOrder, walkBackward, walkForward } from './v3-paging';

export interface RuleEntry {
  requirement: string;
  /** The function that decides it (its module: the import above). */
  rule: (...args: never[]) => unknown;
  /** Whether the validating proxy judges the requirement with this rule. */
  proxy: boolean;
}

const entry = (requirement: string, rule: RuleEntry['rule'], proxy = false): RuleEntry => ({
  requirement,
  rule,
  proxy,
});

/** The requirements the value rules decide (first match wins: v2-values.ts VALUE_RULES). */
const VALUE_RULE_REQUIREMENTS = [
  'V2-REQUIRED-FIELDS',
  'V2-WEIGHT-TYPE',
  'V2-PORT-TYPE',
  'V2-NAME-TYPE',
  'V2-ADMIN-STATE-TYPE',
];

export const RULE_INDEX: readonly RuleEntry[] = [
  entry('V2-CREATE-RESPONSE', createResponse),
  entry('V2-CREATE-RESPONSE', contractFindings, true),
  entry('V3-LIST-SHAPE', contractFindings, true),
  entry('V3-LIST-SHAPE', listShape, true),
  entry('V3-LIST-SHAPE', listsAll),
  entry('V2-CREATE-READBACK', createReadBack, true),
  entry('V2-CREATE-ECHO', createEcho, true),
  entry('V2-CREATE-DEFAULTS', createDefaults),
  entry('V2-CONTENT-TYPE', contentType, true),
  entry('V3-CONTENT-TYPE', contentType, true),
  entry('V2-ERROR-BODY', errorBody, true),
  entry('V3-ERROR-BODY', errorBody, true),
  entry('V2-ERROR-BODY', contractFindings, true),
  entry('V3-ERROR-BODY', contractFindings, true),
  entry('V2-WEIGHT-RANGE', boundFindings, true),
  entry('V2-PORT-RANGE', boundFindings, true),
  entry('V2-NAME-LENGTH', boundFindings, true),
  entry('V2-WEIGHT-RANGE', valueDemand),
  entry('V2-PORT-RANGE', valueDemand),
  entry('V2-NAME-LENGTH', valueDemand),
  ...VALUE_RULE_REQUIREMENTS.map((requirement) => entry(requirement, valueDemand)),
  ...VALUE_RULE_REQUIREMENTS.map((requirement) => entry(requirement, serverError, true)),
  entry('V2-BODY-MALFORMED', bodyFindings, true),
  entry('V2-BODY-TOO-LARGE', bodyFindings, true),
  entry('V2-DUPLICATE-REJECTED', duplicateCreate, true),
  entry('V2-DUPLICATE-REJECTED', heldOnce),
  entry('V2-DUPLICATE-CONCURRENT', concurrentCreates),
  entry('V2-DUPLICATE-CONCURRENT', heldOnce),
  entry('V2-AUTH', serverError, true),
  entry('V3-AUTH', serverError, true),
  entry('V3-IP-VERSION', ipVersion, true),
  entry('V3-PAGE-INFO', pageInfo, true),
  entry('V3-WALK-FORWARD', walkForward, true),
  entry('V3-MARKER-CONTINUITY', pageAfterMarker, true),
  entry('V3-STABLE-ORDER', sameOrder),
  entry('V3-MARKER-WITHOUT-LIMIT', sameOrder),
  entry('V3-LIMIT-RANGE', sameOrder),
  entry('V3-WALK-BACKWARD', walkBackward),
  ...['V3-FILTER-MATCH', 'V3-FILTER-REPEATED', 'V3-FILTER-COMBINED', 'V3-FILTER-PAGINATED'].map(
    (requirement) => entry(requirement, filterResult),
  ),
];

/** The rules of a requirement. */
export function rulesOf(requirement: string): RuleEntry[] {
  return RULE_INDEX.filter((e) => e.requirement === requirement);
}

export * from './violation';
export * from './status';
export * from './errors';
export * from './contract';
export * from './server-error';
export * from './v2-body';
export * from './v2-create';
export * from './v2-duplicates';
export * from './v2-values';
export * from './v3-listing';
export * from './v3-paging';
export * from './v3-filters';
