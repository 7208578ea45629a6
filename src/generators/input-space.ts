/**
 * The JSON space of each field of a v2.0 create (docs/vendor/v2.0-add-backend-server.txt:37-64), as data: the
 * page's type of the field, one value of every JSON type that type excludes, and the values whose fate the pages
 * leave open (docs/readings.md §5), each of which a target must refuse or keep exactly as sent. The values are
 * examples a test sends on every seed, so that every class is tried whatever the seed.
 */

import type { IntegerRange } from '../target/profiles';

/** The type a parameter row of the page gives a field. */
export type PageType = 'Integer' | 'String' | 'Boolean';

/** A value of the field's own type, from which the values of the other JSON types are made. */
export interface Sample {
  integer: number;
  string: string;
}

/** One value of each JSON type the page's type excludes: booleans, null, numbers, strings, arrays, objects. */
export function otherJsonTypes(type: PageType, sample: Sample): unknown[] {
  const { integer, string } = sample;
  const containers = [
    [type === 'String' ? string : integer],
    { value: type === 'String' ? string : integer },
  ];
  switch (type) {
    case 'Integer':
      return [true, false, null, integer + 0.5, String(integer), 'text', ...containers];
    case 'String':
      return [integer, integer + 0.5, true, false, null, ...containers];
    case 'Boolean':
      return ['true', 'false', 0, 1, null, [], {}];
  }
}

/** A number and the JSON text it is sent as, which JSON.stringify would write otherwise (`1e2` for 100). */
export interface SpelledNumber {
  number: number;
  spelling: string;
}

export function isSpelled(value: unknown): value is SpelledNumber {
  return typeof value === 'object' && value !== null && 'spelling' in value && 'number' in value;
}

/** A value whose fate the pages leave open, and the class of the input space it stands for. */
export interface OpenValue {
  what: string;
  value: string | SpelledNumber;
}

/**
 * Integers written as JSON allows but not as the page's examples write them: with a fraction part, with an
 * exponent (small and capital), as minus zero. JSON has one number type, so to any JSON parser each is the
 * integer it equals (docs/readings.md §5).
 */
const NUMBER_SPELLINGS = ['1.0', '1e2', '100.0', '1E1', '-0', '0.0', '1e3'] as const;

/** The spellings whose integer lies within the range (or, with `inside` false, outside it). */
export function numberSpellings(range: IntegerRange, inside = true): SpelledNumber[] {
  return NUMBER_SPELLINGS.map((spelling) => ({ spelling, number: Number(JSON.parse(spelling)) })).filter(
    ({ number }) => (number >= range.min && number <= range.max) === inside,
  );
}

const spelledValues = (range: IntegerRange): OpenValue[] =>
  numberSpellings(range).map((value) => ({ what: `the spelling ${value.spelling}`, value }));

/**
 * The text with the characters `which` matches (printable ASCII by default) in their full-width forms, U+FF01 to
 * U+FF5E, which Unicode compatibility folding (NFKC) turns back into them.
 */
export function fullWidth(text: string, which: RegExp = /[!-~]/g): string {
  return text.replace(which, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

/**
 * Spellings of an IPv4 address that widely used parsers read (inet_aton, ipaddress, URL hosts) but that are not
 * the dotted quad the page's example shows: each is refused, or kept as sent (docs/readings.md §5).
 */
export function ipv4Spellings(address: string): OpenValue[] {
  const octets = address.split('.').map(Number);
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return [
    { what: 'leading zeros', value: `${a}.${b}.${c}.0${d}` },
    { what: 'a hexadecimal part', value: `0x${a.toString(16)}.${b}.${c}.${d}` },
    { what: 'three parts', value: `${a}.${b}.${c * 256 + d}` },
    { what: 'one integer', value: String((((a * 256 + b) * 256 + c) * 256 + d) >>> 0) },
    { what: 'a trailing newline', value: `${address}\n` },
    { what: 'a leading space', value: ` ${address}` },
    { what: 'a /32 suffix', value: `${address}/32` },
    { what: 'IPv4-mapped IPv6', value: `::ffff:${address}` },
    {
      what: 'full-width digits',
      value: fullWidth(address, /\d/g),
    },
    { what: 'a zone', value: `${address}%eth0` },
  ];
}

/** Characters beyond ASCII, each standing for a class: astral, combining, control, and their mixes. */
export const UNICODE = {
  /** U+1F600, beyond the Basic Multilingual Plane: one code point, two UTF-16 units, four UTF-8 bytes. */
  astral: '\u{1F600}',
  /** "e" and U+0301 COMBINING ACUTE ACCENT: two code points that NFC composes into one. */
  combining: 'e\u0301',
  /** Control characters: BEL, a newline, U+001F, DEL and U+0085. */
  controls: '\u0007\n\u001f\u007f\u0085',
  /** U+0000, which C strings and some databases end a string at. */
  nul: '\u0000',
  /** A right-to-left mark and Hebrew letters. */
  bidi: '\u200f\u05e9\u05dc\u05d5\u05dd',
} as const;

/** The number of code points of a string (a lone surrogate counts as one). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The prefix, then the filler repeated and cut to exactly `length` code points. */
export function ofCodePoints(prefix: string, filler: string, length: number): string {
  const head = [...prefix].slice(0, length);
  const unit = [...filler];
  const tail = Array.from({ length: length - head.length }, (_, i) => unit[i % unit.length] ?? '');
  return [...head, ...tail].join('');
}

/**
 * Names beyond ASCII, each refused or kept exactly (docs/readings.md §5): every class of character at once in a
 * short name, lone surrogates (sent as the JSON escapes \ud800 and \udc00), and the longest name in code points
 * whose UTF-16 units and UTF-8 bytes pass the limit.
 */
export function unicodeNames(prefix: string, maxCodePoints: number): OpenValue[] {
  const every = Object.values(UNICODE).join('');
  return [
    { what: 'astral, combining, control, NUL and bidi characters', value: `${prefix}${every}` },
    { what: 'lone surrogates', value: `${prefix}\ud800x\udc00` },
    {
      what: `${maxCodePoints} code points beyond ASCII`,
      value: ofCodePoints(prefix, UNICODE.astral + UNICODE.combining, maxCodePoints),
    },
  ];
}

/** What the open values of a field are made from: the case's own address, the run's name prefix, the limits. */
export interface OpenContext {
  address: string;
  namePrefix: string;
  nameLength: number;
  weight: IntegerRange;
  port: IntegerRange;
}

interface FieldSpace {
  type: PageType;
  /** The values whose fate the pages leave open, one per class; absent: the field has none. */
  open?: (ctx: OpenContext) => OpenValue[];
}

/** The input space of the v2.0 create, one row per field of the request table. */
export const V2_INPUT_SPACE = {
  tenant_id: { type: 'String' },
  name: { type: 'String', open: (ctx) => unicodeNames(ctx.namePrefix, ctx.nameLength) },
  address: { type: 'String', open: (ctx) => ipv4Spellings(ctx.address) },
  protocol_port: { type: 'Integer', open: (ctx) => spelledValues(ctx.port) },
  subnet_id: { type: 'String' },
  admin_state_up: { type: 'Boolean' },
  weight: { type: 'Integer', open: (ctx) => spelledValues(ctx.weight) },
} as const satisfies Record<string, FieldSpace>;

export type V2Field = keyof typeof V2_INPUT_SPACE;

/** One value of every JSON type the page's type of the field excludes. */
export function notOfPageType(field: V2Field, sample: Sample): unknown[] {
  return otherJsonTypes(V2_INPUT_SPACE[field].type, sample);
}

/**
 * One class of open values of a field: what it is, its value for a case's own context, and the port the case's
 * endpoint must be on when the value is its protocol_port.
 */
export interface OpenCase {
  field: V2Field;
  what: string;
  value: (ctx: OpenContext) => string | SpelledNumber;
  port?: number;
}

/** Every class of open values of every field: the cases a test sends on every seed. */
export function openCases(sample: OpenContext): OpenCase[] {
  return (Object.entries(V2_INPUT_SPACE) as [V2Field, FieldSpace][]).flatMap(([field, space]) =>
    (space.open?.(sample) ?? []).map(({ what, value }, i) => ({
      field,
      what,
      value: (ctx: OpenContext) => space.open?.(ctx)[i]?.value ?? '',
      ...(field === 'protocol_port' && isSpelled(value) ? { port: value.number } : {}),
    })),
  );
}

/** The member fields of a value, and the JSON text of the ones sent spelled (createRaw's `spellings`). */
export function asFields(
  field: string,
  value: unknown,
): { fields: Record<string, unknown>; spellings?: Record<string, string> } {
  return isSpelled(value)
    ? { fields: { [field]: value.number }, spellings: { [field]: value.spelling } }
    : { fields: { [field]: value } };
}
