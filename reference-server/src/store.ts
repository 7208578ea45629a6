import { randomUUID } from 'node:crypto';
import type { PoolDefinition } from './defaults';
import { bySeq, lowerBound } from './paging';

/** The store the server uses: this one, plus what only the faults and choices read. */
export type { MemberStore } from './plays/store';

/** What a create request decided; the store adds the identity and timestamps. */
export interface MemberDraft {
  readonly tenantId: string;
  readonly name: string | null;
  readonly address: string;
  /** `address` in one canonical spelling; uniqueness is keyed on it. */
  readonly addressKey: string;
  readonly protocolPort: number;
  readonly subnetId: string | null;
  readonly adminStateUp: boolean;
  readonly weight: number;
  readonly operatingStatus?: string;
}

export interface Member extends MemberDraft {
  readonly id: string;
  readonly poolId: string;
  /** Creation order across the whole store; listings are ordered by it unless a choice says otherwise. */
  readonly seq: number;
  readonly operatingStatus: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PoolState {
  readonly definition: PoolDefinition;
  /** Ordered by seq, so a marker's position is a binary search away. */
  readonly members: Member[];
  /** The pairKey of every (address, port) pair a member holds. */
  readonly pairs: Set<string>;
}

export const pairKey = (addressKey: string, port: number): string => `${addressKey}|${port}`;

/** The members of every pool, as the default server reads and writes them. */
export class DefaultMemberStore {
  protected readonly pools = new Map<string, PoolState>();
  protected readonly byId = new Map<string, Member>();
  private nextSeq = 1;
  protected writes = 0;

  constructor(pools: readonly PoolDefinition[]) {
    for (const definition of pools)
      this.pools.set(definition.id, { definition, members: [], pairs: new Set() });
  }

  /** Changes with every insert and remove: what was computed from the members at one version still holds. */
  get version(): number {
    return this.writes;
  }

  pool(poolId: string): PoolDefinition | undefined {
    return this.pools.get(poolId)?.definition;
  }

  /** The pool's members in creation order (a live view: do not keep it across awaits). */
  members(poolId: string): readonly Member[] {
    const pool = this.pools.get(poolId);
    // Stryker disable next-line all: every caller has found the pool first (docs/mutation.md)
    if (!pool) return [];
    return pool.members;
  }

  get(poolId: string, id: string): Member | undefined {
    const member = this.byId.get(id);
    return member?.poolId === poolId ? member : undefined;
  }

  hasPair(poolId: string, addressKey: string, port: number): boolean {
    const pool = this.pools.get(poolId);
    // Stryker disable next-line all: every caller has found the pool first (docs/mutation.md)
    if (!pool) return false;
    return pool.pairs.has(pairKey(addressKey, port));
  }

  insert(poolId: string, draft: MemberDraft, now = Date.now()): Member {
    const pool = this.pools.get(poolId);
    // Stryker disable next-line all: every caller has found the pool first (docs/mutation.md)
    if (!pool) throw new Error(`unknown pool ${poolId}`);
    // Spelled out rather than spread: one object shape keeps a 100,000-member preload fast.
    const member: Member = {
      id: randomUUID(),
      poolId,
      seq: this.nextSeq++,
      tenantId: draft.tenantId,
      name: draft.name,
      address: draft.address,
      addressKey: draft.addressKey,
      protocolPort: draft.protocolPort,
      subnetId: draft.subnetId,
      adminStateUp: draft.adminStateUp,
      weight: draft.weight,
      operatingStatus: draft.operatingStatus ?? 'NO_MONITOR',
      createdAt: now,
      updatedAt: now,
    };
    this.writes++;
    pool.members.push(member);
    this.byId.set(member.id, member);
    pool.pairs.add(pairKey(member.addressKey, member.protocolPort));
    return member;
  }

  remove(poolId: string, id: string): boolean {
    const member = this.get(poolId, id);
    const pool = this.pools.get(poolId);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: every caller has found the member in the same turn (docs/mutation.md)
    if (!member || !pool) return false;
    this.writes++;
    pool.members.splice(lowerBound(pool.members, member, bySeq), 1);
    this.byId.delete(id);
    pool.pairs.delete(pairKey(member.addressKey, member.protocolPort));
    return true;
  }
}
