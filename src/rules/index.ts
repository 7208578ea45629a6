/**
 * Every rule, by the requirement it decides: find a requirement's check here in one hop. A rule is a pure
 * function of what was observed and the profile's limits (src/target/profiles.ts) that returns findings
 * (violation.ts). The conformance tests choose inputs, send them and call these; the validating proxy
 * (src/proxy/judge.ts) routes each exchange it sees to the same functions.
 */
import { CONTRACT_RULES } from './contract';
import type { RuleEntry } from './entry';
import { ERROR_RULES } from './errors';
import { LIFECYCLE_RULES } from './lifecycle';
import { SERVER_ERROR_RULES } from './server-error';
import { BODY_RULE_ENTRIES } from './v2-body';
import { CREATE_RULES } from './v2-create';
import { REFUSED_RULES } from './refused';
import { ROUTING_RULES } from './routing';
import { DUPLICATE_RULES } from './v2-duplicates';
import { KEPT_RULES } from './v2-kept';
import { VALUE_RULE_ENTRIES } from './v2-values';
import { FILTER_RULES } from './v3-filters';
import { LISTING_RULES } from './v3-listing';
import { OWNERSHIP_RULES } from './ownership';
import { MEMBER_RULES } from './v3-members';
import { PAGING_RULES } from './v3-paging';
import { V2_FILTER_RULES } from './v2-filters';
import { V2_LISTING_RULES } from './v2-listing';

export type { RuleEntry } from './entry';

/** Every rule by the requirement it decides; each module lists its own rows next to its rules. */
export const RULE_INDEX: readonly RuleEntry[] = [
  ...CREATE_RULES,
  ...REFUSED_RULES,
  ...CONTRACT_RULES,
  ...LISTING_RULES,
  ...MEMBER_RULES,
  ...ERROR_RULES,
  ...VALUE_RULE_ENTRIES,
  ...BODY_RULE_ENTRIES,
  ...DUPLICATE_RULES,
  ...KEPT_RULES,
  ...SERVER_ERROR_RULES,
  ...PAGING_RULES,
  ...FILTER_RULES,
  ...OWNERSHIP_RULES,
  ...LIFECYCLE_RULES,
  ...ROUTING_RULES,
  ...V2_LISTING_RULES,
  ...V2_FILTER_RULES,
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
export * from './refused';
export * from './v2-duplicates';
export * from './v2-kept';
export * from './v2-values';
export * from './every-listing';
export * from './v3-listing';
export * from './v3-members';
export * from './v3-paging';
export * from './v3-filters';
export * from './ownership';
export * from './lifecycle';
export * from './routing';
export * from './v2-listing';
export * from './v2-filters';
