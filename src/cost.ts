/**
 * What one test cost the target, as data for the report (src/reporter/cost.ts adds it up): every request sent
 * while the test ran, its fixtures and clean-up included, by method; the resends after 429/503 and after a
 * busy 409 with their waits; and when each member the test created or deleted came and went, so that the
 * report can tell how many members of the run were alive at once across workers.
 */
import type { Exchange } from './http/exchange';

/** When a member existed, as far as the run knows: ms since the epoch, on the clock of the worker's machine. */
export interface MemberTimeline {
  id: string;
  /** When the create that made it was sent (the quota may count it from then). */
  createdAt?: number;
  /** When the first delete of it was answered with success or 404; absent: not deleted by this test. */
  deletedAt?: number;
}

/** A kind of resend: how many requests needed one, how many resends they took, how long they waited. */
export interface ResendCost {
  requests: number;
  resends: number;
  waitedMs: number;
}

/** The cost of one test. */
export interface TestCost {
  /** Requests sent, by HTTP method; every resend counts. */
  requests: Record<string, number>;
  /** Member creates and deletes sent, resends included. */
  creates: number;
  deletes: number;
  /** Resends after a 429, or a 503 with Retry-After (src/http/retry.ts). */
  retries: ResendCost;
  /** Resends after a busy 409 (src/http/settle.ts). */
  busy: ResendCost;
  members: MemberTimeline[];
}

export const BUSY_STATUS = 409;

const noResends = (): ResendCost => ({ requests: 0, resends: 0, waitedMs: 0 });

export function emptyCost(): TestCost {
  return { requests: {}, creates: 0, deletes: 0, retries: noResends(), busy: noResends(), members: [] };
}

/** What kind of request was sent: the operation, when the contract names one. */
export interface SentRequest {
  method: string;
  operationId?: string;
}

export function countRequest(cost: TestCost, request: SentRequest): void {
  cost.requests[request.method] = (cost.requests[request.method] ?? 0) + 1;
  if (request.operationId?.startsWith('create')) cost.creates += 1;
  if (request.operationId?.startsWith('delete')) cost.deletes += 1;
}

/** Adds the resends of one answered request (its `retries`) to the cost; each resend was counted as sent. */
export function countResends(cost: TestCost, retries: Exchange['retries']): void {
  for (const kind of ['retries', 'busy'] as const) {
    const mine = retries.filter((r) => (r.status === BUSY_STATUS) === (kind === 'busy'));
    if (mine.length === 0) continue;
    cost[kind].requests += 1;
    cost[kind].resends += mine.length;
    cost[kind].waitedMs += mine.reduce((sum, r) => sum + r.waitedMs, 0);
  }
}

function timeline(cost: TestCost, id: string): MemberTimeline {
  let entry = cost.members.find((m) => m.id === id);
  if (!entry) cost.members.push((entry = { id }));
  return entry;
}

export function memberCreated(cost: TestCost, id: string, sentAt: number): void {
  timeline(cost, id).createdAt ??= sentAt;
}

export function memberDeleted(cost: TestCost, id: string, answeredAt: number): void {
  timeline(cost, id).deletedAt ??= answeredAt;
}
