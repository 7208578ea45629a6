import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import type { Cidr, ParsedIp } from '../ip';
import { isReservedIn, parseIpLenient } from './ip';
import { inDigits, numberText } from '../spelling';
import {
  fail,
  isObject,
  ok,
  type AddressChoice,
  type Check,
  type JsonObject,
  type Length,
  type Refusal,
  type SubnetChoice,
  type Validation,
} from '../validation';

const utf8Bytes: Length = { unit: 'bytes', of: (text) => Buffer.byteLength(text, 'utf8') };

const utf16Units: Length = { unit: 'UTF-16 units', of: (text) => text.length };

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

/** Whether the text holds a C0 or C1 control character (U+0000 among them) or a lone surrogate, which UTF-8 cannot carry. */
function controlOrLoneSurrogate(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff);
  });
}

/** A numeric string, coerced the way a sloppy `Number(value)` would. */
function coerced(value: unknown, allowed: boolean): unknown {
  return allowed && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
}

/**
 * How the faults and choices change the checks of a create's member (validation.ts). The v3 create's checks use
 * only reservedAddress and the plays named v3.
 */
export function validationPlays(f: FaultSet, c: ChoiceSet) {
  /** With the v2-number-spellings-400 choice: a number written with a fraction part or an exponent is refused. */
  const writtenInDigits = (raw: Buffer, name: string): Check<null> => {
    const text = numberText(raw, name);
    return text === undefined || inDigits(text) || !c.has('v2-number-spellings-400')
      ? ok(null)
      : fail(`${name} must be written as an integer, without a fraction part or an exponent`);
  };
  const weightValue = (value: unknown, raw: Buffer): unknown => {
    let weight = coerced(value, f.has('weight-string-coerced'));
    if (typeof weight === 'number' && f.has('weight-fraction-truncated')) weight = Math.trunc(weight);
    const text = numberText(raw, 'weight');
    if (text !== undefined && /e/i.test(text) && f.has('weight-exponent-truncated'))
      weight = Number.parseInt(text, 10);
    return weight;
  };
  return {
    /**
     * The v2.0 member object, given the default reading of the raw body: malformed-json-500 and non-object-500
     * throw what reading it would, unwrapped-body-accepted takes a body without "member" as the member.
     */
    body: (checked: Validation<JsonObject>, raw: Buffer): Validation<JsonObject> => {
      if (checked.ok) return checked;
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        if (f.has('malformed-json-500')) throw error;
        return checked;
      }
      if (!isObject(body)) {
        if (f.has('non-object-500'))
          throw new TypeError(`Cannot read properties of ${typeof body} (reading 'member')`);
        return checked;
      }
      return f.has('unwrapped-body-accepted') && !Object.hasOwn(body, 'member')
        ? { ok: true, value: body }
        : checked;
    },
    /** v2-unknown-fields-400: a field of member the page does not list is refused, before every other problem. */
    unknownFields: <T>(checked: Validation<T>, member: JsonObject): Validation<T> => {
      const unknown = Object.keys(member).filter((k) => !V2_MEMBER_FIELDS.has(k));
      if (unknown.length === 0 || !c.has('v2-unknown-fields-400')) return checked;
      const problem = `unknown field(s) in member: ${unknown.join(', ')}`;
      return checked.ok
        ? { ok: false, problems: [problem] }
        : { ...checked, problems: [problem, ...checked.problems] };
    },
    /** How the v2.0 length limits of name and tenant_id count: v2-name-length-bytes, v2-name-length-utf16. */
    length: (length: Length): Length =>
      c.has('v2-name-length-bytes') ? utf8Bytes : c.has('v2-name-length-utf16') ? utf16Units : length,

    missingTenantId: (projectId: string): string => (f.has('tenant-id-default-blank') ? '' : projectId),
    /** The refusal of another project's id: 403 with tenant-id-foreign-403. */
    foreignTenantId: (refusal: Refusal): Refusal =>
      c.has('tenant-id-foreign-403') ? { ...refusal, status: 403 } : refusal,
    /** tenant_id's check, given the default one, its check as a string and the refusal of another project's id. */
    tenantId: (
      checked: Check<string>,
      value: unknown,
      projectId: string,
      text: Check<string>,
      foreign: Refusal,
    ): Check<string> => {
      if (!value && f.has('tenant-id-falsy-defaulted')) return ok(projectId);
      if (typeof value === 'string' && f.has('tenant-id-length-unchecked'))
        return value.slice(0, projectId.length) === projectId ? ok(value) : foreign;
      if (!text.ok) return checked;
      if (f.has('tenant-id-folded') && text.value.normalize('NFKC') === projectId) return ok(projectId);
      // With tenant-id-foreign-stored the create refuses another project's member only once it is stored (v2.ts).
      return f.has('tenant-id-unchecked') || f.has('tenant-id-foreign-stored') ? text : checked;
    },

    missingName: (name: string): string | null => (f.has('name-default-null') ? null : name),
    nameSent: (value: unknown): unknown =>
      typeof value === 'number' && f.has('name-number-stringified') ? String(value) : value,
    nameMax: (max: number): number =>
      f.has('name-length-off-by-one') ? max + 1 : f.has('name-length-max-rejected') ? max - 1 : max,
    /** name's check, given the default one: name-astral-500, v2-name-controls-400, name-nul-truncated, name-normalised-nfc. */
    name: (checked: Check<string>, name: unknown): Check<string> => {
      if (typeof name === 'string') {
        if (f.has('name-astral-500') && /[\u{10000}-\u{10ffff}]/u.test(name))
          throw new RangeError('character outside the database encoding (utf8mb3)');
        if (c.has('v2-name-controls-400') && controlOrLoneSurrogate(name))
          return fail('name must not hold control characters or lone surrogates');
      }
      if (!checked.ok) return checked;
      if (f.has('name-nul-truncated')) return ok(checked.value.split('\u0000')[0] ?? '');
      return f.has('name-normalised-nfc') ? ok(checked.value.normalize('NFC')) : checked;
    },

    /** The address to check: ip-spelling-normalised drops the leading zeros of a dotted quad's parts. */
    addressText: (sent: string): string =>
      f.has('ip-spelling-normalised') && /^[\d.]+$/.test(sent) ? sent.replace(/\b0+(\d)/g, '$1') : sent,
    /** address-length-unchecked and address-unvalidated take the address as sent. */
    address: (checked: Check<AddressChoice>, value: string): Check<AddressChoice> => {
      const unparsed = ok({ address: value, addressKey: value });
      if (value.length > 64) return f.has('address-length-unchecked') ? unparsed : checked;
      return f.has('address-unvalidated') ? unparsed : checked;
    },
    /** With v2-ipv4-other-spellings: every IPv4 spelling inet_aton reads. */
    ip: (ip: ParsedIp | undefined, text: string): ParsedIp | undefined =>
      c.has('v2-ipv4-other-spellings') ? parseIpLenient(text) : ip,
    /** An IPv6 address, taken by address-ipv6-accepted and by an IPv6 subnet v2-ipv6-subnet-accepted let through. */
    ipv6Address: (
      refusal: Refusal,
      parsed: Check<AddressChoice>,
      subnet: SubnetChoice | undefined,
    ): Check<AddressChoice> => (f.has('address-ipv6-accepted') || subnet?.anyFamily ? parsed : refusal),
    outsideSubnet: (outside: boolean): boolean => outside && !f.has('address-subnet-unchecked'),
    /** subnet-reserved-addresses-400: the subnet's network, first host and broadcast addresses are refused (both APIs). */
    reservedAddress: (
      checked: Check<AddressChoice>,
      value: string,
      ip: ParsedIp,
      cidr: Cidr | undefined,
    ): Check<AddressChoice> =>
      cidr && c.has('subnet-reserved-addresses-400') && isReservedIn(cidr, ip)
        ? fail(`address ${value} is reserved in subnet ${cidr.text}`)
        : checked,

    portSent: (value: unknown): unknown => coerced(value, f.has('port-string-coerced')),
    portMin: (min: number): number => (f.has('port-zero-accepted') ? 0 : min),
    portMax: (max: number): number =>
      f.has('port-upper-off-by-one') ? max + 1 : f.has('port-upper-rejected') ? max - 1 : max,
    /** protocol_port's check, given the default one: port-missing-defaulted, v2-number-spellings-400, port-float-500. */
    port: (checked: Check<number>, value: unknown, raw: Buffer): Check<number> => {
      if (value === undefined && f.has('port-missing-defaulted')) return ok(80);
      const digits = writtenInDigits(raw, 'protocol_port');
      if (!digits.ok) return digits;
      const text = numberText(raw, 'protocol_port');
      if (checked.ok && text?.includes('.') && f.has('port-float-500'))
        throw new Error(`invalid input syntax for type integer: "${text}"`);
      return checked;
    },

    subnetMissing: (refusal: Refusal): Check<SubnetChoice> =>
      f.has('subnet-missing-accepted') ? ok({ id: null }) : refusal,
    subnetNotString: (refusal: Refusal, value: unknown): Check<SubnetChoice> =>
      typeof value === 'number' && f.has('subnet-id-number-accepted') ? ok({ id: null }) : refusal,
    subnetUnknown: (refusal: Refusal, id: string): Check<SubnetChoice> =>
      f.has('subnet-unknown-accepted') ? ok({ id }) : refusal,
    subnetIpv6: (refusal: Refusal, id: string): Check<SubnetChoice> =>
      f.has('v2-ipv6-subnet-accepted') ? ok({ id, anyFamily: true }) : refusal,

    /** weight-null-defaulted reads a null weight as none. */
    weightSent: (value: unknown): unknown =>
      value === null && f.has('weight-null-defaulted') ? undefined : value,
    defaultWeight: (weight: number): number => (f.has('weight-default-zero') ? 0 : weight),
    /** The weight to check: weight-string-coerced, weight-fraction-truncated, weight-exponent-truncated. */
    weightValue,
    weightMax: (max: number): number => (f.has('weight-upper-off-by-one') ? max + 1 : max),
    /** weight's check, given the default one: v2-number-spellings-400, weight-zero-rejected. */
    weight: (checked: Check<number>, value: unknown, raw: Buffer): Check<number> => {
      const digits = writtenInDigits(raw, 'weight');
      if (!digits.ok) return digits;
      return f.has('weight-zero-rejected') && !weightValue(value, raw)
        ? fail('weight is mandatory')
        : checked;
    },

    defaultAdminState: (up: boolean): boolean => (f.has('admin-state-default-false') ? false : up),
    /** admin-state-string-coerced takes "true" and "false". */
    adminState: (checked: Check<boolean>, value: unknown): Check<boolean> =>
      f.has('admin-state-string-coerced') && (value === 'true' || value === 'false')
        ? ok(value === 'true')
        : checked,

    /** v3-address-type-500: an address that is not a string goes to the IP parser, which throws on it. */
    v3AddressNotString: (refusal: Refusal, value: unknown): Check<AddressChoice> => {
      if (f.has('v3-address-type-500'))
        throw new TypeError(`${typeof value} has no method includes: the IP parser takes text only`);
      return refusal;
    },
    /** v3-address-unparsed stores an address that is no IP address as sent. */
    v3NotAnIp: (refusal: Refusal, value: string): Check<AddressChoice> =>
      f.has('v3-address-unparsed') ? ok({ address: value, addressKey: value }) : refusal,
    /** v3-subnet-unknown-ip-member takes a subnet_cidr_id it does not know for none: IP as a backend. */
    v3SubnetUnknown: (refusal: Refusal): Check<SubnetChoice> =>
      f.has('v3-subnet-unknown-ip-member') ? ok({ id: null }) : refusal,
    /** An IPv6 address without subnet_cidr_id, taken by v3-ipv6-ip-member-accepted. */
    v3Ipv6IpMember: (refusal: Refusal, parsed: Check<AddressChoice>): Check<AddressChoice> =>
      f.has('v3-ipv6-ip-member-accepted') ? parsed : refusal,
    /** v3-create-weight-ignored stores weight 1 whatever weight was sent. */
    v3Weight: (weight: Check<number>): Check<number> =>
      weight.ok && f.has('v3-create-weight-ignored') ? ok(1) : weight,
    /** v3-address-subnet-unchecked checks no address; v3-subnet-family-unchecked none of another family. */
    v3OutsideSubnet: (outside: boolean, ip: ParsedIp, cidr: Cidr): boolean =>
      outside &&
      !f.has('v3-address-subnet-unchecked') &&
      !(f.has('v3-subnet-family-unchecked') && ip.kind !== cidr.kind),
  };
}

export type ValidationPlays = ReturnType<typeof validationPlays>;
