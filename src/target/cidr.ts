import ipaddr from 'ipaddr.js';

/** An IP range parsed from CIDR text, with the arithmetic the suite needs (size, n-th address, containment). */
export class Cidr {
  readonly text: string;
  readonly kind: 'ipv4' | 'ipv6';
  readonly prefixLength: number;
  private readonly base: bigint;
  private readonly bits: number;
  private readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number];

  private constructor(text: string, range: [ipaddr.IPv4 | ipaddr.IPv6, number]) {
    this.text = text;
    this.range = range;
    const [address, prefixLength] = range;
    this.kind = address.kind();
    this.prefixLength = prefixLength;
    this.bits = this.kind === 'ipv4' ? 32 : 128;
    const hostBits = BigInt(this.bits - prefixLength);
    this.base = (toBigInt(address) >> hostBits) << hostBits;
  }

  /** Throws an Error whose message says what is wrong with the text. */
  static parse(text: string): Cidr {
    if (!ipaddr.isValidCIDR(text)) {
      throw new Error(`"${text}" is not a CIDR (expected something like 192.168.0.0/24 or 2001:db8::/64)`);
    }
    return new Cidr(text, ipaddr.parseCIDR(text));
  }

  get size(): bigint {
    return 1n << BigInt(this.bits - this.prefixLength);
  }

  /** The index-th address of the range (0 is the network address itself). */
  at(index: bigint): string {
    if (index < 0n || index >= this.size) throw new RangeError(`index ${index} outside ${this.text}`);
    return fromBigInt(this.base + index, this.kind);
  }

  contains(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.parse(address);
    return parsed.kind() === this.kind && parsed.match(this.range);
  }

  containsCidr(other: Cidr): boolean {
    return other.kind === this.kind && other.prefixLength >= this.prefixLength && this.contains(other.at(0n));
  }
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, kind: 'ipv4' | 'ipv6'): string {
  const length = kind === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
