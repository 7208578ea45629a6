/**
 * Query backend servers (v3): what each listed member's fields say of it (docs/vendor/v3-query-backend-servers.txt,
 * Table 6 Member): the defaults of what its create left out, what it sent, the times of its create, and the address family of
 * an IP-as-a-backend member, and that of a member of the subnet whose range is known. The v3 client applies them to every listing it reads (src/v3/members.ts).
 */
import type { Cidr } from '../target/cidr';
import { finding, pointer, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';

/** What a test's create of a member sent, and when it was answered: what the member's listing is held to. */
export interface CreatedMember {
  weightGiven: boolean;
  subnetGiven: boolean;
  /** What the create sent of the fields a listing shows as sent (AS_SENT); a field it left out is absent. */
  sent: Partial<Record<AsSentField, unknown>>;
  /** The Date header of the create's answer (ms since the epoch), or the client's clock when it had none. */
  answeredAt: number;
}

/** The fields of a created member that its listing shows as its create sent them (docs/readings.md §2). */
export const AS_SENT = ['name', 'protocol_port', 'weight'] as const;
export type AsSentField = (typeof AS_SENT)[number];

/**
 * How far created_at may lie from the Date of the create's answer: the target's clocks (the API's front that
 * dates the answer, the service that stores the member) may disagree, and both count in whole seconds.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** A field the page lets be "left blank": absent, null or "". */
const blank = (member: Record<string, unknown>, field: string): boolean =>
  member[field] === undefined || member[field] === null || member[field] === '';

/** The listed members this test created, with what their creates sent. */
function createdOnes(
  listed: readonly Record<string, unknown>[],
  made: ReadonlyMap<string, CreatedMember>,
): { member: Record<string, unknown>; i: number; created: CreatedMember }[] {
  return listed.flatMap((member, i) => {
    const created = made.get(String(member.id));
    return created ? [{ member, i, created }] : [];
  });
}

/**
 * V3-CREATED-DEFAULTS: a member created without weight is listed with weight 1; one created without
 * subnet_cidr_id (IP as a backend, never a cloud server) with member_type ip and instance_id blank, when shown.
 */
export function createdDefaults(
  listed: readonly Record<string, unknown>[],
  made: ReadonlyMap<string, CreatedMember>,
): Finding[] {
  const created = createdOnes(listed, made);
  if (created.length === 0) return [];
  const wrong: Violation[] = [];
  const add = (i: number, field: string, expected: string, member: Record<string, unknown>, why: string) =>
    wrong.push(
      violation(
        'V3-CREATED-DEFAULTS',
        pointer('members', i, field),
        expected,
        JSON.stringify(member[field]) ?? '(absent)',
        `member ${String(member.id)}, ${why}, shows ${field} ${JSON.stringify(member[field])}`,
      ),
    );
  for (const { member, i, created: sent } of created) {
    if (!sent.weightGiven && member.weight !== 1) add(i, 'weight', '1', member, 'created without weight');
    if (sent.subnetGiven) continue;
    if ('member_type' in member && member.member_type !== 'ip')
      add(i, 'member_type', '"ip"', member, 'created without subnet_cidr_id');
    if (!blank(member, 'instance_id'))
      add(i, 'instance_id', 'blank or absent', member, 'created without subnet_cidr_id (no cloud server)');
  }
  return [finding('V3-CREATED-DEFAULTS', wrong)];
}

/** V3-LISTED-AS-SENT: a member the test created is listed with the name, protocol_port and weight its create sent. */
export function listedAsSent(
  listed: readonly Record<string, unknown>[],
  made: ReadonlyMap<string, CreatedMember>,
): Finding[] {
  const created = createdOnes(listed, made);
  if (created.length === 0) return [];
  const wrong = created.flatMap(({ member, i, created: { sent } }) =>
    AS_SENT.filter((field) => sent[field] !== undefined && member[field] !== sent[field]).map((field) =>
      violation(
        'V3-LISTED-AS-SENT',
        pointer('members', i, field),
        JSON.stringify(sent[field]),
        JSON.stringify(member[field]) ?? '(absent)',
        `member ${String(member.id)} was created with ${field} ${JSON.stringify(sent[field])}, but is listed with ${JSON.stringify(member[field]) ?? 'none'}`,
      ),
    ),
  );
  return [finding('V3-LISTED-AS-SENT', wrong)];
}

/** The time a yyyy-MM-ddTHH:mm:ssZ field gives, or undefined when it gives none. */
function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * V3-CREATED-TIME: a created member's created_at, when shown, is the time its create was answered (within
 * CLOCK_SKEW_MS), and its updated_at is not before its created_at.
 */
export function createdTimes(
  listed: readonly Record<string, unknown>[],
  made: ReadonlyMap<string, CreatedMember>,
): Finding[] {
  const dated = createdOnes(listed, made).filter(({ member }) => timeOf(member.created_at) !== undefined);
  if (dated.length === 0) return [];
  const wrong: Violation[] = [];
  for (const { member, i, created } of dated) {
    const createdAt = timeOf(member.created_at)!;
    const updatedAt = timeOf(member.updated_at);
    const answered = new Date(created.answeredAt).toISOString();
    if (Math.abs(createdAt - created.answeredAt) > CLOCK_SKEW_MS)
      wrong.push(
        violation(
          'V3-CREATED-TIME',
          pointer('members', i, 'created_at'),
          `within ${CLOCK_SKEW_MS / 60_000} minutes of ${answered}`,
          String(member.created_at),
          `member ${String(member.id)} was created at ${answered} (the Date of the answer), but shows created_at ${String(member.created_at)}`,
        ),
      );
    if (updatedAt !== undefined && updatedAt < createdAt)
      wrong.push(
        violation(
          'V3-CREATED-TIME',
          pointer('members', i, 'updated_at'),
          `not before ${String(member.created_at)}`,
          String(member.updated_at),
          `member ${String(member.id)} shows updated_at ${String(member.updated_at)}, before its created_at ${String(member.created_at)}`,
        ),
      );
  }
  return [finding('V3-CREATED-TIME', wrong)];
}

/** V3-IP-MEMBER-IPV4: no listed member whose subnet_cidr_id is blank (IP as a backend) has an IPv6 address. */
export function ipMemberAddress(listed: readonly Record<string, unknown>[]): Finding[] {
  const unsubnetted = listed
    .map((member, i) => ({ member, i }))
    .filter(({ member }) => blank(member, 'subnet_cidr_id') && typeof member.address === 'string');
  if (unsubnetted.length === 0) return [];
  const wrong = unsubnetted
    .filter(({ member }) => (member.address as string).includes(':'))
    .map(({ member, i }) =>
      violation(
        'V3-IP-MEMBER-IPV4',
        pointer('members', i, 'address'),
        'an IPv4 address',
        String(member.address),
        `member ${String(member.id)} has no subnet_cidr_id but the IPv6 address ${String(member.address)}`,
      ),
    );
  return [finding('V3-IP-MEMBER-IPV4', wrong)];
}

/** A subnet whose whole range is known (TARGET_V3_SUBNET_ID and TARGET_V3_SUBNET_CIDR). */
export interface KnownSubnet {
  id: string;
  cidr: Cidr;
}

/** V3-SUBNET-ADDRESS: every listed member in the known subnet has its address inside that subnet's range. */
export function subnetAddress(
  listed: readonly Record<string, unknown>[],
  subnet: KnownSubnet | undefined,
): Finding[] {
  if (!subnet) return [];
  const inSubnet = listed
    .map((member, i) => ({ member, i }))
    .filter(({ member }) => member.subnet_cidr_id === subnet.id && typeof member.address === 'string');
  if (inSubnet.length === 0) return [];
  const wrong = inSubnet
    .filter(({ member }) => !subnet.cidr.contains(member.address as string))
    .map(({ member, i }) =>
      violation(
        'V3-SUBNET-ADDRESS',
        pointer('members', i, 'address'),
        `an address in ${subnet.cidr.text}`,
        String(member.address),
        `member ${String(member.id)} is in subnet ${subnet.id} (${subnet.cidr.text}) but has the address ${String(member.address)}`,
      ),
    );
  return [finding('V3-SUBNET-ADDRESS', wrong)];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const MEMBER_RULES: readonly RuleEntry[] = [
  entry('V3-CREATED-DEFAULTS', createdDefaults),
  entry('V3-CREATED-TIME', createdTimes),
  entry('V3-LISTED-AS-SENT', listedAsSent),
  entry('V3-IP-MEMBER-IPV4', ipMemberAddress, true),
  entry('V3-SUBNET-ADDRESS', subnetAddress),
];
