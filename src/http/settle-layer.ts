/**
 * The settling layer: a busy 409 to a member write is waited out and the write sent again (settle.ts has the
 * rule), and under the octavia profile a successful write is waited for until it has settled. Member writes are
 * bounded pool by pool here (gate.ts, WriteGates): a write keeps its place through its busy waits, and a busy 409
 * or a refusal halves its pool's bound, so that writes to a busy load balancer go one at a time instead of
 * meeting it busy side by side. It sends through the retries layer only; what a write still busy at the end of its
 * settle time means is the Settler's to say.
 */
import { parseJson } from '../json';
import type { RequestGate, WriteGates } from './gate';
import { exchangeOf, type Layer, type OperationId, type OutgoingRequest, type Reply } from './layer';
import { ConformanceFailure } from './failure';
import type { NoVerdict } from './no-verdict';
import { BusyTimeout, type BusyBudget, type MemberWrite, type Settler } from './settle';

/** How a write busy to the end came back: the run knows its pool stuck, or its settle time ran out. */
export type BusyEnd = { kind: 'stuck'; error: NoVerdict } | { kind: 'outlasted'; budget: BusyBudget };

export interface Settled {
  reply: Reply;
  /** Set when the reply is a busy 409 that was not waited out to an answer. */
  busy?: BusyEnd;
}

export class SettleLayer {
  private settlerInstance: Settler | undefined;

  constructor(
    private readonly below: Layer,
    /** Made on first use: its settings are read and its files made only by a client that writes. */
    private readonly makeSettler: () => Settler,
    /** The bounds on member writes in flight, by pool; none: no bound. */
    private readonly writes?: WriteGates,
  ) {}

  get settler(): Settler {
    this.settlerInstance ??= this.makeSettler();
    return this.settlerInstance;
  }

  /**
   * Sends the request; when it is a member write (`write`), a busy 409 is waited out and the write sent again,
   * the waits added to the reply's retries. A probe (a create sent to see whether the pool takes writes) takes
   * a busy 409 as its answer.
   */
  async send(request: OutgoingRequest, write?: MemberWrite, probe = false): Promise<Settled> {
    const gate = write && this.writes?.of(write.membersUrl, write.kind);
    if (!gate) return this.settle(request, write, probe);
    // A write of a burst goes out at once with the others (their simultaneity is the rule under test); its
    // resends after a busy 409 are no part of the burst, and take a place under the pool's bound each.
    if (request.ungated) return this.settle(request, write, probe, gate, 'resends');
    return gate.send(() => this.settle(request, write, probe, gate, 'whole'));
  }

  private async settle(
    request: OutgoingRequest,
    write: MemberWrite | undefined,
    probe: boolean,
    gate?: RequestGate,
    /** What of the write the gate bounds: the whole of it (held by the caller), or each resend. */
    bounded?: 'whole' | 'resends',
  ): Promise<Settled> {
    const startedAt = Date.now();
    let budget: BusyBudget | undefined;
    const retries: Reply['retries'] = [];
    for (let resend = false; ; resend = true) {
      const sent = await (resend && bounded === 'resends' && gate
        ? gate.send(() => this.below.send(request))
        : this.below.send(request));
      // The bounds on refusals count from the last busy answer: each resend after a busy wait is a request of its
      // own to the rate limiter.
      const reply = { ...sent, retries: [...retries, ...sent.retries] };
      if (sent.retries.length > 0) gate?.refused(reply.startedAt);
      if (
        write &&
        !probe &&
        reply.status === 409 &&
        (await this.settler.isBusy(write, reply.text, reply.startedAt))
      ) {
        gate?.refused(reply.startedAt);
        this.settler.spellOf(write).busy(reply.startedAt);
        budget ??= this.settler.budget(startedAt, write);
        const stuck = this.settler.knownStuck(exchangeOf(reply), write);
        if (stuck) return { reply, busy: { kind: 'stuck', error: stuck } };
        const waitedMs = await budget.wait();
        if (waitedMs === false) return { reply, busy: { kind: 'outlasted', budget } };
        retries.push(...sent.retries, { status: 409, waitedMs });
        continue;
      }
      if (write && isSuccess(reply.status))
        this.settler.accepted(write, reply.startedAt, reply.startedAt + reply.durationMs);
      if (sent.retries.length === 0) gate?.answered(sent.durationMs);
      return { reply };
    }
  }

  /** Under the octavia profile, the next write must not meet this one's PENDING_* state (docs/readings.md §4). */
  async settled(write: MemberWrite, reply: Reply): Promise<void> {
    const body = parseJson(reply.text) as { member?: { id?: unknown } } | undefined;
    const id = write.kind === 'delete' ? write.memberId : body?.member?.id;
    if (typeof id !== 'string' || id === '') return;
    try {
      await this.settler.settled(write, id);
    } catch (error) {
      if (error instanceof BusyTimeout) throw new ConformanceFailure(error.message, exchangeOf(reply));
      throw error;
    }
  }
}

/** The member writes of both APIs, which the busy rule of settle.ts applies to. */
const WRITES: Partial<Record<OperationId, MemberWrite['kind']>> = {
  createMemberV2: 'create',
  deleteMemberV2: 'delete',
  createMemberV3: 'create',
  deleteMemberV3: 'delete',
};

/** A member write as settle.ts needs it, from its operation, its URL without query, and its body; else undefined. */
export function memberWrite(
  operationId: OperationId,
  url: string,
  path: Record<string, string>,
  body: string | Buffer | undefined,
): MemberWrite | undefined {
  const kind = WRITES[operationId];
  if (kind === 'delete') return { kind, membersUrl: url.replace(/\/[^/]*$/, ''), memberId: path.member_id };
  if (kind !== 'create') return undefined;
  const parsed = body === undefined ? undefined : parseJson(body.toString());
  const member = (parsed as { member?: Record<string, unknown> } | undefined)?.member;
  const pair =
    typeof member === 'object' && member !== null && 'address' in member && 'protocol_port' in member
      ? { address: member.address, port: member.protocol_port }
      : undefined;
  return { kind: 'create', membersUrl: url, ...(pair ? { pair } : {}) };
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}
