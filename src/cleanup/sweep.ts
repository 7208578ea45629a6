/**
 * Removes members of the configured pools that a selector picks, and nothing else: `npm run sweep` (any run's
 * prefix) and the runner's removal at the end of a run (this run's prefix and journal) both go through it.
 */
import type { ApiClient } from '../http/client';
import type { TargetConfig } from '../target/config';
import { configuredPools, deleteMember, describe, listPool, type PoolMember } from './pools';

export interface SweepOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /** One line per member removed (or, with dryRun, that would be). */
  log: (line: string) => void;
}

export interface SweepResult {
  removed: PoolMember[];
  /** Members picked whose delete failed, with the reason. */
  failed: { member: PoolMember; reason: string }[];
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
    for (const member of picked) {
      if (options.dryRun) {
        options.log(`would remove ${describe(member)}`);
        result.removed.push(member);
        continue;
      }
      try {
        // false: it was gone already (someone removed it between the listing and the delete).
        if (await deleteMember(api, target, member, member.id)) {
          options.log(`removed ${describe(member)}`);
          result.removed.push(member);
        }
      } catch (error) {
        result.failed.push({ member, reason: (error as Error).message.split('\n')[0] ?? '' });
      }
    }
  }
  return result;
}

/** Members whose name starts with the prefix (a run's, or NAME_PREFIX for any run's). */
export function namedWith(prefix: string): (member: PoolMember) => boolean {
  return (member) => typeof member.name === 'string' && member.name.startsWith(prefix);
}
