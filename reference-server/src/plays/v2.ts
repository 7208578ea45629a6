import { randomUUID } from 'node:crypto';
import type { LoadBalancer } from '../busy';
import { EXTRA_MEMBER_FIELDS, type ChoiceSet } from '../choices';
import { nativeErrorBody, type ErrorBody } from '../errors';
import type { FaultSet } from '../faults';
import type { Reply } from '../http';
import { parseIp } from '../ip';
import type { MemberOrder } from '../paging';
import type { Member, MemberDraft, MemberStore } from '../store';
import { octaviaErrorBody } from './errors';
import { tokenAuthorized } from './token';
import type { V2ListPlays } from './v2-list';

/** A member's fields as the v2.0 API shows them. */
type Shown = Record<string, unknown>;

/** The answer to a create that stored its member. */
interface Created {
  readonly status: number;
  readonly body: { readonly member: Shown };
}

/** Where a create is answered: the pool, its store and load balancer, and how the API refuses a member. */
interface CreateSite {
  readonly store: MemberStore;
  readonly poolId: string;
  readonly loadBalancer: LoadBalancer;
  readonly error: (status: number, message: string) => Reply;
  readonly invalidStatus: number;
  /** The token's project. */
  readonly projectId: string;
}

const pairOf = (poolId: string, addressKey: string, port: unknown): string =>
  `${poolId} ${addressKey}|${String(port)}`;

/** How the faults and choices change the v2.0 API's answers (v2.ts). */
export function v2Plays(f: FaultSet, c: ChoiceSet, list: V2ListPlays) {
  /** Pairs held with no member on them (refused-create-reserves-pair). */
  const strayPairs = new Set<string>();
  /** Members deleted for reads by id only (delete-soft-listed): listings still hold them. */
  const softDeleted = new Set<string>();

  /** The member a refused create's body names, when it names an address and a port. */
  function refusedMember(
    raw: Buffer,
  ): { address: string; protocol_port: number; name?: unknown } | undefined {
    let sent: { address?: unknown; protocol_port?: unknown; name?: unknown } | undefined;
    try {
      sent = (JSON.parse(raw.toString('utf8')) as { member?: typeof sent } | null)?.member;
    } catch {
      return undefined;
    }
    const { address, protocol_port: port } = sent ?? {};
    return typeof address === 'string' && typeof port === 'number' && Number.isInteger(port)
      ? { address, protocol_port: port, name: sent?.name }
      : undefined;
  }

  /** With refused-create-reserves-pair: the pair a refused create named, when it names a valid one. */
  function reserveRefused(poolId: string, raw: Buffer): void {
    const sent = refusedMember(raw);
    const ip = sent ? parseIp(sent.address) : undefined;
    if (sent && ip) strayPairs.add(pairOf(poolId, ip.key, sent.protocol_port));
  }

  /** With v2-filter-index-keeps-refused: what the filters' index made of a create before it was refused. */
  function phantom(poolId: string, draft: MemberDraft): Member {
    const now = Date.now();
    return {
      ...draft,
      id: randomUUID(),
      poolId,
      seq: Number.MAX_SAFE_INTEGER,
      operatingStatus: draft.operatingStatus ?? 'NO_MONITOR',
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The draft of a refused create's body, as far as the index reads it. */
  function refusedDraft(raw: Buffer): MemberDraft | undefined {
    const sent = refusedMember(raw);
    if (!sent) return undefined;
    const name = typeof sent.name === 'string' ? sent.name : null;
    return {
      tenantId: '',
      name,
      address: sent.address,
      addressKey: sent.address,
      protocolPort: sent.protocol_port,
      subnetId: null,
      adminStateUp: true,
      weight: 1,
    };
  }

  return {
    /** The error shape: native wins over Octavia's when both choices are on. */
    errorBody: (neutron: ErrorBody): ErrorBody =>
      c.has('v2-error-native-shape')
        ? nativeErrorBody
        : c.has('v2-error-octavia-shape')
          ? octaviaErrorBody
          : neutron,
    errorMessage: (message: string): string => (f.has('v2-error-empty-message') ? '' : message),
    unknownPoolStatus: (status: number): number => (c.has('unknown-pool-400') ? 400 : status),
    /** unknown-pool-500: a create in an unknown pool fails as the code reading its members would. */
    unknownPoolCreate: (reply: Reply): Reply => {
      if (f.has('unknown-pool-500'))
        throw new TypeError("Cannot read properties of undefined (reading 'members')");
      return reply;
    },
    invalidStatus: (status: number): number => (c.has('v2-invalid-member-422') ? 422 : status),
    unknownSubnetStatus: (status: number): number => (c.has('unknown-subnet-404') ? 404 : status),
    /** The answer to a refused create; with refused-create-reserves-pair, the pair it names is held from now on. */
    refusedCreate: (reply: Reply, poolId: string, raw: Buffer): Reply => {
      if (f.has('refused-create-reserves-pair')) reserveRefused(poolId, raw);
      const draft = f.has('v2-filter-index-keeps-refused') ? refusedDraft(raw) : undefined;
      if (draft) list.indexed(phantom(poolId, draft));
      return reply;
    },
    /** Whether a create is a duplicate, given whether its pool holds its pair. */
    duplicate: (held: boolean, draft: MemberDraft, { store, poolId }: CreateSite): boolean => {
      if (f.has('duplicate-unchecked')) return false;
      if (strayPairs.has(pairOf(poolId, draft.addressKey, draft.protocolPort))) return true;
      if (f.has('duplicate-address-only'))
        return store.members(poolId).some((m) => m.addressKey === draft.addressKey);
      if (f.has('duplicate-port-only'))
        return store.members(poolId).some((m) => m.protocolPort === draft.protocolPort);
      if (f.has('duplicate-across-pools'))
        return store.poolIds().some((id) => store.hasPair(id, draft.addressKey, draft.protocolPort));
      return held;
    },
    /** The answer to a duplicate create, given the 409 saying `message`. */
    duplicateReply: (reply: Reply, message: string, draft: MemberDraft, at: CreateSite): Reply => {
      if (f.has('duplicate-answers-busy')) return at.error(409, at.loadBalancer.busyMessage(at.poolId));
      if (f.has('v2-filter-index-keeps-refused')) list.indexed(phantom(at.poolId, draft));
      if (f.has('duplicate-stored-anyway')) at.store.insert(at.poolId, draft);
      if (f.has('duplicate-overwrites')) at.store.overwriteHolder(at.poolId, draft);
      if (f.has('duplicate-500'))
        throw new Error(`duplicate key value violates unique constraint: ${message}`);
      return c.has('v2-duplicate-400') ? at.error(400, message) : reply;
    },
    /** The insert that follows the duplicate check; duplicate-race puts a database round trip between them. */
    afterCheck: <T>(insert: () => T): T | Promise<T> =>
      f.has('duplicate-race') ? new Promise((resolve) => setTimeout(resolve, 20)).then(insert) : insert(),
    toStore: (draft: MemberDraft): MemberDraft =>
      c.has('v2-operating-status-online') ? { ...draft, operatingStatus: 'ONLINE' } : draft,
    /**
     * The answer to a create that stored `stored`. tenant-id-foreign-stored refuses another project's member
     * only now, and such a refusal leaves the load balancer as it was: only an answered create makes it busy.
     */
    created: (reply: Created, stored: Member, at: CreateSite): Reply => {
      if (f.has('tenant-id-foreign-stored') && stored.tenantId !== at.projectId)
        return at.error(at.invalidStatus, 'tenant_id must be the project id of the token');
      at.loadBalancer.written();
      const shown = { ...reply.body.member };
      if (c.has('v2-create-answers-offline')) shown.operating_status = 'OFFLINE';
      if (f.has('echo-weight-default')) shown.weight = 1;
      if (f.has('create-missing-operating-status')) delete shown.operating_status;
      return {
        status: c.has('v2-create-200') ? 200 : reply.status,
        body: f.has('create-unwrapped') ? shown : { member: shown },
      };
    },
    /** A member's fields; extra-fields adds fields the API reference does not name. */
    shown: (shown: Shown): Shown => (c.has('extra-fields') ? { ...shown, ...EXTRA_MEMBER_FIELDS } : shown),
    /** A member as a read by id shows it. */
    readBack: (shown: Shown): Shown => (f.has('readback-name-dropped') ? { ...shown, name: '' } : shown),
    /** The member a read or delete by id finds; delete-soft-listed hides the ones it deleted. */
    found: (member: Member | undefined, id: string): Member | undefined =>
      softDeleted.has(id) ? undefined : member,
    /** The answer to a delete of a member that is not there: delete-gone-204 answers it as a success. */
    goneDelete: (reply: Reply): Reply => (f.has('delete-gone-204') ? { status: 204 } : reply),
    /**
     * The answer to a delete of `member`, given the one removing it: delete-noop, delete-404-keeps and
     * delete-soft-listed remove nothing; delete-removed-404 removes it and answers 404.
     */
    deleted: (remove: () => Reply, member: Member, notFound: () => Reply): Reply => {
      if (f.has('delete-noop')) return { status: 204 };
      if (f.has('delete-404-keeps')) return notFound();
      if (f.has('delete-soft-listed')) {
        softDeleted.add(member.id);
        return { status: 204 };
      }
      const reply = remove();
      if (reply.status === 204 && f.has('v2-filter-keeps-deleted')) list.indexed(member);
      return f.has('delete-removed-404') ? notFound() : reply;
    },
    bodyLimit: (limit: number): number | null => (c.has('v2-large-body-accepted') ? null : limit),
    /** Creation order, or member id in string order with v2-order-by-id. */
    memberOrder: (c.has('v2-order-by-id') ? 'id' : 'seq') as MemberOrder,
    authorized: tokenAuthorized(f.has('auth-missing-accepted'), f.has('auth-any-token')),
    /** The reply as sent: v2-error-text-plain and v2-success-content-type-html mislabel JSON bodies. */
    labelled: (reply: Reply): Reply => {
      if (reply.body === undefined) return reply;
      if (reply.status >= 400 && reply.status < 500 && f.has('v2-error-text-plain'))
        return { ...reply, contentType: 'text/plain' };
      if (reply.status < 300 && f.has('v2-success-content-type-html'))
        return { ...reply, contentType: 'text/html' };
      return reply;
    },
  };
}

export type V2Plays = ReturnType<typeof v2Plays>;
