import { bySeq, lowerBound, type MemberOrder } from '../paging';
import { DefaultMemberStore, pairKey, type Member, type MemberDraft } from '../store';
import { byId, comparator } from './paging';

/**
 * The store the server uses: the default store (store.ts), plus what only the faults and choices read or
 * write: a pool's members in id order (v2-order-by-id, v3-order-by-id), members of other pools
 * (duplicate-across-pools, v3-pool-leak, v3-marker-cross-pool), pairs held twice (duplicate-unchecked,
 * duplicate-stored-anyway and their v3- twins) and members amended in place (duplicate-overwrites,
 * v3-duplicate-overwrites).
 */
export class MemberStore extends DefaultMemberStore {
  /** poolId -> its members in id order: built when first asked for, then kept sorted by binary insertion. */
  private readonly idOrders = new Map<string, Member[]>();
  /** poolId -> pairKey -> how many members of the pool hold the pair besides one. */
  private readonly duplicates = new Map<string, Map<string, number>>();

  /** The pool's members in `order` (a live view: do not keep it across awaits). */
  override members(poolId: string, order?: MemberOrder): readonly Member[] {
    const members = super.members(poolId);
    if (order !== 'id' || !this.pools.has(poolId)) return members;
    let sorted = this.idOrders.get(poolId);
    if (!sorted) this.idOrders.set(poolId, (sorted = [...members].sort(byId)));
    return sorted;
  }

  override insert(poolId: string, draft: MemberDraft, now?: number): Member {
    const held = this.hasPair(poolId, draft.addressKey, draft.protocolPort);
    const member = super.insert(poolId, draft, now);
    if (held) {
      const counts = this.duplicates.get(poolId) ?? new Map<string, number>();
      const key = pairKey(member.addressKey, member.protocolPort);
      this.duplicates.set(poolId, counts.set(key, (counts.get(key) ?? 0) + 1));
    }
    const sorted = this.idOrders.get(poolId);
    sorted?.splice(lowerBound(sorted, member, byId), 0, member);
    return member;
  }

  /** Replaces fields of a stored member; its id, place in the listings and pair stay (duplicate-overwrites). */
  amend(
    poolId: string,
    id: string,
    changes: Pick<Partial<MemberDraft>, 'name' | 'weight' | 'adminStateUp'>,
  ): void {
    const member = this.get(poolId, id);
    const pool = this.pools.get(poolId);
    if (!member || !pool) return;
    const amended: Member = { ...member, ...changes, updatedAt: Date.now() };
    this.writes++;
    pool.members[lowerBound(pool.members, member, bySeq)] = amended;
    const sorted = this.idOrders.get(poolId);
    if (sorted) sorted[lowerBound(sorted, member, byId)] = amended;
    this.byId.set(id, amended);
  }

  /**
   * With duplicate-overwrites and v3-duplicate-overwrites: the member holding the pair of a refused duplicate
   * takes its name, weight and admin_state_up.
   */
  overwriteHolder(poolId: string, draft: MemberDraft): void {
    const holder = this.members(poolId).find(
      (m) => m.addressKey === draft.addressKey && m.protocolPort === draft.protocolPort,
    );
    if (holder)
      this.amend(poolId, holder.id, {
        name: draft.name,
        weight: draft.weight,
        adminStateUp: draft.adminStateUp,
      });
  }

  override remove(poolId: string, id: string): boolean {
    const member = this.get(poolId, id);
    const removed = super.remove(poolId, id);
    if (!member) return removed;
    const sorted = this.idOrders.get(poolId);
    sorted?.splice(lowerBound(sorted, member, byId), 1);
    // While another member holds the pair, it stays taken.
    const key = pairKey(member.addressKey, member.protocolPort);
    const counts = this.duplicates.get(poolId);
    const others = counts?.get(key) ?? 0;
    if (counts && others > 0) {
      counts.set(key, others - 1);
      this.pools.get(poolId)?.pairs.add(key);
    }
    return removed;
  }

  /** Every pool's id (duplicate-across-pools). */
  poolIds(): string[] {
    return [...this.pools.keys()];
  }

  /** Every member of every pool of the project, in `order` (v3-pool-leak). */
  projectMembers(projectId: string, order?: MemberOrder): Member[] {
    const all: Member[] = [];
    for (const pool of this.pools.values()) {
      if (pool.definition.projectId === projectId) all.push(...pool.members);
    }
    return all.sort(comparator(bySeq, order));
  }

  /** A member of any pool (v3-marker-cross-pool). */
  find(id: string): Member | undefined {
    return this.byId.get(id);
  }
}
