import type { Layer, OutgoingRequest, Reply } from './layer';
import { isRefusal } from './retry';

/**
 * How many requests one worker keeps in flight at once. Starts at the worker's share; a refusal (429, or 503
 * with Retry-After) halves it, and it grows back by one after as many answers in a row as it allows, so a
 * rate-limited target is not hammered while the waits of requests already in flight still overlap.
 */
export class RequestGate {
  private allowed: number;
  private inFlight = 0;
  private answeredInARow = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a gate needs a positive limit, not ${max}`);
    this.allowed = max;
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

  /** The target refused a request for its rate (429, 503): half as many in flight from now on. */
  refused(): void {
    this.allowed = Math.max(1, Math.floor(this.allowed / 2));
    this.answeredInARow = 0;
  }

  /** The target answered a request: after as many answers in a row as allowed, one more in flight. */
  answered(): void {
    if (this.allowed >= this.max) return;
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
 * The layer that decides whether a request may go out, and when: a write must first be permitted (TARGET_READ_ONLY,
 * TARGET_MAX_WRITES: `permit` throws to forbid it), once for all its resends; then every send waits for a place
 * under the worker's bound (RequestGate), unless the request is ungated, and tells the bound how it was answered.
 */
export class Gate implements Layer {
  private readonly permitted = new WeakSet<OutgoingRequest>();

  constructor(
    private readonly below: Layer,
    private readonly permit: (request: OutgoingRequest) => void,
    private readonly bound?: RequestGate,
  ) {}

  async send(request: OutgoingRequest): Promise<Reply> {
    if (request.method !== 'GET' && !this.permitted.has(request)) {
      this.permit(request);
      this.permitted.add(request);
    }
    const bound = request.ungated ? undefined : this.bound;
    if (!bound) return this.below.send(request);
    const reply = await bound.send(() => this.below.send(request));
    if (isRefusal(reply.status, reply.headers['retry-after'])) bound.refused();
    else bound.answered();
    return reply;
  }
}
