import { createHash, randomInt } from 'node:crypto';
import { EXTRA_MEMBER_FIELDS, type ChoiceSet } from '../choices';
import { neutronErrorBody, type ErrorBody } from '../errors';
import { symbolicErrorBody } from './errors';
import type { FaultSet } from '../faults';
import type { ApiRequest, Reply } from '../http';
import { ipVersionOf } from '../ip';
import type { Listing, MemberOrder, PageRequest } from '../paging';
import { byLookup } from './paging';
import { V3_DEFAULT_LIMIT } from '../query';
import type { Member, MemberDraft, MemberStore } from '../store';
import { derivedId } from '../derived-id';
import { memberType, type MarkerLookup } from '../v3';
import { tokenAuthorized } from './token';

/** The project of the load balancer service's own account, which v3-listed-project-foreign shows on members. */
const SERVICE_PROJECT_ID = createHash('sha1').update('elb-service').digest('hex').slice(0, 32);

/** The member fields the page marks optional and the server leaves out by default (v3-all-member-fields). */
function optionalFields(m: Member): Record<string, unknown> {
  const loadBalancer = derivedId('loadbalancer', m.poolId);
  return {
    status: [{ listener_id: derivedId('listener', m.poolId), operating_status: m.operatingStatus }],
    loadbalancer_id: loadBalancer,
    loadbalancers: [{ id: loadBalancer }],
  };
}

/** A different order on every call: a uniform random permutation (Fisher-Yates), drawn afresh per request. */
function shuffled(members: readonly Member[]): Member[] {
  const order = [...members];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Whether a create's member, in its raw body, names a weight. */
function weightSent(raw: Buffer): boolean {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return false;
  }
  const member = (body as { member?: unknown } | null)?.member;
  return typeof member === 'object' && member !== null && 'weight' in member;
}

type ErrorReply = (status: number, message: string) => Reply;
type ListReply = (members: Member[], pageInfo: Record<string, unknown>) => Reply;
type Handler = (req: ApiRequest) => Reply;
type Kept = (key: string, compute: () => Member[]) => Member[];

/** How the faults and choices change the v3 API's answers (v3.ts). */
export function v3Plays(f: FaultSet, c: ChoiceSet) {
  /** Members deleted for reads by id only (delete-soft-listed): listings, filters and markers still hold them. */
  const softDeleted = new Set<string>();
  /** Deleted members, by id, that a marker still finds (v3-deleted-marker-accepted). */
  const deleted = new Map<string, Member>();
  /** Whether a marker takes effect: with limit only, unless v3-marker-without-limit-applied. */
  const markerApplies = (limited: boolean): boolean => limited || f.has('v3-marker-without-limit-applied');

  return {
    // A member as the API shows it (and, for the values the filters match, as they see it).
    projectField: (fields: { project_id: string }): { project_id?: string } =>
      f.has('v3-member-missing-project-id')
        ? {}
        : f.has('v3-listed-project-foreign')
          ? { project_id: SERVICE_PROJECT_ID }
          : fields,
    /** v3-admin-state-reported: admin_state_up tells whether a cloud server is behind the member. */
    adminState: (adminStateUp: boolean, m: Member): boolean =>
      c.has('v3-admin-state-reported') ? memberType(m) === 'instance' : adminStateUp,
    subnet: (subnetId: string | null, m: Member): string | null =>
      f.has('v3-ipv6-subnet-dropped') && ipVersionOf(m.address) === 'v6' ? null : subnetId,
    /** subnet_cidr_id of an IP-as-a-backend member (null) as the choices spell it: null, "" or absent. */
    subnetField: (fields: { subnet_cidr_id: string | null }): { subnet_cidr_id?: string | null } => {
      if (fields.subnet_cidr_id !== null) return fields;
      if (c.has('v3-ip-member-subnet-absent')) return {};
      return c.has('v3-ip-member-subnet-empty') ? { subnet_cidr_id: '' } : fields;
    },
    operatingStatus: (status: string): string =>
      f.has('v3-operating-status-lowercase') ? status.toLowerCase() : status,
    ipVersion: (version: 'v4' | 'v6'): 'v4' | 'v6' => {
      if (f.has('v3-ip-version-always-v4')) return 'v4';
      if (f.has('v3-ip-version-swapped')) return version === 'v4' ? 'v6' : 'v4';
      return version;
    },
    createdAt: (ms: number): number => (f.has('v3-created-at-epoch') ? 0 : ms),
    /** A time as shown, given its yyyy-MM-ddTHH:mm:ssZ spelling. */
    timestamp: (text: string, ms: number): string =>
      f.has('v3-timestamp-millis') ? new Date(ms).toISOString() : text,
    timestamps: (fields: { created_at: string; updated_at: string }): Partial<typeof fields> =>
      c.has('v3-no-timestamps') ? {} : fields,
    memberType: (type: 'ip' | 'instance'): 'ip' | 'instance' =>
      f.has('v3-member-type-always-instance') ? 'instance' : type,
    /**
     * The id of the cloud server behind an instance member with v3-all-member-fields, given the default ""; with
     * v3-instance-id-invented, an id for an IP-as-a-backend member too.
     */
    instanceId: (id: string, m: Member): string =>
      (c.has('v3-all-member-fields') && memberType(m) === 'instance') ||
      (f.has('v3-instance-id-invented') && memberType(m) === 'ip')
        ? derivedId('instance', m.id)
        : id,
    memberTypeFields: (fields: { member_type: string; instance_id: string }): Partial<typeof fields> =>
      c.has('v3-member-type-absent') ? {} : fields,
    /** The member with the optional fields of v3-all-member-fields and those of extra-fields at the end. */
    extraFields: (shown: Record<string, unknown>, m: Member): Record<string, unknown> => ({
      ...shown,
      ...(c.has('v3-all-member-fields') ? optionalFields(m) : {}),
      ...(c.has('extra-fields') ? EXTRA_MEMBER_FIELDS : {}),
    }),

    errorBody: (body: ErrorBody): ErrorBody =>
      f.has('v3-error-neutron-shape')
        ? neutronErrorBody
        : c.has('v3-error-code-symbolic')
          ? symbolicErrorBody
          : body,
    authorized: tokenAuthorized(f.has('v3-auth-missing-accepted'), f.has('v3-auth-any-token')),
    /** Creation order, or member id in string order with v3-order-by-id. */
    memberOrder: (c.has('v3-order-by-id') ? 'id' : 'seq') as MemberOrder,
    /** The listing's handler, given it behind the project check: v3-project-unchecked lists under any project_id. */
    listingHandler: (checked: Handler, list: Handler): Handler =>
      f.has('v3-project-unchecked') ? list : checked,
    /** The refusal of a path naming another project: v3-project-foreign-404 answers as for an unknown pool. */
    /** v3-project-foreign-404 answers another project's path 404; v3-forbidden-body-gateway 403 with a gateway's body. */
    projectRefusal: (reply: Reply, req: ApiRequest, error: ErrorReply): Reply =>
      c.has('v3-project-foreign-404')
        ? error(404, `pool ${req.params.poolId} could not be found in project ${req.params.projectId}`)
        : f.has('v3-forbidden-body-gateway')
          ? { status: 403, body: { message: 'Forbidden' } }
          : reply,
    poolMissingStatus: (status: number): number => (c.has('unknown-pool-400') ? 400 : status),

    /** The answer to a listing of an unknown pool: v3-unknown-pool-empty lists no member. */
    unknownPoolListing: (reply: Reply, listReply: ListReply): Reply =>
      f.has('v3-unknown-pool-empty') ? listReply([], { current_count: 0 }) : reply,
    listReply: (reply: { status: number; body: Record<string, unknown> }): Reply => {
      let shown: Reply = reply;
      if (f.has('v3-request-id-missing')) {
        const { request_id: _, ...body } = reply.body;
        shown = { ...shown, body };
      }
      if (f.has('v3-content-type-text')) shown = { ...shown, contentType: 'text/plain' };
      return shown;
    },
    limit: (limit: number | undefined): number | undefined =>
      limit === 0 && c.has('v3-limit-zero-default-page') ? V3_DEFAULT_LIMIT : limit,
    /** Whether a marker given is looked up (and refused when unknown), given whether limit is. */
    markerChecked: (limited: boolean): boolean =>
      markerApplies(limited) || c.has('v3-invalid-marker-without-limit-400'),
    /** The marker the page starts from, given the one found: v3-invalid-marker-without-limit-400 only checks it. */
    marker: (member: Member | undefined, limited: boolean): Member | undefined =>
      markerApplies(limited) ? member : undefined,
    /** The member a marker names, given the one of the pool it names. */
    markerMember: (
      member: Member | undefined,
      marker: string,
      poolId: string,
      store: MemberStore,
    ): Member | undefined => {
      const gone = deleted.get(marker);
      return (
        member ??
        (f.has('v3-marker-cross-pool') ? store.find(marker) : undefined) ??
        (gone?.poolId === poolId ? gone : undefined)
      );
    },
    /** A refused marker lookup as the faults take it: an empty marker or one that names no member, ignored. */
    markerLookup: (lookup: MarkerLookup, marker: string): MarkerLookup =>
      !lookup.ok && (marker === '' ? f.has('v3-marker-empty-ignored') : f.has('v3-marker-unknown-ignored'))
        ? { ok: true }
        : lookup,
    /** The status of a refused marker, given with limit or not. */
    markerRefusalStatus: (status: number, limited: boolean): number =>
      limited && c.has('v3-paging-422') ? 422 : status,
    reverse: (reverse: boolean): boolean => reverse && !f.has('v3-reverse-ignored'),
    /** The members listed, given the pool's: v3-pool-leak lists every pool of the project. */
    source: (
      members: readonly Member[],
      store: MemberStore,
      projectId: string,
      order: MemberOrder,
      kept: Kept,
    ): readonly Member[] =>
      f.has('v3-pool-leak')
        ? kept(`project ${projectId}`, () => store.projectMembers(projectId, order))
        : members,
    /** The members paged, given the filtered ones: v3-filter-after-pagination pages them all. */
    pagedMembers: (filtered: readonly Member[], all: readonly Member[]): readonly Member[] =>
      f.has('v3-filter-after-pagination') ? all : filtered,
    /** The page's members: v3-filter-after-pagination filters the page. */
    pageMembers: (members: Member[], matches: ((m: Member) => boolean) | undefined): Member[] =>
      matches && f.has('v3-filter-after-pagination') ? members.filter(matches) : members,
    listing: (listing: Listing<Member>): Listing<Member> =>
      f.has('v3-unstable-order') ? byLookup(shuffled(listing.items)) : listing,
    pageRequest: (request: PageRequest): PageRequest => ({
      ...request,
      startShift: f.has('v3-page-includes-marker') ? -1 : f.has('v3-page-skips-one') ? 1 : 0,
      reverseFullOrEmpty: c.has('v3-backward-walk-ends-empty'),
    }),
    previousMarker: (first: string, last: string): string =>
      f.has('v3-previous-marker-last') ? last : first,
    /** Whether page_info has a next_marker, given whether more members follow. */
    nextMarker: (more: boolean, reverse: boolean): boolean =>
      more || (reverse && c.has('v3-reverse-next-marker')) || f.has('v3-next-marker-on-last-page'),
    currentCount: (count: number, listing: Listing<Member>): number =>
      f.has('v3-current-count-total') ? listing.items.length : count,
    /** The page's members in the order shown, given whether it was asked with page_reverse, limited or not. */
    pageOrder: (members: Member[], reverse: boolean, limited: boolean, reverseAsked: boolean): Member[] =>
      (reverse && f.has('v3-reverse-page-reversed')) ||
      (!limited && reverseAsked && f.has('v3-reverse-without-limit-applied'))
        ? [...members].reverse()
        : members,

    /** Whether an IP-as-a-backend member is refused for its pool's protocol: v3-ip-member-any-protocol takes any. */
    ipMemberRefused: (refused: boolean): boolean => refused && !f.has('v3-ip-member-any-protocol'),
    /** What a create stores, given what it asked for. */
    draft: (draft: MemberDraft, body: Buffer): MemberDraft =>
      f.has('v3-weight-default-zero') && !weightSent(body) ? { ...draft, weight: 0 } : draft,

    /** v3-create-unknown-pool-500: a create in a pool that does not exist fails where it is stored. */
    unknownPoolCreate: (reply: Reply): Reply => {
      if (f.has('v3-create-unknown-pool-500')) throw new Error('insert into an unknown pool');
      return reply;
    },
    /** Whether a create is refused as a duplicate, given whether its pool holds its pair. */
    duplicate: (held: boolean): boolean => held && !f.has('v3-duplicate-unchecked'),
    /** The answer to a duplicate, given the 409: v3-duplicate-stored-anyway and v3-duplicate-overwrites write first. */
    duplicateReply: (reply: Reply, draft: MemberDraft, poolId: string, store: MemberStore): Reply => {
      if (f.has('v3-duplicate-stored-anyway')) store.insert(poolId, draft);
      if (f.has('v3-duplicate-overwrites')) store.overwriteHolder(poolId, draft);
      return reply;
    },
    /** v3-read-unknown-pool-500: a read in a pool that does not exist reads the member of no pool. */
    unknownPoolRead: (reply: Reply): Reply => {
      if (f.has('v3-read-unknown-pool-500'))
        throw new TypeError("Cannot read properties of undefined (reading 'member')");
      return reply;
    },
    /** v3-delete-unknown-pool-204: a delete in a pool that does not exist succeeds, as if there were nothing to do. */
    unknownPoolDelete: (reply: Reply): Reply =>
      f.has('v3-delete-unknown-pool-204') ? { status: 204 } : reply,
    /** The member a read by id shows, given the one found: v3-read-wrong-key finds none. */
    readById: (member: Member | undefined): Member | undefined =>
      f.has('v3-read-wrong-key') ? undefined : member,
    /** A member as a read by id shows it: v3-read-name-dropped shows the default name. */
    readShown: (shown: Record<string, unknown>): Record<string, unknown> =>
      f.has('v3-read-name-dropped') ? { ...shown, name: '' } : shown,

    /** The member a read or delete by id finds: delete-soft-listed hides the ones it deleted. */
    byId: (member: Member | undefined): Member | undefined =>
      member && softDeleted.has(member.id) ? undefined : member,
    /** The answer to a delete, given how to remove the member. */
    /** The answer to a delete of a member that is not there: delete-gone-204 answers it as a success. */
    goneDelete: (reply: Reply): Reply => (f.has('delete-gone-204') ? { status: 204 } : reply),
    deletion: (member: Member, req: ApiRequest, missing: Handler, remove: () => Reply): Reply => {
      if (f.has('delete-404-keeps')) return missing(req);
      if (f.has('delete-noop')) return { status: 204 };
      if (f.has('delete-soft-listed')) {
        softDeleted.add(member.id);
        return { status: 204 };
      }
      const reply = remove();
      if (f.has('v3-deleted-marker-accepted')) deleted.set(member.id, member);
      return reply;
    },
  };
}

export type V3Plays = ReturnType<typeof v3Plays>;
