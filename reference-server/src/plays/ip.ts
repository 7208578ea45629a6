import ipaddr from 'ipaddr.js';
import { parseIp, type Cidr, type ParsedIp } from '../ip';

/**
 * v2-ipv4-other-spellings: any spelling of an IPv4 address that inet_aton reads (leading zeros as octal, hex
 * parts, fewer than four parts: "192.168.010.1", "0xc0.168.1.1", "192.168.1"), and every address parseIp
 * takes.
 */
export function parseIpLenient(text: string): ParsedIp | undefined {
  if (!ipaddr.IPv4.isValid(text)) return parseIp(text);
  const address = ipaddr.IPv4.parse(text);
  return { kind: 'ipv4', address, key: address.toNormalizedString() };
}

/**
 * subnet-reserved-addresses-400: whether the address is the subnet's network address, its first host address
 * or its IPv4 broadcast address.
 */
export function isReservedIn(cidr: Cidr, ip: ParsedIp): boolean {
  const start = addressesIn(cidr, 'start');
  const reserved = [start(0).key, start(1).key];
  if (cidr.kind === 'ipv4') reserved.push(addressesIn(cidr, 'end')(0).key);
  return reserved.includes(ip.key);
}

/**
 * A function giving the address `offset` places after the network address of `cidr` (from 'start'), or
 * before its last address (from 'end'), and its key: the reserved addresses, and at start-up the addresses of
 * preloaded and foreign members.
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
