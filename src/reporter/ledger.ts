/**
 * The clean-up ledger of a run: every member its tests created, where, by which test, when it came and went,
 * and how the run knows it is gone. Built from the member timelines the tests attached (src/cost.ts) and
 * the leftovers their clean-up found, joined by member id across tests and attempts as the peak of members
 * alive is (src/reporter/cost.ts, its one home). The runner's removal of what a run left in an external
 * target, after the tests and after this report is written, is not in it.
 */
import type { MemberTimeline } from '../cost';
import type { TestEvidence } from '../evidence';

/**
 * How the run knows a member is gone. A delete answered with success or 404 is only a claim: a read confirms it.
 * - `read-404-after-delete`: its delete was answered (with success or 404) and a read of it then answered 404;
 * - `listing-without-it`: its delete was answered, a read of it answered neither 200 nor 404, and the pool's
 *   listing did not hold it;
 * - `leftover`: its delete was answered, yet it was still there (named in `leftovers`);
 * - `not-confirmed`: its delete was answered but no confirmation came (the check failed, or the test was
 *   stopped first);
 * - `not-deleted`: no delete of it was answered with success or 404 during the tests.
 */
export type Absence =
  'read-404-after-delete' | 'listing-without-it' | 'leftover' | 'not-confirmed' | 'not-deleted';

const CONFIRMED_GONE: ReadonlySet<Absence> = new Set(['read-404-after-delete', 'listing-without-it']);

/** The test that created a member. */
export interface CreatingTest {
  /** The test's stable key (src/test-key.ts); absent for a test that declares none. */
  key?: string;
  title: string;
  project: string;
  /** file:line of the test. */
  location: string;
  requirements: string[];
}

export interface LedgerMember {
  id: string;
  /** Absent when the evidence does not say. */
  api?: 'v2' | 'v3';
  poolId?: string;
  /** As the create's answer showed them (absent when it showed none). */
  address?: string;
  port?: number;
  test: CreatingTest;
  /** ISO 8601: when its create was sent. */
  createdAt: string;
  /** ISO 8601: when its first delete was answered with success or 404; absent: never. */
  deletedAt?: string;
  /** The status that delete was answered with. */
  deleteStatus?: number;
  absence: Absence;
}

export interface Ledger {
  /** One per member the tests created, by createdAt. */
  members: LedgerMember[];
  created: number;
  /** Deleted and confirmed gone. */
  deleted: number;
  /** Still there after a delete was answered; each one is also in the report's `leftovers`. */
  leftovers: number;
  /** Neither confirmed gone nor found still there (`not-confirmed`, `not-deleted`). */
  unconfirmed: number;
  /** The most members alive at once (the report's `cost.peakMembersAlive`). */
  peakAlive: number;
}

export function confirmedGone(absence: Absence): boolean {
  return CONFIRMED_GONE.has(absence);
}

function absenceOf(member: MemberTimeline, leftover: boolean): Absence {
  if (leftover) return 'leftover';
  if (member.deletedAt === undefined) return 'not-deleted';
  if (member.goneBy === 'read-404') return 'read-404-after-delete';
  if (member.goneBy === 'listing-without-it') return 'listing-without-it';
  return 'not-confirmed';
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The first of two times, either may be missing. */
function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** One member's timelines from several tests as one: its first create, its first delete, any confirmation. */
function join(into: MemberTimeline, other: MemberTimeline): MemberTimeline {
  const creator = earliest(into.createdAt, other.createdAt) === into.createdAt ? into : other;
  const deleter = earliest(into.deletedAt, other.deletedAt) === into.deletedAt ? into : other;
  return {
    id: into.id,
    api: creator.api,
    poolId: creator.poolId,
    address: creator.address,
    port: creator.port,
    createdAt: creator.createdAt,
    deletedAt: deleter.deletedAt,
    deleteStatus: deleter.deleteStatus,
    goneBy: into.goneBy ?? other.goneBy,
  };
}

/** Collects the members of the tests while the report is built. */
export class MemberLedger {
  private readonly members = new Map<string, MemberTimeline>();
  private readonly creators = new Map<string, CreatingTest>();
  private readonly leftIds = new Set<string>();

  /** One test: the evidence of each of its attempts (undefined where an attempt attached none). */
  add(test: CreatingTest, attempts: readonly (TestEvidence | undefined)[]): void {
    for (const evidence of attempts) {
      for (const timeline of evidence?.cost?.members ?? []) {
        const known = this.members.get(timeline.id);
        const joined = known ? join(known, timeline) : timeline;
        this.members.set(timeline.id, joined);
        if (timeline.createdAt !== undefined && joined.createdAt === timeline.createdAt)
          this.creators.set(timeline.id, test);
      }
      for (const leftover of evidence?.leftovers ?? []) this.leftIds.add(leftover.id);
    }
  }

  /** The ledger, with the peak of members alive as the run's cost computed it. */
  build(peakAlive: number): Ledger {
    const members: LedgerMember[] = [];
    for (const member of this.members.values()) {
      const test = this.creators.get(member.id);
      if (member.createdAt === undefined || !test) continue; // a delete of a member the run did not create
      members.push({
        id: member.id,
        ...(member.api !== undefined ? { api: member.api } : {}),
        ...(member.poolId !== undefined ? { poolId: member.poolId } : {}),
        ...(member.address !== undefined ? { address: member.address } : {}),
        ...(member.port !== undefined ? { port: member.port } : {}),
        test,
        createdAt: iso(member.createdAt),
        ...(member.deletedAt !== undefined ? { deletedAt: iso(member.deletedAt) } : {}),
        ...(member.deleteStatus !== undefined ? { deleteStatus: member.deleteStatus } : {}),
        absence: absenceOf(member, this.leftIds.has(member.id)),
      });
    }
    members.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const deleted = members.filter((m) => confirmedGone(m.absence)).length;
    const leftovers = members.filter((m) => m.absence === 'leftover').length;
    return {
      members,
      created: members.length,
      deleted,
      leftovers,
      unconfirmed: members.length - deleted - leftovers,
      peakAlive,
    };
  }
}
