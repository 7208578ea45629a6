/**
 * After a delete was answered, with success or 404 (which alone proves nothing: a target may answer it and keep
 * the member): is the member gone? A read of it must answer 404; when a read answers
 * neither 200 nor 404, the pool's listing (every page) must not hold it. A member still there is a leftover.
 * A read that shows the delete under way (provisioning_status PENDING_*) is waited on, up to
 * CONFORMANCE_SETTLE_TIMEOUT; a member read back plainly is read again for a moment before it counts.
 */
import type { GoneBy } from '../cost';
import type { LeftoverEvidence } from '../evidence';
import type { ApiClient, OperationId } from '../http/client';
import { settleTimeoutMs } from '../settings/client';
import type { TargetConfig } from '../settings/target';
import type { MemberApi, MemberPlace } from './journal';
import { listPool } from './pools';
import { GRACE_MS, readAgain } from '../read-after-write';

export interface DeletedMember extends MemberPlace {
  id: string;
  /** The status its delete was answered with (a success, or 404). */
  status: number;
}

const SHOW: Record<MemberApi, OperationId> = { v2: 'showMemberV2', v3: 'showMemberV3' };

interface Reading {
  leftover?: LeftoverEvidence;
  /** No leftover: what shows it is gone. */
  gone?: GoneBy;
  /** The target shows the delete under way. */
  pending: boolean;
}

/** One look at a deleted member: a read of it, and the listing when the read says nothing either way. */
async function look(api: ApiClient, target: TargetConfig, member: DeletedMember): Promise<Reading> {
  const path: Record<string, string> = { pool_id: member.poolId, member_id: member.id };
  if (member.api === 'v3') path.project_id = target.v3?.projectId ?? '';
  const read = await api.call(SHOW[member.api], { path, check: false });
  if (read.status === 404) return { pending: false, gone: 'read-404' };
  const deleted = `its delete answered ${member.status}`;
  const leftover = (detail: string, shown?: { address?: unknown; protocol_port?: unknown }) => ({
    api: member.api,
    poolId: member.poolId,
    id: member.id,
    ...(typeof shown?.address === 'string' ? { address: shown.address } : {}),
    ...(typeof shown?.protocol_port === 'number' ? { port: shown.protocol_port } : {}),
    detail,
  });
  if (read.status === 200) {
    const shown = (read.json as { member?: Record<string, unknown> } | undefined)?.member ?? {};
    const state = typeof shown.provisioning_status === 'string' ? shown.provisioning_status : undefined;
    const pending = state?.startsWith('PENDING_') ?? false;
    return {
      pending,
      leftover: leftover(
        `${deleted}, yet a read of it still answers 200${state ? ` (provisioning_status ${state})` : ''}`,
        shown,
      ),
    };
  }
  let listed;
  try {
    listed = (await listPool(api, target, member)).find((m) => m.id === member.id);
  } catch (error) {
    const why = (error as Error).message.split('\n')[0] ?? '';
    return {
      pending: false,
      leftover: leftover(`${deleted}; not confirmed gone: a read of it answered ${read.status}, and ${why}`),
    };
  }
  if (!listed) return { pending: false, gone: 'listing-without-it' };
  return {
    pending: false,
    leftover: leftover(
      `${deleted}, yet the pool's listing still holds it (a read of it answered ${read.status})`,
      {
        address: listed.address,
        protocol_port: listed.port,
      },
    ),
  };
}

/** What the looks at deleted members found: those gone, with what showed it, and those still there. */
export interface Absence {
  gone: { member: DeletedMember; by: GoneBy }[];
  leftovers: LeftoverEvidence[];
}

/**
 * Looks at the members of `deleted` until each is gone or the wait is over. They are looked at together, so
 * that a batch of deletes waits at most once.
 */
export async function confirmAbsence(
  api: ApiClient,
  target: TargetConfig,
  deleted: readonly DeletedMember[],
  timeoutMs: number = settleTimeoutMs(),
): Promise<Absence> {
  const gone: Absence['gone'] = [];
  let waiting = [...new Map(deleted.map((m) => [`${m.api} ${m.poolId} ${m.id}`, m])).values()];
  /** One look at every member still waited on: those found still there, and whether one shows its delete under way. */
  const lookAtAll = async () => {
    const kept: DeletedMember[] = [];
    const found: LeftoverEvidence[] = [];
    let pending = false;
    // Looked at side by side, as many in flight as the client's bounds allow; judged in the order given.
    const readings = await Promise.all(waiting.map((member) => look(api, target, member)));
    for (const [i, member] of waiting.entries()) {
      const reading = readings[i]!;
      if (!reading.leftover) {
        if (reading.gone) gone.push({ member, by: reading.gone });
        continue;
      }
      kept.push(member);
      found.push(reading.leftover);
      pending ||= reading.pending;
    }
    waiting = kept;
    return { found, pending };
  };
  const { answer, waitedMs } = await readAgain(lookAtAll, ({ found, pending }) =>
    found.length === 0 ? 0 : pending ? timeoutMs : Math.min(GRACE_MS, timeoutMs),
  );
  const after = waitedMs >= 1000 ? ` after ${(waitedMs / 1000).toFixed(1)} s` : '';
  return { gone, leftovers: answer.found.map((l) => ({ ...l, detail: `${l.detail}${after}` })) };
}

/** The members of `deleted` that are still there, each with what shows it; an empty list when all are gone. */
export async function stillThere(
  api: ApiClient,
  target: TargetConfig,
  deleted: readonly DeletedMember[],
  timeoutMs: number = settleTimeoutMs(),
): Promise<LeftoverEvidence[]> {
  return (await confirmAbsence(api, target, deleted, timeoutMs)).leftovers;
}

export function describeLeftover(leftover: LeftoverEvidence): string {
  const where =
    leftover.address !== undefined || leftover.port !== undefined
      ? ` ${leftover.address ?? '?'}:${leftover.port ?? '?'}`
      : '';
  return `${leftover.api === 'v2' ? 'v2.0' : 'v3'} pool ${leftover.poolId}: member ${leftover.id}${where}: ${leftover.detail}`;
}
