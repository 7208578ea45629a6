/**
 * Add a backend server (v2.0): "Two backend servers in a backend server group cannot have the same private
 * IP address or port number." (docs/vendor/v2.0-add-backend-server.txt:9), read as uniqueness of the
 * (address, protocol_port) pair within one pool (docs/readings.md §1).
 */
import { statusMatches, type ExpectedStatus, type OneStatus } from '../http/expect';
import type { Profile } from '../target/profiles';
import { bodyRuleOf, type CreateSent } from './v2-body';
import { valueRuleOf } from './v2-values';
import { refusalShows } from './status';
import { finding, held, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** What makes two members of one pool the same for the rule: their (address, protocol_port) pair. */
export function pairOf(member: Record<string, unknown>): string {
  return `${JSON.stringify(member.address)} ${JSON.stringify(member.protocol_port)}`;
}

/** Whether a create's body breaks nothing but, perhaps, the uniqueness of its pair. */
export function otherwiseValid(sent: CreateSent, profile: Profile): boolean {
  return !bodyRuleOf(sent, profile) && !!sent.member && !valueRuleOf(sent.member, profile);
}

/** The answer a create of a held pair must get (any 4xx where no source names one). */
export function duplicateDemand(profile: Profile): OneStatus {
  return profile.refusals.duplicate;
}

/** The answers each of several identical creates sent at once may get: one success, the others refused. */
export function concurrentDemand(profile: Profile): ExpectedStatus {
  return [profile.v2CreateSuccess, duplicateDemand(profile)];
}

/**
 * V2-DUPLICATE-REJECTED, judged on one create of a pair that `heldBy` (a member id) already holds in the pool:
 * the duplicate refusal keeps it when nothing else in the body was refusable; a success breaks it.
 */
export function duplicateCreate(
  sent: CreateSent,
  heldBy: string | undefined,
  status: number,
  profile: Profile,
): Finding[] {
  if (heldBy === undefined || !sent.member) return [];
  if (otherwiseValid(sent, profile) && refusalShows(duplicateDemand(profile), status))
    return [held('V2-DUPLICATE-REJECTED')];
  if (!statusMatches(profile.v2CreateSuccess, status)) return [];
  const pair = `${String(sent.member.address)}:${String(sent.member.protocol_port)}`;
  return [
    finding('V2-DUPLICATE-REJECTED', [
      violation(
        'V2-DUPLICATE-REJECTED',
        '',
        'a refusal',
        String(status),
        `${pair} is held by member ${heldBy}, and a second create of it got ${status}`,
        'status',
      ),
    ]),
  ];
}

/** The pool holds exactly one member on the endpoint: what a refused duplicate, or a race of creates, leaves. */
export function heldOnce(
  requirement: string,
  holding: readonly { id: string }[],
  endpoint: { address: string; port: number },
): Finding {
  if (holding.length === 1) return held(requirement);
  return finding(requirement, [
    violation(
      requirement,
      '',
      '1 member',
      `${holding.length} members`,
      `the pool holds ${holding.length} members on ${endpoint.address}:${endpoint.port}, expected exactly 1: ` +
        holding.map((m) => m.id).join(', '),
    ),
  ]);
}

/** V2-DUPLICATE-CONCURRENT: of identical creates sent at once, exactly one succeeded. */
export function concurrentCreates(statuses: readonly number[], profile: Profile): Finding {
  const created = statuses.filter((status) => statusMatches(profile.v2CreateSuccess, status)).length;
  if (created === 1) return held('V2-DUPLICATE-CONCURRENT');
  return finding('V2-DUPLICATE-CONCURRENT', [
    violation(
      'V2-DUPLICATE-CONCURRENT',
      '',
      '1 success',
      `${created} successes`,
      `${created} of ${statuses.length} identical concurrent creates succeeded, expected exactly 1 ` +
        `(statuses: ${statuses.join(', ')})`,
      'status',
    ),
  ]);
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const DUPLICATE_RULES: readonly RuleEntry[] = [
  entry('V2-DUPLICATE-REJECTED', duplicateCreate, true),
  entry('V2-DUPLICATE-REJECTED', heldOnce),
  entry('V2-DUPLICATE-CONCURRENT', concurrentCreates),
  entry('V2-DUPLICATE-CONCURRENT', heldOnce),
  entry('V3-DUPLICATE-REJECTED', heldOnce),
];
