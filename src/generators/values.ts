import ipaddr from 'ipaddr.js';
import fc from 'fast-check';
import { fullWidth } from './input-space';

/** Every integer of [min, max]; the bounds themselves are examples run on every seed. */
export function integerWithin(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

/** Integers outside [min, max], close to the bounds and far from them. */
export function integerOutside(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: min - 1000, max: min - 1 }),
    fc.integer({ min: max + 1, max: max + 1000 }),
    fc.integer({ min: -2_147_483_648, max: min - 1 }),
    fc.integer({ min: max + 1, max: 2_147_483_647 }),
  );
}

/** JSON values that are not integers: fractions, numeric and other strings, null, booleans, arrays, objects. */
export function notAnInteger(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    fc.integer({ min, max }).map(String),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(null, true, false),
    fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }),
    fc.record({ value: fc.integer({ min, max }) }),
  );
}

/** JSON values that are not strings. */
export function notAString(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(null, true, false),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  );
}

/** JSON values that are not booleans, the strings "true" and "false" among them. */
export function notABoolean(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom('true', 'false', 'True', 'yes', 0, 1, null, '', [], {}),
    fc.integer(),
    fc.string({ maxLength: 8 }),
  );
}

/** Printable ASCII text of exactly the given length; §5 leaves the counting of other characters open. */
export function asciiOfLength(length: number, prefix = ''): fc.Arbitrary<string> {
  const head = prefix.slice(0, length);
  const rest = length - head.length;
  return fc
    .string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: rest,
      maxLength: rest,
    })
    .map((tail) => head + tail);
}

/** IPv6 addresses, written in the usual compressed form. */
export function ipv6Address(): fc.Arbitrary<string> {
  return fc.ipV6();
}

/**
 * Strings that are no IP address in any spelling. Other spellings of IPv4 (leading zeros, hex, fewer parts, as
 * inet_aton reads them: "1.2.3", "0x7f.1") are left out: whether a server accepts them is left open.
 */
export function notAnIpAddress(): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom('', 'localhost', 'not-an-ip', '256.1.1.1', '1.2.3.4.5', '1.2..3', '192.168.1.1/24'),
      fc.domain(),
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[0-9a-fA-F.:]+$/.test(s)),
    )
    .filter((s) => !ipaddr.IPv4.isValid(s));
}

/**
 * Project ids the token cannot own: 32 lowercase hex digits, the form of the pages' project ids, drawn afresh
 * and never `own` (the token's project, when it is known).
 */
export function otherProjectId(own: string | undefined): fc.Arbitrary<string> {
  return fc.stringMatching(/^[0-9a-f]{32}$/).filter((id) => id !== own);
}

/**
 * Ids that are not `own` yet fold to it under Unicode compatibility normalization (NFKC): `own` in full-width
 * characters, whole and in its first character only. A server that compares owners after such folding takes
 * them for the token's own project.
 */
export function foldingTo(own: string | undefined): string[] {
  return own ? [fullWidth(own), fullWidth(own.slice(0, 1)) + own.slice(1)] : [];
}
