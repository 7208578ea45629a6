import { Cidr } from './cidr';
import { ConfigError } from '../settings/config-error';
import { SHARED_LIMITS } from './profiles';

export interface Endpoint {
  address: string;
  port: number;
}

/** Addresses a worker may use, so that no two workers (of any shard) of one run ever pick the same pair. */
export interface Slot {
  index: number;
  count: number;
}

export const MIN_ADDRESSES_PER_SLOT = 2;
const FIRST_PORT = 1024;
const LAST_PORT = SHARED_LIMITS.port.max;

/** Indices of the range that are safe to use: §5 leaves open whether network, gateway and broadcast are refused. */
function usableIndices(cidr: Cidr): { first: bigint; count: bigint } {
  const hostBits = (cidr.kind === 'ipv4' ? 32 : 128) - cidr.prefixLength;
  if (hostBits <= 1) return { first: 0n, count: cidr.size };
  return { first: 2n, count: cidr.size - 3n };
}

/** Fails before any request when the range cannot give every worker slot its own addresses. */
export function checkCapacity(cidr: Cidr, variable: string, slots: number): void {
  const usable = usableIndices(cidr).count;
  const needed = BigInt(MIN_ADDRESSES_PER_SLOT * slots);
  if (usable < needed) {
    throw new ConfigError(
      variable,
      `${cidr.text} has ${usable} usable address(es); this run needs at least ${needed} ` +
        `(${MIN_ADDRESSES_PER_SLOT} for each of ${slots} worker(s) across all shards)`,
    );
  }
}

/**
 * Hands out (address, protocol_port) pairs that this run has never used and that no member of the pool
 * already holds, so that a random case never collides with another by accident (DESIGN.md).
 */
export class EndpointAllocator {
  private readonly addresses: string[];
  private readonly used = new Set<string>();
  private readonly firstPort: number;
  private counter = 0;

  constructor(cidr: Cidr, variable: string, slot: Slot, runSeed: number) {
    checkCapacity(cidr, variable, slot.count);
    const { first, count } = usableIndices(cidr);
    const perSlot = count / BigInt(slot.count);
    const take = perSlot > 4096n ? 4096n : perSlot;
    const start = first + perSlot * BigInt(slot.index);
    this.addresses = Array.from({ length: Number(take) }, (_, i) => cidr.at(start + BigInt(i)));
    // Start each run on its own ports, so leftovers of an interrupted earlier run are unlikely to collide.
    this.firstPort = FIRST_PORT + (runSeed % 20000);
  }

  private key(address: string, port: number): string {
    return `${address}|${port}`;
  }

  /** Marks pairs that members the suite did not create already hold. */
  reserve(endpoints: Iterable<Endpoint>): void {
    for (const e of endpoints) this.used.add(this.key(e.address, e.port));
  }

  private take(address: string, port: number): Endpoint | undefined {
    const key = this.key(address, port);
    if (this.used.has(key)) return undefined;
    this.used.add(key);
    return { address, port };
  }

  private portAt(step: number): number {
    return FIRST_PORT + ((this.firstPort - FIRST_PORT + step) % (LAST_PORT - FIRST_PORT + 1));
  }

  /** A fresh pair. */
  next(): Endpoint {
    for (let tries = 0; tries < 1_000_000; tries++) {
      const n = this.counter++;
      const address = this.addresses[n % this.addresses.length] as string;
      const found = this.take(address, this.portAt(Math.floor(n / this.addresses.length)));
      if (found) return found;
    }
    throw new Error('the address range is exhausted: every (address, port) pair of this worker is used');
  }

  /** A fresh pair on the given address (another port). */
  withAddress(address: string): Endpoint {
    for (let step = 0; step <= LAST_PORT - FIRST_PORT; step++) {
      const found = this.take(address, this.portAt(step + 7919));
      if (found) return found;
    }
    throw new Error(`every port of ${address} is used`);
  }

  /** A fresh pair on the given port with another address. */
  withPort(port: number, notAddress: string): Endpoint {
    for (const address of this.addresses) {
      if (address === notAddress) continue;
      const found = this.take(address, port);
      if (found) return found;
    }
    throw new Error(`no address of this worker is free on port ${port}`);
  }
}
