/**
 * The cost of a run, added up from the costs the tests attached (src/cost.ts): in total, where every test
 * counts once, and per requirement, where a test counts for each requirement it declares (so the requirements'
 * costs add up to more than the total when a test has several). Each attempt of a test counts. Requests sent
 * outside any test (the runner's removal of what a run left, after Playwright has ended) are in neither.
 */
import type { MemberTimeline, ResendCost, TestCost } from '../cost';

export interface CostSummary {
  requests: { total: number; byMethod: Record<string, number> };
  /** Member creates and deletes sent, resends included. */
  writes: { total: number; creates: number; deletes: number };
  /** Requests repeated after a 429, or a 503 with Retry-After, and the waits before the resends. */
  retries: ResendCost;
  /** Requests repeated after a busy 409 (src/http/settle.ts), and the waits before the resends. */
  busy: ResendCost;
  /** Members that creates of its tests made. */
  membersCreated: number;
}

export interface RunCost extends CostSummary {
  /** The most members created by the run and not yet deleted at any one time, across all workers. */
  peakMembersAlive: number;
  /** Wall time of the run. */
  wallMs: number;
}

export function emptySummary(): CostSummary {
  return {
    requests: { total: 0, byMethod: {} },
    writes: { total: 0, creates: 0, deletes: 0 },
    retries: { requests: 0, resends: 0, waitedMs: 0 },
    busy: { requests: 0, resends: 0, waitedMs: 0 },
    membersCreated: 0,
  };
}

function addResends(into: ResendCost, cost: ResendCost | undefined): void {
  into.requests += cost?.requests ?? 0;
  into.resends += cost?.resends ?? 0;
  into.waitedMs += cost?.waitedMs ?? 0;
}

function add(into: CostSummary, cost: TestCost): void {
  for (const [method, n] of Object.entries(cost.requests ?? {})) {
    into.requests.byMethod[method] = (into.requests.byMethod[method] ?? 0) + n;
    into.requests.total += n;
  }
  into.writes.creates += cost.creates ?? 0;
  into.writes.deletes += cost.deletes ?? 0;
  into.writes.total = into.writes.creates + into.writes.deletes;
  addResends(into.retries, cost.retries);
  addResends(into.busy, cost.busy);
  into.membersCreated += (cost.members ?? []).filter((m) => m.createdAt !== undefined).length;
}

/**
 * The most members alive at once. A member lives from the send of its create to the answer of its first
 * delete, or to the end of the run when no test deleted it; at the same instant a create counts before a
 * delete. Both ends may be recorded by different tests (or workers): they are joined by member id. Times come
 * from the clocks of the machines the workers ran on.
 */
export function peakMembersAlive(timelines: readonly MemberTimeline[]): number {
  const members = new Map<string, { createdAt?: number; deletedAt?: number }>();
  for (const { id, createdAt, deletedAt } of timelines) {
    const member = members.get(id) ?? {};
    if (createdAt !== undefined) member.createdAt = Math.min(member.createdAt ?? createdAt, createdAt);
    if (deletedAt !== undefined) member.deletedAt = Math.min(member.deletedAt ?? deletedAt, deletedAt);
    members.set(id, member);
  }
  const events: [time: number, change: 1 | -1][] = [];
  for (const { createdAt, deletedAt } of members.values()) {
    if (createdAt === undefined) continue;
    events.push([createdAt, 1]);
    if (deletedAt !== undefined) events.push([Math.max(deletedAt, createdAt), -1]);
  }
  events.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let alive = 0;
  let peak = 0;
  for (const [, change] of events) peak = Math.max(peak, (alive += change));
  return peak;
}

/** Collects the tests' costs while the report is built. */
export class CostLedger {
  private readonly total = emptySummary();
  private readonly perRequirement = new Map<string, CostSummary>();
  private readonly timelines: MemberTimeline[] = [];

  /** One test: the costs of its attempts (undefined where an attempt attached none), and its requirements. */
  add(requirements: readonly string[], attempts: readonly (TestCost | undefined)[]): void {
    for (const cost of attempts) {
      if (!cost) continue;
      add(this.total, cost);
      for (const id of requirements) {
        const summary = this.perRequirement.get(id) ?? emptySummary();
        add(summary, cost);
        this.perRequirement.set(id, summary);
      }
      this.timelines.push(...(cost.members ?? []));
    }
  }

  of(requirement: string): CostSummary {
    return this.perRequirement.get(requirement) ?? emptySummary();
  }

  run(wallMs: number): RunCost {
    return { ...this.total, peakMembersAlive: peakMembersAlive(this.timelines), wallMs };
  }
}

/** Milliseconds as seconds for reading: "16.3 s". */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The requests by method, most first: "GET 2900, POST 400, DELETE 212". */
export function byMethodText(cost: CostSummary): string {
  const methods = Object.entries(cost.requests.byMethod).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
  return methods.map(([method, n]) => `${method} ${n}`).join(', ');
}

/** One line of what the run cost, for the terminal. */
export function costLine(cost: RunCost): string {
  return [
    `${cost.requests.total} requests (${byMethodText(cost) || 'none'})`,
    `${cost.writes.total} writes (${cost.writes.creates} creates, ${cost.writes.deletes} deletes)`,
    `${cost.retries.resends} retries after 429/503 (${seconds(cost.retries.waitedMs)} waited)`,
    `${cost.busy.resends} resends after a busy 409 (${seconds(cost.busy.waitedMs)} waited)`,
    `peak ${cost.peakMembersAlive} members alive at once`,
    `wall time ${seconds(cost.wallMs)}`,
  ].join(', ');
}
