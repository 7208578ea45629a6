import type { Layer, OutgoingRequest, Reply } from './layer';
import { isRefusal } from './retry';

/**
 * An answer that took this long (ms) tells that more requests in flight would overlap the waits rather than
 * load the target: only answers this slow grow a bound past where it started.
 */
export const SLOW_ANSWER_MS = 50;

/** How far a bound may grow past where it started, while answers are slow and the target never refuses. */
export const GROWTH = 4;

/**
 * How many requests are kept in flight at once, additive increase and multiplicative decrease. It starts at
 * `start`; a refusal (429, or 503 with Retry-After; for writes, a busy 409 too) halves it, and it grows by one
 * after as many answers in a row as it allows: back up to `start` on any answers, past it up to `max` only on
 * slow ones (SLOW_ANSWER_MS). A rate-limited or busy target is not hammered, a slow one gets its waits overlapped.
 */
export class RequestGate {
  private allowed: number;
  /** When the bound was last halved: refusals of requests sent before then were answered by that halving. */
  private halvedAt = -Infinity;
  private inFlight = 0;
  private answeredInARow = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly start: number,
    readonly max: number = start,
  ) {
    if (!Number.isInteger(start) || start < 1)
      throw new RangeError(`a gate needs a positive limit, not ${start}`);
    if (!Number.isInteger(max) || max < start)
      throw new RangeError(`a gate cannot grow to ${max} from ${start}`);
    this.allowed = start;
  }

  /** Requests allowed in flight right now. */
  get limit(): number {
    return this.allowed;
  }

  /** Sends through the gate: waits for a free place, and frees it when the send settles. */
  async send<T>(request: () => Promise<T>): Promise<T> {
    // A waiter's place is taken for it by admit(), so no later send can slip in before it resumes.
    if (this.inFlight < this.allowed && this.waiting.length === 0) this.inFlight++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await request();
    } finally {
      this.inFlight--;
      this.admit();
    }
  }

  /**
   * The target refused a request sent at `sentAt` (for its rate, or a write for a busy load balancer): half as
   * many from now on, once for the requests that were in flight together (a refusal of one sent before the last
   * halving was met by it).
   */
  refused(sentAt: number = Date.now()): void {
    if (sentAt < this.halvedAt) return;
    this.allowed = Math.max(1, Math.floor(this.allowed / 2));
    this.answeredInARow = 0;
    this.halvedAt = Date.now();
  }

  /** The target answered a request, in `durationMs`: after as many answers in a row as allowed, one more. */
  answered(durationMs = 0): void {
    if (this.allowed >= this.max) return;
    if (this.allowed >= this.start && durationMs < SLOW_ANSWER_MS) return;
    if (++this.answeredInARow < this.allowed) return;
    this.allowed++;
    this.answeredInARow = 0;
    this.admit();
  }

  private admit(): void {
    while (this.waiting.length > 0 && this.inFlight < this.allowed) {
      this.inFlight++;
      this.waiting.shift()!();
    }
  }
}

/**
 * The writes of one worker, bounded pool by pool (by members URL), creates apart from deletes: a load balancer busy
 * after each write refuses the writes to its pools, and only those, so each pool's writes shrink on their own
 * (settle-layer.ts); and a create waiting out a 409 never holds up the delete that would end it (a server that
 * takes another member at the same address for a duplicate).
 */
export class WriteGates {
  private readonly pools = new Map<string, RequestGate>();

  constructor(
    readonly start: number,
    readonly max: number,
  ) {}

  of(membersUrl: string, kind: 'create' | 'delete'): RequestGate {
    const key = `${kind} ${membersUrl}`;
    let gate = this.pools.get(key);
    if (!gate) this.pools.set(key, (gate = new RequestGate(this.start, this.max)));
    return gate;
  }
}

/**
 * The layer that decides whether a request may go out, and when: a write must first be permitted (TARGET_READ_ONLY,
 * TARGET_MAX_WRITES: `permit` throws to forbid it), once for all its resends; then every read waits for a place
 * under the worker's bound on reads (RequestGate), unless it is ungated, and tells the bound how it was answered.
 * Writes are bounded pool by pool, above (settle-layer.ts, WriteGates).
 */
export class Gate implements Layer {
  private readonly permitted = new WeakSet<OutgoingRequest>();

  constructor(
    private readonly below: Layer,
    private readonly permit: (request: OutgoingRequest) => void,
    private readonly reads?: RequestGate,
  ) {}

  async send(request: OutgoingRequest): Promise<Reply> {
    if (request.method !== 'GET' && !this.permitted.has(request)) {
      this.permit(request);
      this.permitted.add(request);
    }
    const bound = request.ungated || request.method !== 'GET' ? undefined : this.reads;
    if (!bound) return this.below.send(request);
    const reply = await bound.send(() => this.below.send(request));
    if (isRefusal(reply.status, reply.headers['retry-after'])) bound.refused(reply.startedAt);
    else bound.answered(reply.durationMs);
    return reply;
  }
}

/** What bounds one worker's requests in flight: its reads together, its writes pool by pool. */
export interface WorkerBounds {
  reads: RequestGate;
  writes: WriteGates;
}

/** Bounds that start at `share` requests in flight (reads, and writes to each pool) and may grow GROWTH-fold. */
export function workerBounds(share: number): WorkerBounds {
  return { reads: new RequestGate(share, share * GROWTH), writes: new WriteGates(share, share * GROWTH) };
}
