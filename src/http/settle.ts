/**
 * Busy load balancers (docs/readings.md §4, §5). A real cloud refuses writes while a load balancer is being
 * updated, with a 409 that must never be mistaken for the duplicate rejection of V2-DUPLICATE-*.
 *
 * The rule, under both profiles, for a 409 answered to a member write of either API (v2.0 or v3):
 * - its message says the load balancer is busy (Octavia: "Pool <id> is immutable and cannot be updated.",
 *   Neutron LBaaS: "Invalid state PENDING_UPDATE of loadbalancer resource <id>"): busy, whatever the pool
 *   holds. A server that says "busy" has not judged the request; a duplicate answered that way is judged
 *   only once a resend gets past the busy state.
 * - otherwise, for a create: a duplicate rejection when the pool (read afterwards) holds a member with the
 *   (address, protocol_port) pair that was sent; busy when it does not, since then the 409 rejected nothing.
 *   The message text alone never makes a duplicate (§5 "by reading the pool afterwards"). The read is sent
 *   again after a refusal (429, or 503 with Retry-After) within the bounds of retry.ts, as every request is.
 * - otherwise, for a delete: busy (the pages give a delete no conflict of its own).
 * A busy answer is waited out and the request sent again, for at most CONFORMANCE_SETTLE_TIMEOUT seconds (default
 * 60); the waits go into `exchange.retries`. The first two waits end where the pool's busy spells have been seen
 * to end (BusySpell), the later ones back off from 25 ms, doubling up to 4 s. A write still
 * refused after that:
 * - when the pool accepted another write meanwhile (the client's own probe included: before judging a create it
 *   sends one create of a fresh member to the same pool), the load balancer was not busy for it: the write
 *   fails the test that sent it (a duplicate answered only ever "busy" is no rejection);
 * - when it accepted none, the load balancer is stuck: the write has no verdict (NoVerdict), and the run
 *   knows the pool as stuck (PoolStates, shared by every worker), so that every later write to it that meets
 *   a busy 409 has no verdict at once instead of waiting the settle time again. A write the pool accepts
 *   clears that, so a load balancer that is merely slow to settle is never taken for stuck.
 *
 * Under the octavia profile (`waitForActiveBetweenWrites`) a successful write is also waited for before the
 * call returns: after a create until the member's provisioning_status is no longer PENDING_*, after a delete
 * until the member reads 404 (Octavia lists it as PENDING_DELETE until then).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runDir } from '../run-identity';
import { settleTimeoutMs } from '../settings/client';
import { formatExchange, type Exchange } from './exchange';
import { ConformanceFailure } from './failure';
import { NoVerdict } from './no-verdict';
import type { HttpAnswer } from './transport';
import { readAgain } from '../read-after-write';

export const BUSY_MESSAGE = /is immutable|invalid state PENDING_/i;

const FIRST_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 4000;
const PAGE = 500;

/** A member write (v2.0 or v3), as the settle logic needs it. */
export interface MemberWrite {
  kind: 'create' | 'delete';
  /** {base}/v2.0/lbaas/pools/{pool_id}/members or {base}/v3/{project_id}/elb/pools/{pool_id}/members */
  membersUrl: string;
  /** The member a delete names. */
  memberId?: string;
  /** The pair a create sent, when its body had one. */
  pair?: { address: unknown; port: unknown };
}

export class BusyTimeout extends Error {}

/** The scope of what no one pool shows: the pools of the run's target, all together. */
const EVERY_POOL = 'every pool';

/**
 * What the run has learnt of the load balancers behind its pools, shared by every client of every worker of the
 * run through files in the run's directory: when a write was last accepted, and whether writes meet a stuck load
 * balancer (one write met it busy for a whole settle time while no write was accepted). Each is kept for each
 * pool (by its members URL) and for every pool together (EVERY_POOL): a target on which no write to any pool got
 * through for a whole settle time is stuck wherever it is written next.
 */
export class PoolStates {
  private written = 0;
  /** When this process last saw a write accepted, by scope: what it has to tell the other processes. */
  private readonly acceptedAt = new Map<string, number>();
  /** The scopes whose time is not on disk yet. */
  private readonly unwritten = new Set<string>();
  private flushing: Promise<void> | undefined;
  private readonly files = new Map<string, string>();

  constructor(private readonly dir: string = path.join(runDir(), 'pools')) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * A write to the pool was accepted: neither it nor the target is stuck. The hot path of every accepted write:
   * a stuck mark is removed at once (an unlink, mostly of nothing), the time goes to disk later, coalesced, off
   * the write's way; this process's own reads see it at once.
   */
  accepted(membersUrl: string, at: number = Date.now()): void {
    for (const scope of [membersUrl, EVERY_POOL]) {
      rmSync(this.file('stuck', scope), { force: true });
      if ((this.acceptedAt.get(scope) ?? -Infinity) >= at) continue;
      this.acceptedAt.set(scope, at);
      this.unwritten.add(scope);
    }
    this.flushing ??= this.flush();
  }

  /** Whether a write to the pool (or to any pool, for EVERY_POOL) was accepted at `since` (ms) or later. */
  acceptedSince(scope: string, since: number): boolean {
    if ((this.acceptedAt.get(scope) ?? -Infinity) >= since) return true;
    try {
      return Number(readFileSync(this.file('accepted', scope), 'utf8')) >= since;
    } catch {
      return false;
    }
  }

  stuck(scope: string): boolean {
    return existsSync(this.file('stuck', scope));
  }

  markStuck(scope: string): void {
    writeFileSync(this.file('stuck', scope), String(Date.now()));
  }

  /** Writes the times not on disk yet, each whole and then renamed into place, so no reader sees half a time. */
  private async flush(): Promise<void> {
    try {
      while (this.unwritten.size > 0) {
        const scope = this.unwritten.values().next().value as string;
        this.unwritten.delete(scope);
        const temporary = path.join(this.dir, `.${process.pid}-${this.written++}`);
        await writeFile(temporary, String(this.acceptedAt.get(scope)));
        await rename(temporary, this.file('accepted', scope));
      }
    } catch {
      // The run's directory is gone (the run is over): nobody is left to read the time.
    } finally {
      this.flushing = undefined;
    }
  }

  private file(kind: 'accepted' | 'stuck', scope: string): string {
    const key = `${kind} ${scope}`;
    let file = this.files.get(key);
    if (file === undefined) {
      file = path.join(this.dir, `${kind}-${createHash('sha256').update(scope).digest('hex').slice(0, 32)}`);
      this.files.set(key, file);
    }
    return file;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the settle logic reads the target: through the client's retries (stack.ts), or a bare transport. */
export interface PoolReader {
  get(url: string, headers: Record<string, string>): Promise<HttpAnswer>;
}

export class Settler {
  constructor(
    private readonly reader: PoolReader,
    readonly headers: Record<string, string>,
    /** Called before each read it sends, so that the run's cost counts them (when `reader` does not). */
    private readonly onRequest: (method: string) => void = () => undefined,
    private readonly timeoutMs: number = settleTimeoutMs(),
    private readonly pools: PoolStates = new PoolStates(),
  ) {}

  private get(url: string): Promise<HttpAnswer> {
    this.onRequest('GET');
    return this.reader.get(url, this.headers);
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

  /** What each pool's load balancer has shown of its busy spells, by members URL. */
  private readonly spells = new Map<string, BusySpell>();

  /** The busy spells of the pool `write` goes to. */
  spellOf(write: MemberWrite): BusySpell {
    let spell = this.spells.get(write.membersUrl);
    if (!spell) this.spells.set(write.membersUrl, (spell = new BusySpell()));
    return spell;
  }

  /** A deadline for the busy waits of one call (of `write`: its waits planned by its pool's busy spells). */
  budget(startedAt: number = Date.now(), write?: MemberWrite): BusyBudget {
    return new BusyBudget(this.timeoutMs, startedAt, write && this.spellOf(write));
  }

  /** The write, sent at `sentAt` and answered at `answeredAt`, was accepted (2xx): its pool takes writes. */
  accepted(write: MemberWrite, sentAt: number = Date.now(), answeredAt: number = sentAt): void {
    this.pools.accepted(write.membersUrl);
    this.spellOf(write).accepted(sentAt, answeredAt);
  }

  /**
   * After a busy answer to `write`: a NoVerdict when the run knows its pool stuck (an earlier write waited the
   * whole settle time, and the pool, or with no write accepted anywhere the target, has accepted none since),
   * so that this write does not wait the settle time again.
   */
  knownStuck(exchange: Exchange, write: MemberWrite): NoVerdict | undefined {
    const scope = [write.membersUrl, EVERY_POOL].find((s) => this.pools.stuck(s));
    if (scope === undefined) return undefined;
    const since =
      scope === EVERY_POOL ? 'no pool has accepted a write since' : 'this pool has accepted no write since';
    return new NoVerdict(
      `the load balancer stayed busy for the whole settle time (${this.timeoutMs / 1000} s, ` +
        `CONFORMANCE_SETTLE_TIMEOUT) on an earlier write, and ${since}; this write got a busy 409 too, so this ` +
        `check could not be made\n${formatExchange(exchange)}`,
      exchange,
    );
  }

  /**
   * What a write still busy when its budget is spent ends with: a failure when its pool accepted another write
   * meanwhile (the load balancer was taking writes, it refused this one); otherwise a NoVerdict, the load
   * balancer being stuck, which the run then knows for the pool, and for every pool when none accepted a write
   * meanwhile (knownStuck).
   */
  outlasted(exchange: Exchange, write: MemberWrite, budget: BusyBudget): Error {
    const sends =
      `every send of this write for ${this.timeoutMs / 1000} s got a busy 409 ` +
      `(${exchange.retries.length} resends; CONFORMANCE_SETTLE_TIMEOUT)`;
    if (this.pools.acceptedSince(write.membersUrl, budget.startedAt))
      return new ConformanceFailure(
        `the load balancer stayed busy for this write alone: ${sends}, while the pool accepted other writes`,
        exchange,
      );
    this.pools.markStuck(write.membersUrl);
    const anywhere = this.pools.acceptedSince(EVERY_POOL, budget.startedAt);
    if (!anywhere) this.pools.markStuck(EVERY_POOL);
    return new NoVerdict(
      `the load balancer stayed busy for the whole settle time: ${sends}, and ` +
        `${anywhere ? 'the pool accepted no write meanwhile' : 'no pool accepted a write meanwhile'}, so this ` +
        `check could not be made; later writes to ${anywhere ? 'this pool' : 'any pool'} that meet a busy 409 ` +
        `end at once\n${formatExchange(exchange)}`,
      exchange,
    );
  }

  /** Under the octavia profile: returns once the write has settled; throws BusyTimeout when it does not. */
  async settled(write: MemberWrite, memberId: string): Promise<void> {
    const url = `${write.membersUrl}/${encodeURIComponent(memberId)}`;
    const readState = async () => {
      const response = await this.get(url);
      const status = response.status;
      const member = parse(response.body.toString('utf8'))?.member as Record<string, unknown> | undefined;
      const state = typeof member?.provisioning_status === 'string' ? member.provisioning_status : undefined;
      // Only what shows the write in progress is waited on: a created member PENDING_*, a deleted one still
      // readable. Any other answer (an error, a member without provisioning_status) ends the wait.
      const pending =
        status === 200 && (write.kind === 'delete' || (state !== undefined && state.startsWith('PENDING_')));
      return { pending, last: state ?? `status ${status}` };
    };
    const { answer } = await readAgain(readState, ({ pending }) => (pending ? this.timeoutMs : 0));
    if (!answer.pending) return;
    const what = write.kind === 'create' ? 'to leave PENDING_*' : 'to read 404 after its delete';
    throw new BusyTimeout(
      `member ${memberId} did not settle within ${this.timeoutMs / 1000} s: waited for it ${what}, ` +
        `last GET ${url} answered ${answer.last} (CONFORMANCE_SETTLE_TIMEOUT)`,
    );
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
      url = nextPage(url, body);
    }
    return false;
  }
}

/**
 * How long a pool's load balancer stays busy after a write it accepted, as far as this client has seen: a write
 * sent `low` ms after one was answered still met it busy, and one answered `high` ms after another was sent was
 * accepted. Each bound holds whatever the time on the wire (a write is handled between its send and its answer);
 * bounds that contradict each other (another client's writes, spells that vary) are forgotten. A write that meets
 * the load balancer busy waits first until midway between the two after the pool's last accepted write, then
 * until `high`, then backs off: a load balancer whose spells are alike costs a write about one spell.
 */
export class BusySpell {
  private last: { sentAt: number; answeredAt: number } | undefined;
  private low = 0;
  private high: number | undefined;

  accepted(sentAt: number, answeredAt: number): void {
    if (this.last) {
      this.high = Math.min(this.high ?? Infinity, answeredAt - this.last.sentAt);
      if (this.high <= this.low) this.low = 0;
    }
    this.last = { sentAt, answeredAt };
  }

  /** A write sent at `sentAt` met the load balancer busy. */
  busy(sentAt: number): void {
    if (!this.last) return;
    this.low = Math.max(this.low, sentAt - this.last.answeredAt);
    if (this.high !== undefined && this.low >= this.high) this.high = undefined;
  }

  /** The wait before resend `n` (from 0) of a write that met the load balancer busy; undefined: back off. */
  planned(n: number, now: number = Date.now()): number | undefined {
    if (!this.last || this.high === undefined || n > 1) return undefined;
    const after = n === 0 ? (this.low + this.high) / 2 : this.high;
    return Math.max(1, Math.ceil(this.last.answeredAt + after - now));
  }
}

/** The time left for one call's busy waits. */
export class BusyBudget {
  private readonly deadline: number;
  private backoff = FIRST_BACKOFF_MS;
  private resends = 0;

  constructor(
    readonly timeoutMs: number,
    /** When the call began (ms since the epoch). */
    readonly startedAt: number = Date.now(),
    private readonly spell?: BusySpell,
  ) {
    this.deadline = startedAt + timeoutMs;
  }

  /** Waits before the next resend and resolves to the wait; false when the budget is spent. */
  async wait(): Promise<number | false> {
    const left = this.deadline - Date.now();
    if (left <= 0) return false;
    const planned = this.spell?.planned(this.resends++);
    const ms = Math.min(planned ?? this.backoff, left);
    if (planned === undefined) this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    await sleep(ms);
    return ms;
  }
}

/** The href of the entry of an OpenStack `*_links` array whose rel is `rel` ("next", "previous"). */
export function linkHref(links: unknown, rel: string): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const link = (links as ({ rel?: unknown; href?: unknown } | null)[]).find((l) => l?.rel === rel);
  return typeof link?.href === 'string' && link.href !== '' ? link.href : undefined;
}

/** The href of the `next` entry of an OpenStack `*_links` array. */
export const nextLink = (links: unknown): string | undefined => linkHref(links, 'next');

/** The next page of a member listing: v2.0 follows `members_links`, v3 its `page_info.next_marker`. */
function nextPage(url: string, body: Record<string, unknown> | undefined): string | undefined {
  const link = nextLink(body?.members_links);
  if (link) return link;
  const marker = (body?.page_info as { next_marker?: unknown } | undefined)?.next_marker;
  if (typeof marker !== 'string' || marker === '') return undefined;
  const next = new URL(url);
  next.searchParams.set('marker', marker);
  return next.toString();
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
