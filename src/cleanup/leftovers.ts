/**
 * The runner's removal at the end of a run against an external target: whatever this run created that is
 * still in the configured pools, however the run ended. It finds a member three ways:
 * - its name starts with this run's prefix (memberNamePrefix): also catches a create whose 201 never arrived;
 * - the journal says the run created it (by id) and never deleted it, or that its delete left it in place;
 * - the journal holds a create that was sent but never answered, with a name that does not carry the prefix
 *   (the name-length, name-type and defaults cases): the member at that (address, port) with that name.
 *   Such a pair comes from this run's allocator, which never hands out a pair another member held.
 */
import type { ApiClient } from '../http/client';
import type { TargetConfig } from '../settings/target';
import type { JournalState, SentCreate } from './journal';
import { deleteMember, type PoolMember } from './pools';
import { confirmRemoved, namedWith, sweepPools, type Deleted, type SweepResult } from './sweep';

function madeBy(create: SentCreate, member: PoolMember): boolean {
  return (
    create.api === member.api &&
    create.poolId === member.poolId &&
    create.address === member.address &&
    create.port === member.port &&
    // A name that is not a string may come back as anything (a faulty server stored it somehow).
    (typeof create.name !== 'string' || create.name === member.name)
  );
}

export async function removeRunLeftovers(
  api: ApiClient,
  target: TargetConfig,
  prefix: string,
  journal: JournalState,
  log: (line: string) => void,
): Promise<SweepResult> {
  const named = namedWith(prefix);
  const journalled = new Map([...journal.created, ...journal.leftovers]);
  const result = await sweepPools(
    api,
    target,
    (member) =>
      named(member) || journalled.has(member.id) || journal.unanswered.some((c) => madeBy(c, member)),
    { log },
  );
  // Journalled members the listings did not show (a target whose listing misses some): delete them by id.
  const handled = new Set([...result.removed, ...result.failed.map((f) => f.member)].map((m) => m.id));
  const deleted: Deleted[] = [];
  for (const [id, { api: memberApi, poolId }] of journalled) {
    if (handled.has(id)) continue;
    const place = { api: memberApi, poolId };
    const member: PoolMember = { ...place, id, name: undefined, address: undefined, port: undefined };
    try {
      deleted.push({ member, status: await deleteMember(api, target, place, id) });
    } catch (error) {
      result.failed.push({ member, reason: (error as Error).message.split('\n')[0] ?? '' });
    }
  }
  await confirmRemoved(api, target, deleted, result, (line) => log(`${line} (by id)`));
  return result;
}
