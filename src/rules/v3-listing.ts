/**
 * Query backend servers (v3): the form of a listing and of each member on it
 * (docs/vendor/v3-query-backend-servers.txt, docs/readings.md §5).
 */
import { isRecord } from '../json';
import { notIn } from './ids';
import { finding, pointer, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';

/** The fields of the page's example every member shows (docs/vendor/v3-query-backend-servers.txt:522-533). */
export const ALWAYS_PRESENT: readonly string[] = [
  'id',
  'name',
  'project_id',
  'address',
  'protocol_port',
  'weight',
  'admin_state_up',
  'operating_status',
  'ip_version',
];

/** The members of a listing's answer, if it has a members array. */
export function membersOf(answer: unknown): Record<string, unknown>[] | undefined {
  return isRecord(answer) && Array.isArray(answer.members) ? answer.members.filter(isRecord) : undefined;
}

/** The ip_version an address has: v6 for an IPv6 address, v4 otherwise. */
export function ipVersionOf(address: string): 'v4' | 'v6' {
  return address.includes(':') ? 'v6' : 'v4';
}

/** V3-IP-VERSION: every listed member's ip_version agrees with its address. */
export function ipVersion(members: readonly Record<string, unknown>[]): Finding[] {
  const shown = members
    .map((member, i) => ({ member, i }))
    .filter(({ member }) => typeof member.address === 'string');
  if (shown.length === 0) return [];
  const violations = shown
    .filter(({ member }) => member.ip_version !== ipVersionOf(member.address as string))
    .map(({ member, i }) =>
      violation(
        'V3-IP-VERSION',
        pointer('members', i, 'ip_version'),
        ipVersionOf(member.address as string),
        JSON.stringify(member.ip_version) ?? '(absent)',
        `member ${String(member.id)} has address ${String(member.address)} but ip_version ${JSON.stringify(member.ip_version)}`,
      ),
    );
  return [finding('V3-IP-VERSION', violations)];
}

/**
 * V3-LIST-SHAPE: each member shows every field of the page's example, and subnet_cidr_id unless it is an
 * IP-as-a-backend member (member_type "ip"). `kindOf` tells a member's kind where the answer does not (a
 * member without member_type); a member of unknown kind may lack subnet_cidr_id.
 */
export function listShape(
  members: readonly Record<string, unknown>[],
  kindOf: (id: unknown) => string | undefined = () => undefined,
): Finding[] {
  const violations: Violation[] = [];
  members.forEach((member, i) => {
    const absent = ALWAYS_PRESENT.filter((field) => !(field in member));
    const kind = 'member_type' in member ? member.member_type : kindOf(member.id);
    if (kind !== undefined && kind !== 'ip' && !('subnet_cidr_id' in member)) absent.push('subnet_cidr_id');
    if (absent.length > 0)
      violations.push(
        violation(
          'V3-LIST-SHAPE',
          pointer('members', i, absent[0]!),
          'present',
          '(absent)',
          `member ${String(member.id)} lacks ${absent.join(', ')}`,
        ),
      );
  });
  return [finding('V3-LIST-SHAPE', violations)];
}

/** V3-LIST-SHAPE: every member the test created is on the listing. */
export function listsAll(listedIds: readonly string[], createdIds: readonly string[]): Finding[] {
  const missing = notIn(createdIds, listedIds);
  if (missing.length === 0) return [finding('V3-LIST-SHAPE', [])];
  return [
    finding('V3-LIST-SHAPE', [
      violation(
        'V3-LIST-SHAPE',
        pointer('members'),
        `members ${createdIds.join(', ')}`,
        `without ${missing.join(', ')}`,
        `member ${missing.join(', ')} is missing from the listing`,
      ),
    ]),
  ];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const LISTING_RULES: readonly RuleEntry[] = [
  entry('V3-LIST-SHAPE', listShape, true),
  entry('V3-LIST-SHAPE', listsAll),
  entry('V3-IP-VERSION', ipVersion, true),
];
