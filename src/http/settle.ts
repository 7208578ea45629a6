/**
 * Busy load balancers (docs/readings.md §4, §5). A real cloud refuses writes while a load balancer is being
 * updated, with a 409 that must never be mistaken for the duplicate rejection of V2-DUPLICATE-*.
 *
 * The rule, under both profiles, for a 409 answered to a v2.0 write:
 * - its message says the load balancer is busy (Octavia: "Pool <id> is immutable and cannot be updated.",
 *   Neutron LBaaS: "Invalid state PENDING_UPDATE of loadbalancer resource <id>"): busy, whatever the pool
 *   holds. A server that says "busy" has not judged the request; a duplicate answered that way is judged
 *   only once a resend gets past the busy state.
 * - otherwise, for a create: a duplicate rejection when the pool (read afterwards) holds a member with the
 *   (address, protocol_port) pair that was sent; busy when it does not, since then the 409 rejected nothing.
 *   The message text alone never makes a duplicate (§5 "by reading the pool afterwards").
 * - otherwise, for a delete: busy (the pages give a delete no conflict of its own).
 * A busy answer is waited out (backoff from 25 ms, doubling up to 4 s) and the request sent again, for at
 * most CONFORMANCE_SETTLE_TIMEOUT seconds (default 60); the waits go into `exchange.retries`, and a write
 * still refused after that fails the test that sent it.
 *
 * Under the octavia profile (`waitForActiveBetweenWrites`) a successful write is also waited for before the
 * call returns: after a create until the member's provisioning_status is no longer PENDING_*, after a delete
 * until the member reads 404 (Octavia lists it as PENDING_DELETE until then).
 */
import { ConfigError } from '../target/config';
import type { HttpTransport } from './transport';

export const BUSY_MESSAGE = /is immutable|invalid state PENDING_/i;

const DEFAULT_TIMEOUT_S = 60;
const FIRST_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 4000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1000;
const PAGE = 500;

export function settleTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const text = env.CONFORMANCE_SETTLE_TIMEOUT;
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_S * 1000;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0)
    throw new ConfigError('CONFORMANCE_SETTLE_TIMEOUT', `"${text}" must be a positive number of seconds`);
  return Number(text) * 1000;
}

/** A v2.0 member write, as the settle logic needs it. */
export interface MemberWrite {
  kind: 'create' | 'delete';
  /** {base}/v2.0/lbaas/pools/{pool_id}/members */
  membersUrl: string;
  /** The member a delete names. */
  memberId?: string;
  /** The pair a create sent, when its body had one. */
  pair?: { address: unknown; port: unknown };
}

export class BusyTimeout extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Settler {
  constructor(
    private readonly http: HttpTransport,
    readonly headers: Record<string, string>,
    /** Called before each read it sends, so that the run's cost counts them. */
    private readonly onRequest: (method: string) => void = () => undefined,
    private readonly timeoutMs: number = settleTimeoutMs(),
  ) {}

  private get(url: string) {
    this.onRequest('GET');
    return this.http.get(url, this.headers);
  }

  /**
   * Whether a 409 answered to `write`, sent at `sentAt` (ms), is a busy refusal, to wait out and resend, rather
   * than a verdict. Creates of one pair refused at the same time share one read of the pool: any read that
   * started after a create was sent shows what the pool held while it was answered.
   */
  async isBusy(write: MemberWrite, body: string, sentAt: number): Promise<boolean> {
    if (BUSY_MESSAGE.test(body)) return true;
    if (write.kind === 'delete') return true;
    if (!write.pair) return false;
    const key = `${write.membersUrl} ${JSON.stringify(write.pair)}`;
    let read = this.reads.get(key);
    if (!read || read.startedAt < sentAt) {
      const entry = { startedAt: Date.now(), held: this.holds(write.membersUrl, write.pair) };
      const forget = () => {
        if (this.reads.get(key) === entry) this.reads.delete(key);
      };
      entry.held.then(forget, forget);
      this.reads.set(key, entry);
      read = entry;
    }
    return (await read.held) === false;
  }

  /** The reads of the pool in flight, by pair: see isBusy. */
  private readonly reads = new Map<string, { startedAt: number; held: Promise<boolean | undefined> }>();

  /** A deadline for the busy waits of one call. */
  budget(): BusyBudget {
    return new BusyBudget(this.timeoutMs);
  }

  /** Under the octavia profile: returns once the write has settled; throws BusyTimeout when it does not. */
  async settled(write: MemberWrite, memberId: string): Promise<void> {
    const url = `${write.membersUrl}/${encodeURIComponent(memberId)}`;
    const deadline = Date.now() + this.timeoutMs;
    let last = '';
    for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, MAX_POLL_MS)) {
      const response = await this.get(url);
      const status = response.status;
      const member = parse(response.body.toString('utf8'))?.member as Record<string, unknown> | undefined;
      const state = typeof member?.provisioning_status === 'string' ? member.provisioning_status : undefined;
      // Only what shows the write in progress is waited on: a created member PENDING_*, a deleted one still
      // readable. Any other answer (an error, a member without provisioning_status) ends the wait.
      const pending =
        status === 200 && (write.kind === 'delete' || (state !== undefined && state.startsWith('PENDING_')));
      if (!pending) return;
      last = state ?? `status ${status}`;
      if (Date.now() + poll > deadline) {
        const what = write.kind === 'create' ? 'to leave PENDING_*' : 'to read 404 after its delete';
        throw new BusyTimeout(
          `member ${memberId} did not settle within ${this.timeoutMs / 1000} s: waited for it ${what}, ` +
            `last GET ${url} answered ${last} (CONFORMANCE_SETTLE_TIMEOUT)`,
        );
      }
      await sleep(poll);
    }
  }

  /** Whether the pool holds a member with `pair`; undefined when the pool cannot be read. */
  private async holds(
    membersUrl: string,
    pair: { address: unknown; port: unknown },
  ): Promise<boolean | undefined> {
    const query = new URLSearchParams({ limit: String(PAGE) });
    // The filters only narrow the listing (a server may ignore them): the comparison below decides.
    if (typeof pair.address === 'string') query.set('address', pair.address);
    if (typeof pair.port === 'number') query.set('protocol_port', String(pair.port));
    let url: string | undefined = `${membersUrl}?${query}`;
    for (let pages = 0; url && pages < 100; pages++) {
      const response = await this.get(url);
      if (response.status !== 200) return undefined;
      const body = parse(response.body.toString('utf8'));
      const members = Array.isArray(body?.members) ? (body.members as Record<string, unknown>[]) : [];
      if (members.some((m) => m.address === pair.address && m.protocol_port === pair.port)) return true;
      url = nextLink(body?.members_links);
    }
    return false;
  }
}

/** The time left for one call's busy waits. */
export class BusyBudget {
  private readonly deadline: number;
  private backoff = FIRST_BACKOFF_MS;

  constructor(readonly timeoutMs: number) {
    this.deadline = Date.now() + timeoutMs;
  }

  /** Waits before the next resend and resolves to the wait; false when the budget is spent. */
  async wait(): Promise<number | false> {
    const left = this.deadline - Date.now();
    if (left <= 0) return false;
    const ms = Math.min(this.backoff, left);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    await sleep(ms);
    return ms;
  }
}

/** The href of the `next` entry of an OpenStack `*_links` array. */
export function nextLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const next = (links as { rel?: unknown; href?: unknown }[]).find((l) => l.rel === 'next');
  return typeof next?.href === 'string' && next.href !== '' ? next.href : undefined;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
