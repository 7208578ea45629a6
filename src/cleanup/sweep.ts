/**
 * Removes members of the configured pools that a selector picks, and nothing else: `npm run sweep` (any run's
 * prefix) and the runner's removal at the end of a run (this run's prefix and journal) both go through it.
 * A member counts as removed once it is confirmed gone; one still there after its delete answered with
 * success is a failure to remove it.
 */
import type { ApiClient } from '../http/client';
import type { TargetConfig } from '../settings/target';
import { stillThere } from './confirm';
import { configuredPools, deleteMember, describe, listPool, type PoolMember } from './pools';

export interface SweepOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /** One line per member removed (or, with dryRun, that would be). */
  log: (line: string) => void;
}

export interface SweepResult {
  removed: PoolMember[];
  /** Members picked whose delete failed or left them in place, with the reason. */
  failed: { member: PoolMember; reason: string }[];
}

/** A member whose delete was answered with success or 404, and that status. */
export interface Deleted {
  member: PoolMember;
  status: number;
}

/**
 * Each deleted member goes to `removed` once confirmed gone (unless its delete answered 404: it was gone
 * already), else to `failed` with what shows it is there, whatever its delete answered.
 */
export async function confirmRemoved(
  api: ApiClient,
  target: TargetConfig,
  deleted: readonly Deleted[],
  result: SweepResult,
  log: (line: string) => void,
): Promise<void> {
  if (deleted.length === 0) return;
  const left = await stillThere(
    api,
    target,
    deleted.map(({ member, status }) => ({ api: member.api, poolId: member.poolId, id: member.id, status })),
  );
  for (const { member, status } of deleted) {
    const leftover = left.find((l) => l.id === member.id && l.poolId === member.poolId);
    if (!leftover) {
      if (status === 404) continue;
      log(`removed ${describe(member)}`);
      result.removed.push(member);
      continue;
    }
    const address = member.address ?? leftover.address;
    const port = member.port ?? leftover.port;
    result.failed.push({ member: { ...member, address, port }, reason: leftover.detail });
  }
}

/** Lists each configured pool whole, then deletes the members `pick` chooses. */
export async function sweepPools(
  api: ApiClient,
  target: TargetConfig,
  pick: (member: PoolMember) => boolean,
  options: SweepOptions,
): Promise<SweepResult> {
  const result: SweepResult = { removed: [], failed: [] };
  for (const pool of configuredPools(target)) {
    const picked = (await listPool(api, target, pool)).filter(pick);
    const deleted: Deleted[] = [];
    for (const member of picked) {
      if (options.dryRun) {
        options.log(`would remove ${describe(member)}`);
        result.removed.push(member);
        continue;
      }
      try {
        // 404: gone already (someone removed it between the listing and the delete), once a read confirms it.
        deleted.push({ member, status: await deleteMember(api, target, member, member.id) });
      } catch (error) {
        result.failed.push({ member, reason: (error as Error).message.split('\n')[0] ?? '' });
      }
    }
    await confirmRemoved(api, target, deleted, result, options.log);
  }
  return result;
}

/** Members whose name starts with the prefix (a run's, or NAME_PREFIX for any run's). */
export function namedWith(prefix: string): (member: PoolMember) => boolean {
  return (member) => typeof member.name === 'string' && member.name.startsWith(prefix);
}
