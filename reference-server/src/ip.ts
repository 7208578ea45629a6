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

export function parseCidr(text: string): Cidr {
  const range = ipaddr.parseCIDR(text);
  return { kind: range[0].kind(), text, range };
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  return ip.kind === cidr.kind && ip.address.match(cidr.range);
}

/**
 * "v4"/"v6" as the v3 API reports it. Every stored address parses (only fault modes store others), and of
 * those only IPv6 ones hold a colon.
 */
export function ipVersionOf(address: string): 'v4' | 'v6' {
  return address.includes(':') ? 'v6' : 'v4';
}
