import ipaddr from 'ipaddr.js';

export type IpKind = 'ipv4' | 'ipv6';

export interface ParsedIp {
  readonly kind: IpKind;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  /** One spelling per address, for uniqueness checks ("2001:DB8::1" and "2001:db8:0::1" collide). */
  readonly key: string;
}

export interface Cidr {
  readonly kind: IpKind;
  readonly text: string;
  readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

/**
 * Dotted-quad IPv4 (no octal, hex or short forms) or IPv6 without a zone index; anything else is not an
 * address a member can have.
 */
export function parseIp(text: string): ParsedIp | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) address = ipaddr.IPv4.parse(text);
  else if (!text.includes('%') && ipaddr.IPv6.isValid(text)) address = ipaddr.IPv6.parse(text);
  else return undefined;
  return { kind: address.kind(), address, key: address.toNormalizedString() };
}

// Stryker disable all: plays the v2-ipv4-other-spellings and subnet-reserved-addresses-400 choices only (docs/mutation.md)
/**
 * Any spelling of an IPv4 address that inet_aton reads (leading zeros as octal, hex parts, fewer than four
 * parts: "192.168.010.1", "0xc0.168.1.1", "192.168.1"), and every address parseIp takes.
 */
export function parseIpLenient(text: string): ParsedIp | undefined {
  if (!ipaddr.IPv4.isValid(text)) return parseIp(text);
  const address = ipaddr.IPv4.parse(text);
  return { kind: 'ipv4', address, key: address.toNormalizedString() };
}

/** Whether the address is the subnet's network address, its first host address or its IPv4 broadcast address. */
export function isReservedIn(cidr: Cidr, ip: ParsedIp): boolean {
  const start = addressesIn(cidr, 'start');
  const reserved = [start(0).key, start(1).key];
  if (cidr.kind === 'ipv4') reserved.push(addressesIn(cidr, 'end')(0).key);
  return reserved.includes(ip.key);
}

// Stryker restore all

export function parseCidr(text: string): Cidr {
  const range = ipaddr.parseCIDR(text);
  return { kind: range[0].kind(), text, range };
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  return ip.kind === cidr.kind && ip.address.match(cidr.range);
}

// Stryker disable all: runs only at start-up, for preloaded and foreign members, and under the subnet-reserved-addresses-400 choice (docs/mutation.md)
/** How many addresses the range holds, capped where a double stops counting exactly. */
export function cidrSize(cidr: Cidr): number {
  const hostBits = (cidr.kind === 'ipv4' ? 32 : 128) - cidr.range[1];
  return hostBits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** hostBits;
}

/**
 * A function giving the address `offset` places after the network address of `cidr` (from 'start'), or
 * before its last address (from 'end'), and its key.
 */
export function addressesIn(
  cidr: Cidr,
  from: 'start' | 'end' = 'start',
): (offset: number) => { address: string; key: string } {
  const prefix = cidr.range[1];
  const base = cidr.range[0].toByteArray().map((byte, i) => {
    const kept = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = (0xff << (8 - kept)) & 0xff;
    return from === 'start' ? byte & mask : (byte & mask) | (~mask & 0xff);
  });
  const sign = from === 'start' ? 1 : -1;
  return (offset) => {
    const bytes = [...base];
    let carry = offset; // a borrow when counting down
    for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
      const sum = (bytes[i] ?? 0) + sign * (carry % 256);
      bytes[i] = (sum + 256) % 256;
      carry = Math.floor(carry / 256) + sign * Math.floor(sum / 256);
    }
    const ip = ipaddr.fromByteArray(bytes);
    return { address: ip.toString(), key: ip.toNormalizedString() };
  };
}

// Stryker restore all

/**
 * "v4"/"v6" as the v3 API reports it. Every stored address parses (only fault modes store others), and of
 * those only IPv6 ones hold a colon.
 */
export function ipVersionOf(address: string): 'v4' | 'v6' {
  return address.includes(':') ? 'v6' : 'v4';
}
