/**
 * What one test cost the target, as data for the report (src/reporter/cost.ts adds it up): every request sent
 * while the test ran, its fixtures and clean-up included, by method; the resends after 429/503 and after a
 * busy 409 with their waits; and when each member the test created or deleted came and went, so that the
 * report can tell how many members of the run were alive at once across workers.
 */
import type { MemberPlace } from './cleanup/journal';
import type { Exchange } from './http/exchange';

/** How the clean-up knows a member whose delete was answered (with success or 404) is gone (src/cleanup/confirm.ts). */
export type GoneBy = 'read-404' | 'listing-without-it';

/** Where a member was created: the create's API and pool, and the address and port its answer showed. */
export interface CreatedMember extends MemberPlace {
  address?: string;
  port?: number;
}

/**
 * When a member existed, as far as the run knows: ms since the epoch, on the clock of the worker's machine;
 * and where it was and how its absence is known, for the report's clean-up ledger (src/reporter/ledger.ts).
 * Fields other than the id are absent when this test did not see that part of the member's life.
 */
export interface MemberTimeline extends Partial<CreatedMember> {
  id: string;
  /** When the create that made it was sent (the quota may count it from then). */
  createdAt?: number;
  /** When the first delete of it was answered with success or 404; absent: not deleted by this test. */
  deletedAt?: number;
  /** The status that first delete was answered with. */
  deleteStatus?: number;
  /** After a delete answered with success or 404: how the clean-up confirmed it gone; absent: not confirmed. */
  goneBy?: GoneBy;
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
  // A method the path does not offer, sent as a write of the create (V2-METHOD-REFUSED), creates nothing.
  if (request.method === 'POST' && request.operationId?.startsWith('create')) cost.creates += 1;
  if (request.method === 'DELETE' && request.operationId?.startsWith('delete')) cost.deletes += 1;
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

export function memberCreated(cost: TestCost, id: string, sentAt: number, place?: CreatedMember): void {
  const entry = timeline(cost, id);
  if (entry.createdAt !== undefined) return;
  entry.createdAt = sentAt;
  if (place) Object.assign(entry, place);
}

export function memberDeleted(cost: TestCost, id: string, answeredAt: number, status?: number): void {
  const entry = timeline(cost, id);
  if (entry.deletedAt !== undefined) return;
  entry.deletedAt = answeredAt;
  if (status !== undefined) entry.deleteStatus = status;
}

export function memberGone(cost: TestCost, id: string, by: GoneBy): void {
  timeline(cost, id).goneBy ??= by;
}
