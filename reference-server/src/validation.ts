import type { ChoiceSet } from './choices';
import type { FaultSet } from './faults';
import { NO_FAULTS } from './faults';
import { cidrContains, isReservedIn, parseIp, parseIpLenient, type Cidr } from './ip';
import { inDigits, numberText } from './spelling';
import type { MemberDraft } from './store';

/** A failure may ask for a status other than 400. */
export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: string[]; readonly status?: number };
type Check<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string; readonly status?: number };
type Checked<C> = C extends { readonly ok: true; readonly value: infer T } ? T : never;

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = (problem: string, status?: number): Check<never> => ({ ok: false, problem, status });

/** Every problem of every check (and the first status one of them asks for), or all the values. */
function collect<C extends Record<string, Check<unknown>>>(
  checks: C,
): Validation<{ [K in keyof C]: Checked<C[K]> }> {
  const failures = Object.values(checks).flatMap((c) => (c.ok ? [] : [c]));
  if (failures.length > 0) {
    return {
      ok: false,
      problems: failures.map((c) => c.problem),
      status: failures.find((c) => c.status)?.status,
    };
  }
  const values = Object.fromEntries(
    Object.entries(checks).map(([key, c]) => [key, c.ok ? c.value : undefined]),
  );
  return { ok: true, value: values as { [K in keyof C]: Checked<C[K]> } };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `{"member": {}}` has no `constructor` field. */
function field(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** How a length limit counts a string. */
type Length = (text: string) => number;

const characters: Length = (text) => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

const utf8Bytes: Length = (text) => Buffer.byteLength(text, 'utf8');

const utf16Units: Length = (text) => text.length;

const UNITS = new Map<Length, string>([
  [characters, 'characters'],
  [utf8Bytes, 'bytes'],
  [utf16Units, 'UTF-16 units'],
]);

/** Whether the text holds a C0 or C1 control character (U+0000 among them) or a lone surrogate, which UTF-8 cannot carry. */
function controlOrLoneSurrogate(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff);
  });
}

function integerIn(value: unknown, name: string, min: number, max: number): Check<number> {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? ok(value)
    : fail(`${name} must be an integer from ${min} to ${max}`);
}

function stringUpTo(value: unknown, name: string, max: number, length = characters): Check<string> {
  if (typeof value !== 'string') return fail(`${name} must be a string`);
  const unit = UNITS.get(length) ?? 'characters';
  return length(value) <= max ? ok(value) : fail(`${name} must be at most ${max} ${unit}`);
}

function boolean(value: unknown, name: string): Check<boolean> {
  return typeof value === 'boolean' ? ok(value) : fail(`${name} must be true or false`);
}

function mandatory<T>(value: unknown, name: string, check: (value: unknown) => Check<T>): Check<T> {
  return value === undefined ? fail(`${name} is mandatory`) : check(value);
}

function optional<T>(value: unknown, fallback: T, check: (value: unknown) => Check<T>): Check<T> {
  return value === undefined ? ok(fallback) : check(value);
}

/** `{"member": {...}}` -> the member object. */
function memberObject(raw: Buffer, faults: FaultSet): Validation<JsonObject> {
  const text = raw.toString('utf8');
  let body: unknown;
  if (faults.has('malformed-json-500')) {
    body = JSON.parse(text);
  } else {
    try {
      body = JSON.parse(text);
    } catch {
      // 400 whatever status the other refusals of a member take (v2-invalid-member-422).
      return { ok: false, problems: ['the body is not valid JSON'], status: 400 };
    }
  }
  if (!isObject(body)) {
    if (faults.has('non-object-500'))
      throw new TypeError(`Cannot read properties of ${typeof body} (reading 'member')`);
    return { ok: false, problems: ['the body must be a JSON object'] };
  }
  if (faults.has('unwrapped-body-accepted') && !Object.hasOwn(body, 'member'))
    return { ok: true, value: body };
  const member = field(body, 'member');
  return isObject(member)
    ? { ok: true, value: member }
    : { ok: false, problems: ['the body must hold a "member" object'] };
}

export interface V2Context {
  readonly projectId: string;
  readonly subnets: ReadonlyMap<string, Cidr>;
  readonly faults: FaultSet;
  readonly choices: ChoiceSet;
  /** 400 by default; 404 with the unknown-subnet-404 choice, 422 with v2-invalid-member-422. */
  readonly unknownSubnetStatus: number;
}

/** The fields of member the v2.0 page lists (docs/vendor/v2.0-add-backend-server.txt:32-62). */
const V2_MEMBER_FIELDS: ReadonlySet<string> = new Set([
  'tenant_id',
  'name',
  'address',
  'protocol_port',
  'subnet_id',
  'admin_state_up',
  'weight',
]);

/** With the v2-unknown-fields-400 choice: a field of member the page does not list is refused. */
function v2UnknownFields(member: JsonObject, c: ChoiceSet): Check<null> {
  const unknown = Object.keys(member).filter((k) => !V2_MEMBER_FIELDS.has(k));
  return unknown.length === 0 || !c.has('v2-unknown-fields-400')
    ? ok(null)
    : fail(`unknown field(s) in member: ${unknown.join(', ')}`);
}

interface SubnetChoice {
  readonly id: string | null;
  /** Absent when the address is not to be checked against a subnet. */
  readonly cidr?: Cidr;
  /** With v2-ipv6-subnet-accepted: an IPv6 subnet let through, which takes an address of either family. */
  readonly anyFamily?: true;
}

interface AddressChoice {
  readonly address: string;
  readonly addressKey: string;
}

/** POST /v2.0/lbaas/pools/{pool_id}/members (docs/readings.md §1 "Add a backend server"). */
export function validateV2Create(raw: Buffer, ctx: V2Context): Validation<MemberDraft> {
  const body = memberObject(raw, ctx.faults);
  if (!body.ok) return body;
  const member = body.value;
  const f = ctx.faults;
  const c = ctx.choices;
  const length = c.has('v2-name-length-bytes')
    ? utf8Bytes
    : c.has('v2-name-length-utf16')
      ? utf16Units
      : characters;
  const subnet = v2Subnet(field(member, 'subnet_id'), ctx);
  const checks = collect({
    unknown: v2UnknownFields(member, ctx.choices),
    tenantId: v2TenantId(field(member, 'tenant_id'), ctx, length),
    name: v2Name(field(member, 'name'), f, c, length),
    address: v2Address(field(member, 'address'), subnet.ok ? subnet.value : undefined, f, ctx.choices),
    protocolPort: v2Port(field(member, 'protocol_port'), f, c, numberText(raw, 'protocol_port')),
    subnet,
    adminStateUp: v2AdminState(field(member, 'admin_state_up'), f),
    weight: v2Weight(field(member, 'weight'), f, c, numberText(raw, 'weight')),
  });
  if (!checks.ok) return checks;
  const { address, subnet: chosen, unknown: _, ...rest } = checks.value;
  return { ok: true, value: { ...rest, ...address, subnetId: chosen.id } };
}

/** A numeric string, coerced the way a sloppy `Number(value)` would. */
function coerced(value: unknown, allowed: boolean): unknown {
  return allowed && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
}

/** With the v2-number-spellings-400 choice: a number written with a fraction part or an exponent is refused. */
function writtenInDigits(text: string | undefined, name: string, c: ChoiceSet): Check<null> {
  return text === undefined || inDigits(text) || !c.has('v2-number-spellings-400')
    ? ok(null)
    : fail(`${name} must be written as an integer, without a fraction part or an exponent`);
}

function v2Weight(value: unknown, f: FaultSet, c: ChoiceSet, text?: string): Check<number> {
  if (value === undefined || (value === null && f.has('weight-null-defaulted'))) {
    return ok(f.has('weight-default-zero') ? 0 : 1);
  }
  const digits = writtenInDigits(text, 'weight', c);
  if (!digits.ok) return digits;
  let weight = coerced(value, f.has('weight-string-coerced'));
  if (typeof weight === 'number' && f.has('weight-fraction-truncated')) weight = Math.trunc(weight);
  if (text !== undefined && /e/i.test(text) && f.has('weight-exponent-truncated'))
    weight = Number.parseInt(text, 10);
  if (f.has('weight-zero-rejected') && !weight) return fail('weight is mandatory');
  return integerIn(weight, 'weight', 0, f.has('weight-upper-off-by-one') ? 101 : 100);
}

function v2Port(value: unknown, f: FaultSet, c: ChoiceSet, text?: string): Check<number> {
  if (value === undefined && f.has('port-missing-defaulted')) return ok(80);
  const digits = writtenInDigits(text, 'protocol_port', c);
  if (!digits.ok) return digits;
  const min = f.has('port-zero-accepted') ? 0 : 1;
  const max = f.has('port-upper-off-by-one') ? 65536 : f.has('port-upper-rejected') ? 65534 : 65535;
  const port = mandatory(value, 'protocol_port', (v) =>
    integerIn(coerced(v, f.has('port-string-coerced')), 'protocol_port', min, max),
  );
  if (port.ok && text?.includes('.') && f.has('port-float-500'))
    throw new Error(`invalid input syntax for type integer: "${text}"`);
  return port;
}

function v2Name(value: unknown, f: FaultSet, c: ChoiceSet, length: Length): Check<string | null> {
  if (value === undefined) return ok(f.has('name-default-null') ? null : '');
  const name = typeof value === 'number' && f.has('name-number-stringified') ? String(value) : value;
  const max = f.has('name-length-off-by-one') ? 256 : f.has('name-length-max-rejected') ? 254 : 255;
  if (typeof name === 'string') {
    if (f.has('name-astral-500') && /[\u{10000}-\u{10ffff}]/u.test(name))
      throw new RangeError('character outside the database encoding (utf8mb3)');
    if (c.has('v2-name-controls-400') && controlOrLoneSurrogate(name))
      return fail('name must not hold control characters or lone surrogates');
  }
  const checked = stringUpTo(name, 'name', max, length);
  if (!checked.ok) return checked;
  if (f.has('name-nul-truncated')) return ok(checked.value.split('\u0000')[0] ?? '');
  return f.has('name-normalised-nfc') ? ok(checked.value.normalize('NFC')) : checked;
}

function v2TenantId(value: unknown, ctx: V2Context, length: Length): Check<string> {
  const f = ctx.faults;
  if (value === undefined) return ok(f.has('tenant-id-default-blank') ? '' : ctx.projectId);
  if (!value && f.has('tenant-id-falsy-defaulted')) return ok(ctx.projectId);
  // Another project's id: 400 by default, 403 with tenant-id-foreign-403.
  const foreign = fail(
    'tenant_id must be the project id of the token',
    ctx.choices.has('tenant-id-foreign-403') ? 403 : undefined,
  );
  if (typeof value === 'string' && f.has('tenant-id-length-unchecked'))
    return value.slice(0, ctx.projectId.length) === ctx.projectId ? ok(value) : foreign;
  const tenantId = stringUpTo(value, 'tenant_id', 255, length);
  if (!tenantId.ok) return tenantId;
  if (f.has('tenant-id-folded') && tenantId.value.normalize('NFKC') === ctx.projectId)
    return ok(ctx.projectId);
  // With tenant-id-foreign-stored the create refuses another project's member only once it is stored (v2.ts).
  const unchecked = f.has('tenant-id-unchecked') || f.has('tenant-id-foreign-stored');
  return tenantId.value === ctx.projectId || unchecked ? tenantId : foreign;
}

function v2AdminState(value: unknown, f: FaultSet): Check<boolean> {
  if (value === undefined) return ok(!f.has('admin-state-default-false'));
  if (f.has('admin-state-string-coerced') && (value === 'true' || value === 'false'))
    return ok(value === 'true');
  return boolean(value, 'admin_state_up');
}

function v2Subnet(value: unknown, ctx: V2Context): Check<SubnetChoice> {
  const f = ctx.faults;
  if (value === undefined || (typeof value === 'number' && f.has('subnet-id-number-accepted')))
    return f.has('subnet-missing-accepted') || value !== undefined
      ? ok({ id: null })
      : fail('subnet_id is mandatory');
  if (typeof value !== 'string') return fail('subnet_id must be a string');
  const cidr = ctx.subnets.get(value);
  if (!cidr) {
    return f.has('subnet-unknown-accepted')
      ? ok({ id: value })
      : fail(`subnet_id ${value} is not a known subnet`, ctx.unknownSubnetStatus);
  }
  if (cidr.kind !== 'ipv4')
    return f.has('v2-ipv6-subnet-accepted')
      ? ok({ id: value, anyFamily: true })
      : fail('only IPv4 subnets are supported');
  return ok({ id: value, cidr });
}

function v2Address(
  sent: unknown,
  subnet: SubnetChoice | undefined,
  f: FaultSet,
  c: ChoiceSet,
): Check<AddressChoice> {
  if (sent === undefined) return fail('address is mandatory');
  if (typeof sent !== 'string') return fail('address must be a string');
  const value =
    f.has('ip-spelling-normalised') && /^[\d.]+$/.test(sent) ? sent.replace(/\b0+(\d)/g, '$1') : sent;
  const unparsed = ok({ address: value, addressKey: value });
  if (value.length > 64)
    return f.has('address-length-unchecked') ? unparsed : fail('address must be at most 64 characters');
  if (f.has('address-unvalidated')) return unparsed;
  const ip = (c.has('v2-ipv4-other-spellings') ? parseIpLenient : parseIp)(value);
  if (!ip) return fail(`address ${JSON.stringify(value)} is not an IP address`);
  const parsed = ok({ address: value, addressKey: ip.key });
  if (ip.kind !== 'ipv4')
    return f.has('address-ipv6-accepted') || subnet?.anyFamily
      ? parsed
      : fail('address must be an IPv4 address');
  if (subnet?.cidr && !cidrContains(subnet.cidr, ip) && !f.has('address-subnet-unchecked')) {
    return fail(`address ${value} is not inside subnet ${subnet.cidr.text}`);
  }
  if (subnet?.cidr && c.has('subnet-reserved-addresses-400') && isReservedIn(subnet.cidr, ip))
    return fail(`address ${value} is reserved in subnet ${subnet.cidr.text}`);
  return parsed;
}

export interface V3Context {
  readonly projectId: string;
  readonly subnets: ReadonlyMap<string, Cidr>;
  readonly faults: FaultSet;
  readonly choices: ChoiceSet;
}

/** POST /v3/{project_id}/elb/pools/{pool_id}/members (docs/readings.md §2). */
export function validateV3Create(raw: Buffer, ctx: V3Context): Validation<MemberDraft> {
  const body = memberObject(raw, NO_FAULTS);
  if (!body.ok) return body;
  const member = body.value;
  const subnet = v3Subnet(field(member, 'subnet_cidr_id'), ctx);
  const checks = collect({
    address: v3Address(field(member, 'address'), subnet.ok ? subnet.value : undefined, ctx),
    protocolPort: mandatory(field(member, 'protocol_port'), 'protocol_port', (v) =>
      integerIn(v, 'protocol_port', 1, 65535),
    ),
    subnet,
    name: optional(field(member, 'name'), '', (v) => stringUpTo(v, 'name', 255)),
    weight: optional(field(member, 'weight'), 1, (v) => integerIn(v, 'weight', 0, 100)),
    adminStateUp: optional(field(member, 'admin_state_up'), true, (v) => boolean(v, 'admin_state_up')),
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
  return cidr ? ok({ id: value, cidr }) : fail(`subnet_cidr_id ${value} is not a known subnet`);
}

function v3Address(value: unknown, subnet: SubnetChoice | undefined, ctx: V3Context): Check<AddressChoice> {
  const c = ctx.choices;
  if (value === undefined) return fail('address is mandatory');
  if (typeof value !== 'string') return fail('address must be a string');
  if (value.length > 64) return fail('address must be at most 64 characters');
  const ip = parseIp(value);
  if (!ip) return fail(`address ${JSON.stringify(value)} is not an IP address`);
  if (subnet && !subnet.cidr && ip.kind !== 'ipv4' && !ctx.faults.has('v3-ipv6-ip-member-accepted')) {
    return fail('without subnet_cidr_id (IP as a backend) the address must be IPv4');
  }
  if (subnet?.cidr && !cidrContains(subnet.cidr, ip) && !ctx.faults.has('v3-address-subnet-unchecked')) {
    return fail(`address ${value} is not inside subnet ${subnet.cidr.text}`);
  }
  if (subnet?.cidr && c.has('subnet-reserved-addresses-400') && isReservedIn(subnet.cidr, ip))
    return fail(`address ${value} is reserved in subnet ${subnet.cidr.text}`);
  return ok({ address: value, addressKey: ip.key });
}
