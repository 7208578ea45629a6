import type { ChoiceSet } from './choices';
import type { FaultSet } from './faults';

/** How long the load balancer stays busy after each successful v2.0 write, with the busy-after-write choice. */
export const BUSY_MS = 40;

/**
 * The load balancer behind the v2.0 pools, as a real cloud has it: a successful write puts it in
 * PENDING_UPDATE for a while, and writes meanwhile are refused with 409 (docs/readings.md §4, §5). Only with the
 * busy-after-write choice, and the faults that get busy wrong.
 */
export class LoadBalancer {
  private busyUntil = 0;

  constructor(
    private readonly id: string,
    private readonly choices: ChoiceSet,
    private readonly faults: FaultSet,
    /** The pool whose load balancer other-pool-stuck-busy leaves PENDING_UPDATE for ever. */
    private readonly stuckPoolId: string,
  ) {}

  /** Called after every successful v2.0 create or delete. */
  written(): void {
    if (this.choices.has('busy-after-write')) this.busyUntil = Date.now() + BUSY_MS;
  }

  /** Whether a write to `poolId` is refused now. */
  busy(poolId: string): boolean {
    if (this.faults.has('other-pool-stuck-busy') && poolId === this.stuckPoolId) return true;
    return Date.now() < this.busyUntil;
  }

  /** The busy message: Octavia's with the Octavia error shape, Neutron LBaaS's otherwise. */
  message(poolId: string): string {
    if (this.choices.has('v2-error-octavia-shape') && !this.choices.has('v2-error-native-shape'))
      return `Pool ${poolId} is immutable and cannot be updated.`;
    return `Invalid state PENDING_UPDATE of loadbalancer resource ${this.id}`;
  }
}
