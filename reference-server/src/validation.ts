import { cidrContains, parseIp, type Cidr } from './ip';
import type { ValidationPlays } from './plays/validation';
import type { MemberDraft } from './store';

/** A failure may ask for a status other than 400. */
export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: string[]; readonly status?: number };
export interface Refusal {
  readonly ok: false;
  readonly problem: string;
  readonly status?: number;
}
export type Check<T> = { readonly ok: true; readonly value: T } | Refusal;
type Checked<C> = C extends { readonly ok: true; readonly value: infer T } ? T : never;

export const ok = <T>(value: T): Check<T> => ({ ok: true, value });
export const fail = (problem: string, status?: number): Refusal => ({ ok: false, problem, status });

/** Every problem of every check (and the first status one of them asks for), or all the values. */
function collect<C extends Record<string, Check<unknown>>>(
  checks: C,
): Validation<{ [K in keyof C]: Checked<C[K]> }> {
  const failures = Object.values(checks).flatMap((c) => (c.ok ? [] : [c]));
  if (failures.length > 0) {
    return {
      ok: false,
      problems: failures.map((c) => c.problem),
      // Stryker disable next-line ArrowFunction: every refusal the default server makes is a 400, the status of one that asks for none (docs/mutation.md)
      status: failures.find((c) => c.status)?.status,
    };
  }
  const values = Object.fromEntries(
    Object.entries(checks).map(([key, c]) => [key, c.ok ? c.value : undefined]),
  );
  return { ok: true, value: values as { [K in keyof C]: Checked<C[K]> } };
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `{"member": {}}` has no `constructor` field. */
function field(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** How a length limit counts a string, and what it calls the units it counts. */
export interface Length {
  readonly unit: string;
  readonly of: (text: string) => number;
}

const characters: Length = {
  // Stryker disable next-line StringLiteral: a refusal's words are free: docs/readings.md §1 "Error bodies" asks only for a non-empty message (docs/mutation.md)
  unit: 'characters',
  of: (text) => {
    let count = 0;
    for (const _ of text) count++;
    return count;
  },
};

const isInteger = (value: unknown): value is number => Number.isInteger(value);

function integerIn(value: unknown, name: string, min: number, max: number): Check<number> {
  return isInteger(value) && value >= min && value <= max
    ? ok(value)
    : fail(`${name} must be an integer from ${min} to ${max}`);
}

function stringUpTo(value: unknown, name: string, max: number, length = characters): Check<string> {
  if (typeof value !== 'string') return fail(`${name} must be a string`);
  return length.of(value) <= max ? ok(value) : fail(`${name} must be at most ${max} ${length.unit}`);
}

function boolean(value: unknown, name: string): Check<boolean> {
  return typeof value === 'boolean' ? ok(value) : fail(`${name} must be true or false`);
}

/** A check of one field's value, which words its refusal with the field's name. */
type FieldCheck<T> = (value: unknown, name: string) => Check<T>;

function mandatory<T>(value: unknown, name: string, check: FieldCheck<T>): Check<T> {
  // Stryker disable next-line ConditionalExpression: the next check refuses the value with the same 4xx; only the message's words differ (docs/mutation.md)
  return value === undefined ? fail(`${name} is mandatory`) : check(value, name);
}

function optional<T>(value: unknown, name: string, fallback: T, check: FieldCheck<T>): Check<T> {
  return value === undefined ? ok(fallback) : check(value, name);
}

/** The member's own field `name` and the name, for a check: each field is named once. */
const reader =
  (member: JsonObject) =>
  (name: string): [unknown, string] => [field(member, name), name];

/** `{"member": {...}}` -> the member object. */
function memberObject(raw: Buffer): Validation<JsonObject> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
    // Stryker disable next-line BlockStatement: the body left undefined is refused as no JSON object, with a 400 too (docs/mutation.md)
  } catch {
    // 400 whatever status the other refusals of a member take (v2-invalid-member-422).
    return { ok: false, problems: ['the body is not valid JSON'], status: 400 };
  }
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  const member = field(body, 'member');
  return isObject(member)
    ? { ok: true, value: member }
    : { ok: false, problems: ['the body must hold a "member" object'] };
}

export interface V2Context {
  readonly projectId: string;
  readonly subnets: ReadonlyMap<string, Cidr>;
  readonly play: ValidationPlays;
  /** 400 by default; 404 with the unknown-subnet-404 choice, 422 with v2-invalid-member-422. */
  readonly unknownSubnetStatus: number;
}

export interface SubnetChoice {
  readonly id: string | null;
  /** Absent when the address is not to be checked against a subnet. */
  readonly cidr?: Cidr;
  /** With v2-ipv6-subnet-accepted: an IPv6 subnet let through, which takes an address of either family. */
  readonly anyFamily?: true;
}

export interface AddressChoice {
  readonly address: string;
  readonly addressKey: string;
}

/** POST /v2.0/lbaas/pools/{pool_id}/members (docs/readings.md §1 "Add a backend server"). */
export function validateV2Create(raw: Buffer, ctx: V2Context): Validation<MemberDraft> {
  const { play } = ctx;
  const body = play.body(memberObject(raw), raw);
  if (!body.ok) return body;
  const member = body.value;
  const length = play.length(characters);
  const read = reader(member);
  const subnet = v2Subnet(field(member, 'subnet_id'), ctx);
  const checks = collect({
    tenantId: v2TenantId(...read('tenant_id'), ctx.projectId, length, play),
    name: v2Name(...read('name'), length, play),
    address: v2Address(field(member, 'address'), subnet.ok ? subnet.value : undefined, play),
    protocolPort: v2Port(...read('protocol_port'), raw, play),
    subnet,
    adminStateUp: v2AdminState(...read('admin_state_up'), play),
    weight: v2Weight(...read('weight'), raw, play),
  });
  const checked = play.unknownFields(checks, member);
  if (!checked.ok) return checked;
  const { address, subnet: chosen, ...rest } = checked.value;
  return { ok: true, value: { ...rest, ...address, subnetId: chosen.id } };
}

function v2Weight(sent: unknown, name: string, raw: Buffer, play: ValidationPlays): Check<number> {
  const value = play.weightSent(sent);
  if (value === undefined) return ok(play.defaultWeight(1));
  const weight = integerIn(play.weightValue(value, raw), name, 0, play.weightMax(100));
  return play.weight(weight, value, raw);
}

function v2Port(value: unknown, name: string, raw: Buffer, play: ValidationPlays): Check<number> {
  const port = mandatory(value, name, (v) =>
    integerIn(play.portSent(v), name, play.portMin(1), play.portMax(65535)),
  );
  return play.port(port, value, raw);
}

function v2Name(value: unknown, name: string, length: Length, play: ValidationPlays): Check<string | null> {
  if (value === undefined) return ok(play.missingName(''));
  const sent = play.nameSent(value);
  return play.name(stringUpTo(sent, name, play.nameMax(255), length), sent);
}

function v2TenantId(
  value: unknown,
  name: string,
  projectId: string,
  length: Length,
  play: ValidationPlays,
): Check<string> {
  if (value === undefined) return ok(play.missingTenantId(projectId));
  const foreign = play.foreignTenantId(fail(`${name} must be the project id of the token`));
  const text = stringUpTo(value, name, 255, length);
  return play.tenantId(text.ok && text.value !== projectId ? foreign : text, value, projectId, text, foreign);
}

function v2AdminState(value: unknown, name: string, play: ValidationPlays): Check<boolean> {
  if (value === undefined) return ok(play.defaultAdminState(true));
  return play.adminState(boolean(value, name), value);
}

function v2Subnet(value: unknown, ctx: V2Context): Check<SubnetChoice> {
  const { play } = ctx;
  // Stryker disable next-line ConditionalExpression: the next check refuses the value with the same 4xx; only the message's words differ (docs/mutation.md)
  if (value === undefined) return play.subnetMissing(fail('subnet_id is mandatory'));
  // Stryker disable next-line ConditionalExpression: the next check refuses the value with the same 4xx; only the message's words differ (docs/mutation.md)
  if (typeof value !== 'string') return play.subnetNotString(fail('subnet_id must be a string'), value);
  const cidr = ctx.subnets.get(value);
  if (!cidr)
    return play.subnetUnknown(
      fail(`subnet_id ${value} is not a known subnet`, ctx.unknownSubnetStatus),
      value,
    );
  // Stryker disable next-line ConditionalExpression: no address is in an IPv6 subnet and IPv4 as well: the next check refuses the value with the same 4xx; only the message's words differ (docs/mutation.md)
  if (cidr.kind !== 'ipv4') return play.subnetIpv6(fail('only IPv4 subnets are supported'), value);
  return ok({ id: value, cidr });
}

function v2Address(
  sent: unknown,
  subnet: SubnetChoice | undefined,
  play: ValidationPlays,
): Check<AddressChoice> {
  // Stryker disable next-line ConditionalExpression: the next check refuses the value with the same 4xx; only the message's words differ (docs/mutation.md)
  if (sent === undefined) return fail('address is mandatory');
  if (typeof sent !== 'string') return fail('address must be a string');
  const value = play.addressText(sent);
  return play.address(v2Ip(value, subnet, play), value);
}

function v2Ip(value: string, subnet: SubnetChoice | undefined, play: ValidationPlays): Check<AddressChoice> {
  // Stryker disable next-line ConditionalExpression: no text over 64 characters is an IP address the next check takes (docs/mutation.md)
  if (value.length > 64) return fail('address must be at most 64 characters');
  const ip = play.ip(parseIp(value), value);
  if (!ip) return fail(`address ${JSON.stringify(value)} is not an IP address`);
  const parsed = ok({ address: value, addressKey: ip.key });
  if (ip.kind !== 'ipv4') return play.ipv6Address(fail('address must be an IPv4 address'), parsed, subnet);
  const cidr = subnet?.cidr;
  if (cidr && play.outsideSubnet(!cidrContains(cidr, ip)))
    return fail(`address ${value} is not inside subnet ${cidr.text}`);
  return play.reservedAddress(parsed, value, ip, cidr);
}

export interface V3Context {
  readonly projectId: string;
  readonly subnets: ReadonlyMap<string, Cidr>;
  readonly play: ValidationPlays;
}

/** POST /v3/{project_id}/elb/pools/{pool_id}/members (docs/readings.md §2). */
export function validateV3Create(raw: Buffer, ctx: V3Context): Validation<MemberDraft> {
  const body = memberObject(raw);
  if (!body.ok) return body;
  const member = body.value;
  const read = reader(member);
  const subnet = v3Subnet(field(member, 'subnet_cidr_id'), ctx);
  const checks = collect({
    address: v3Address(field(member, 'address'), subnet.ok ? subnet.value : undefined, ctx.play),
    protocolPort: mandatory(...read('protocol_port'), (v, name) => integerIn(v, name, 1, 65535)),
    subnet,
    name: optional(...read('name'), '', (v, name) => stringUpTo(v, name, 255)),
    weight: ctx.play.v3Weight(optional(...read('weight'), 1, (v, name) => integerIn(v, name, 0, 100))),
    adminStateUp: optional(...read('admin_state_up'), true, boolean),
  });
  if (!checks.ok) return checks;
  const { address, subnet: chosen, ...rest } = checks.value;
  return { ok: true, value: { ...rest, ...address, tenantId: ctx.projectId, subnetId: chosen.id } };
}

/** Absent, null or "" means an IP-as-a-backend member. */
function v3Subnet(value: unknown, ctx: V3Context): Check<SubnetChoice> {
  if (value === undefined || value === null || value === '') return ok({ id: null });
  if (typeof value !== 'string') return fail('subnet_cidr_id must be a string');
  const cidr = ctx.subnets.get(value);
  return cidr
    ? ok({ id: value, cidr })
    : ctx.play.v3SubnetUnknown(fail(`subnet_cidr_id ${value} is not a known subnet`));
}

function v3Address(
  value: unknown,
  subnet: SubnetChoice | undefined,
  play: ValidationPlays,
): Check<AddressChoice> {
  if (value === undefined) return fail('address is mandatory');
  if (typeof value !== 'string') return play.v3AddressNotString(fail('address must be a string'), value);
  // Stryker disable next-line ConditionalExpression: no text over 64 characters is an IP address the next check takes (docs/mutation.md)
  if (value.length > 64) return fail('address must be at most 64 characters');
  const ip = parseIp(value);
  if (!ip) return play.v3NotAnIp(fail(`address ${JSON.stringify(value)} is not an IP address`), value);
  const parsed = ok({ address: value, addressKey: ip.key });
  if (subnet && !subnet.cidr && ip.kind !== 'ipv4') {
    return play.v3Ipv6IpMember(
      fail('without subnet_cidr_id (IP as a backend) the address must be IPv4'),
      parsed,
    );
  }
  const cidr = subnet?.cidr;
  if (cidr && play.v3OutsideSubnet(!cidrContains(cidr, ip), ip, cidr))
    return fail(`address ${value} is not inside subnet ${cidr.text}`);
  return play.reservedAddress(parsed, value, ip, cidr);
}
