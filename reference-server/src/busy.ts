import type { ChoiceSet } from './choices';
import { derivedId } from './derived-id';

/** How long a load balancer stays busy after each successful write, with the busy-after-write choice. */
export const BUSY_MS = 40;

/** A write as the load balancer sees it: `METHOD /path`, for REFERENCE_BUSY_FOREVER. */
export interface Write {
  readonly method: string;
  readonly path: string;
}

/**
 * The load balancer behind the pools of one API, as a real cloud has it: a successful write puts it in
 * PENDING_UPDATE for a while, and writes meanwhile are refused with 409 (docs/readings.md §4, §5). The v2.0
 * pools share one (shared load balancers), the v3 pools another (a dedicated one). Busy only with the
 * busy-after-write choice, and for ever for the writes REFERENCE_BUSY_FOREVER names.
 */
export class LoadBalancer {
  private busyUntil = 0;

  constructor(
    private readonly id: string,
    private readonly api: 'v2' | 'v3',
    private readonly choices: ChoiceSet,
    /** Writes whose `METHOD /path` contains this text get a 409 every time (a stuck load balancer); '': none. */
    private readonly busyForever: string,
  ) {}

  /** The load balancer of the v2.0 pools, named by the id of the API's pool. */
  static v2(id: string, choices: ChoiceSet, busyForever: string): LoadBalancer {
    return new LoadBalancer(id, 'v2', choices, busyForever);
  }

  /** The dedicated load balancer of one v3 pool, the one its members' loadbalancer_id names. */
  static v3(poolId: string, choices: ChoiceSet, busyForever: string): LoadBalancer {
    return new LoadBalancer(derivedId('loadbalancer', poolId), 'v3', choices, busyForever);
  }

  /** Called after every successful create or delete. */
  written(): void {
    if (this.choices.has('busy-after-write')) this.busyUntil = Date.now() + BUSY_MS;
  }

  /** The message of the 409 that refuses `write` now, or undefined when the write may go ahead. */
  refusal(write: Write, poolId: string): string | undefined {
    if (this.busyForever !== '' && `${write.method} ${write.path}`.includes(this.busyForever))
      return `load balancer ${this.id} cannot take this change now`;
    return Date.now() < this.busyUntil ? this.busyMessage(poolId) : undefined;
  }

  /** `write` carried out by `run`, unless the load balancer refuses it now: then `refuse` with the message. */
  guard<R>(write: Write, poolId: string, refuse: (message: string) => R, run: () => R): R {
    const message = this.refusal(write, poolId);
    return message === undefined ? run() : refuse(message);
  }

  /**
   * The busy message. v2.0: Octavia's with the Octavia error shape, Neutron LBaaS's otherwise. v3: one the
   * suite does not know, so that each 409 to a create is told from a duplicate by reading the pool.
   */
  busyMessage(poolId: string): string {
    if (this.api === 'v3') return `load balancer ${this.id} is in PENDING_UPDATE: try again later`;
    if (this.choices.has('v2-error-octavia-shape') && !this.choices.has('v2-error-native-shape'))
      return `Pool ${poolId} is immutable and cannot be updated.`;
    return `Invalid state PENDING_UPDATE of loadbalancer resource ${this.id}`;
  }
}
