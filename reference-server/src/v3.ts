import { createHash, randomInt, randomUUID } from 'node:crypto';
import { EXTRA_MEMBER_FIELDS, type ChoiceSet } from './choices';
import type { ServerContext } from './context';
import { nativeErrorBody, neutronErrorBody, symbolicErrorBody } from './errors';
import type { FaultSet } from './faults';
import { BODY_LIMIT, tokenAccepted, type Api, type ApiRequest, type Reply } from './http';
import { ipVersionOf } from './ip';
import { LoadBalancer } from './busy';
import { byLookup, inOrder, paginate, type MemberOrder } from './paging';
import { parseV3ListQuery, V3_DEFAULT_LIMIT, v3Matcher, type V3Filter } from './query';
import type { Member } from './store';
import { validateV3Create } from './validation';

const MEMBERS = '/v3/:projectId/elb/pools/:poolId/members';
const MEMBER = `${MEMBERS}/:memberId`;

const memberType = (m: Member): 'ip' | 'instance' => (m.subnetId === null ? 'ip' : 'instance');

/** member_type as the listing shows it (and filters match it). */
const memberTypeShown = (m: Member, f: FaultSet): 'ip' | 'instance' =>
  f.has('v3-member-type-always-instance') ? 'instance' : memberType(m);

/** The subnet a member is listed in: none for an IP-as-a-backend member (and, with v3-ipv6-subnet-dropped, an IPv6 one). */
const subnetShown = (m: Member, f: FaultSet): string | null =>
  f.has('v3-ipv6-subnet-dropped') && ipVersionOf(m.address) === 'v6' ? null : m.subnetId;

/** yyyy-MM-ddTHH:mm:ssZ */
const timestamp = (ms: number, withMillis: boolean): string => {
  const iso = new Date(ms).toISOString();
  return withMillis ? iso : `${iso.slice(0, 19)}Z`;
};

/** subnet_cidr_id as the choices spell it for an IP-as-a-backend member: null, "" or absent. */
function subnetField(m: Member, f: FaultSet, c: ChoiceSet): { subnet_cidr_id?: string | null } {
  const subnet = subnetShown(m, f);
  if (subnet !== null) return { subnet_cidr_id: subnet };
  if (c.has('v3-ip-member-subnet-absent')) return {};
  return { subnet_cidr_id: c.has('v3-ip-member-subnet-empty') ? '' : null };
}

/** A stable UUID (version 5 form) named by a kind and a key: the ids of things the store does not model. */
function derivedId(kind: string, key: string): string {
  const hex = createHash('sha1').update(`${kind}:${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** admin_state_up as the v3 API reports it: with v3-admin-state-reported, whether a cloud server is behind. */
const adminStateShown = (m: Member, c: ChoiceSet): boolean =>
  c.has('v3-admin-state-reported') ? memberType(m) === 'instance' : m.adminStateUp;

/**
 * The id of the cloud server behind an instance member with v3-all-member-fields; "" otherwise (with
 * v3-instance-id-invented, an id for an IP-as-a-backend member too).
 */
const instanceIdOf = (m: Member, f: FaultSet, c: ChoiceSet): string =>
  (c.has('v3-all-member-fields') && memberType(m) === 'instance') ||
  (f.has('v3-instance-id-invented') && memberType(m) === 'ip')
    ? derivedId('instance', m.id)
    : '';

/** The member fields the page marks optional and the server leaves out by default (v3-all-member-fields). */
function optionalFields(m: Member): Record<string, unknown> {
  const loadBalancer = derivedId('loadbalancer', m.poolId);
  return {
    status: [{ listener_id: derivedId('listener', m.poolId), operating_status: m.operatingStatus }],
    loadbalancer_id: loadBalancer,
    loadbalancers: [{ id: loadBalancer }],
  };
}

/** The project of the load balancer service's own account, which v3-listed-project-foreign shows on members. */
const SERVICE_PROJECT_ID = createHash('sha1').update('elb-service').digest('hex').slice(0, 32);

export function renderV3(m: Member, f: FaultSet, c: ChoiceSet): Record<string, unknown> {
  const withMillis = f.has('v3-timestamp-millis');
  return {
    id: m.id,
    name: m.name,
    ...(f.has('v3-member-missing-project-id')
      ? {}
      : { project_id: f.has('v3-listed-project-foreign') ? SERVICE_PROJECT_ID : m.tenantId }),
    address: m.address,
    protocol_port: m.protocolPort,
    weight: m.weight,
    admin_state_up: adminStateShown(m, c),
    ...subnetField(m, f, c),
    operating_status: f.has('v3-operating-status-lowercase')
      ? m.operatingStatus.toLowerCase()
      : m.operatingStatus,
    ip_version: ipVersionShown(m.address, f),
    ...(c.has('v3-no-timestamps')
      ? {}
      : {
          created_at: timestamp(f.has('v3-created-at-epoch') ? 0 : m.createdAt, withMillis),
          updated_at: timestamp(m.updatedAt, withMillis),
        }),
    ...(c.has('v3-member-type-absent')
      ? {}
      : { member_type: memberTypeShown(m, f), instance_id: instanceIdOf(m, f, c) }),
    ...(c.has('v3-all-member-fields') ? optionalFields(m) : {}),
    ...(c.has('extra-fields') ? EXTRA_MEMBER_FIELDS : {}),
  };
}

/** A member's value for a filter parameter, as it is rendered in JSON (null renders as ""). */
function filterValue(m: Member, filter: V3Filter, f: FaultSet, c: ChoiceSet): string {
  switch (filter) {
    case 'name':
      return m.name ?? '';
    case 'weight':
      return String(m.weight);
    case 'admin_state_up':
      return String(adminStateShown(m, c));
    case 'subnet_cidr_id':
      return subnetShown(m, f) ?? '';
    case 'address':
      return m.address;
    case 'protocol_port':
      return String(m.protocolPort);
    case 'id':
      return m.id;
    case 'operating_status':
      return m.operatingStatus;
    case 'ip_version':
      return ipVersionOf(m.address);
    case 'member_type':
      return memberTypeShown(m, f);
    case 'instance_id':
      return instanceIdOf(m, f, c);
  }
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

/** How many filtered listings a server keeps for the walks that page through them. */
const KEPT_LISTINGS = 8;

/** /v3/{project_id}/elb/pools/{pool_id}/members[/{member_id}], the dedicated load balancers' API. */
export function createV3Api(ctx: ServerContext, busyForever = ''): Api {
  const { store, faults: f, choices: c } = ctx;
  // Each pool's own load balancer, the one its members' loadbalancer_id names.
  const loadBalancers = new Map<string, LoadBalancer>();
  const loadBalancerOf = (poolId: string): LoadBalancer => {
    let lb = loadBalancers.get(poolId);
    if (!lb)
      loadBalancers.set(
        poolId,
        (lb = new LoadBalancer(derivedId('loadbalancer', poolId), 'v3', c, busyForever)),
      );
    return lb;
  };
  const projectId = ctx.defaults.projectId;
  const order: MemberOrder = c.has('v3-order-by-id') ? 'id' : 'seq';
  // Members never change once stored, and faults and choices are fixed: each is rendered once.
  const rendered = new WeakMap<Member, Record<string, unknown>>();
  const render = (m: Member): Record<string, unknown> => {
    let shown = rendered.get(m);
    if (!shown) rendered.set(m, (shown = renderV3(m, f, c)));
    return shown;
  };
  // A walk asks for the same filtered listing page after page: it is filtered once per version of the store,
  // so that walking a pool of thousands of members stays linear.
  const listings = new Map<string, { version: number; items: Member[] }>();
  function filtered(key: string, compute: () => Member[]): Member[] {
    const kept = listings.get(key);
    if (kept?.version === store.version) return kept.items;
    const items = compute();
    listings.delete(key);
    listings.set(key, { version: store.version, items });
    if (listings.size > KEPT_LISTINGS) listings.delete(listings.keys().next().value as string);
    return items;
  }

  const error = (status: number, message: string): Reply => ({
    status,
    body: (f.has('v3-error-neutron-shape')
      ? neutronErrorBody
      : c.has('v3-error-code-symbolic')
        ? symbolicErrorBody
        : nativeErrorBody)(status, message),
  });

  /** The pool named by the path, when it belongs to the token's project. */
  function poolOf(req: ApiRequest): string | undefined {
    const poolId = req.params.poolId ?? '';
    return store.pool(poolId)?.projectId === projectId ? poolId : undefined;
  }
  /**
   * The token serves one project, as a cloud's project-scoped token does: a path naming another project is
   * refused, whatever it asks for.
   */
  const inProject =
    (handle: (req: ApiRequest) => Reply, { listing = false } = {}) =>
    (req: ApiRequest): Reply =>
      req.params.projectId === projectId || (listing && f.has('v3-project-unchecked'))
        ? handle(req)
        : c.has('v3-project-foreign-404')
          ? error(404, `pool ${req.params.poolId} could not be found in project ${req.params.projectId}`)
          : error(403, `the token does not serve project ${req.params.projectId}`);
  const poolMissing = (req: ApiRequest): Reply =>
    error(
      c.has('unknown-pool-400') ? 400 : 404,
      `pool ${req.params.poolId} could not be found in project ${req.params.projectId}`,
    );
  /** The status of a refused marker given with limit (a refused limit: parseV3ListQuery). */
  const markerStatus = c.has('v3-paging-422') ? 422 : 400;
  /** Members deleted for reads by id only (delete-soft-listed): listings, filters and markers still hold them. */
  const softDeleted = new Set<string>();
  /** Deleted members, by id, that a marker still finds (v3-deleted-marker-accepted). */
  const deleted = new Map<string, Member>();

  function listReply(members: Member[], pageInfo: Record<string, unknown>): Reply {
    return {
      status: 200,
      body: {
        members: members.map(render),
        page_info: pageInfo,
        ...(f.has('v3-request-id-missing') ? {} : { request_id: randomUUID() }),
      },
      ...(f.has('v3-content-type-text') ? { contentType: 'text/plain' } : {}),
    };
  }

  type MarkerLookup = { ok: true; member?: Member } | { ok: false; problem: string };

  function findMarker(poolId: string, marker: string): MarkerLookup {
    if (marker === '')
      return f.has('v3-marker-empty-ignored') ? { ok: true } : { ok: false, problem: 'marker is empty' };
    const gone = deleted.get(marker);
    const member =
      store.get(poolId, marker) ??
      (f.has('v3-marker-cross-pool') ? store.find(marker) : undefined) ??
      (gone?.poolId === poolId ? gone : undefined);
    if (member || f.has('v3-marker-unknown-ignored')) return { ok: true, member };
    return { ok: false, problem: `marker ${JSON.stringify(marker)} is not a member of pool ${poolId}` };
  }

  function list(req: ApiRequest): Reply {
    const poolId = poolOf(req);
    if (!poolId)
      return f.has('v3-unknown-pool-empty') ? listReply([], { current_count: 0 }) : poolMissing(req);
    const query = parseV3ListQuery(req.query, ctx.plays.query);
    if (!query.ok) return error(query.status ?? 400, query.problems.join('; '));
    const { filters } = query.value;
    const limit =
      query.value.limit === 0 && c.has('v3-limit-zero-default-page') ? V3_DEFAULT_LIMIT : query.value.limit;

    // marker and page_reverse take effect only together with limit
    const limited = limit !== undefined;
    const markerApplies = limited || f.has('v3-marker-without-limit-applied');
    let marker: Member | undefined;
    if (query.value.marker !== undefined && (markerApplies || c.has('v3-invalid-marker-without-limit-400'))) {
      const found = findMarker(poolId, query.value.marker);
      if (!found.ok) return error(limited ? markerStatus : 400, found.problem);
      if (markerApplies) marker = found.member;
    }
    const reverse = limited && query.value.reverse && !f.has('v3-reverse-ignored');

    const leak = f.has('v3-pool-leak');
    const source = leak
      ? filtered(`project ${projectId}`, () => store.projectMembers(projectId, order))
      : store.members(poolId, order);
    const matches = v3Matcher(filters, (m: Member, filter: V3Filter) => filterValue(m, filter, f, c), ctx.plays.query);
    const filterFirst = matches !== undefined && !f.has('v3-filter-after-pagination');
    const filterKey = JSON.stringify([leak ? projectId : poolId, ...filters]);
    const items = filterFirst ? filtered(filterKey, () => source.filter(matches)) : source;
    const listing = f.has('v3-unstable-order') ? byLookup(shuffled(items)) : inOrder(items, order);
    const startShift = f.has('v3-page-includes-marker') ? -1 : f.has('v3-page-skips-one') ? 1 : 0;
    const page = paginate(listing, {
      limit: limit ?? V3_DEFAULT_LIMIT,
      marker,
      reverse,
      startShift,
      reverseFullOrEmpty: c.has('v3-backward-walk-ends-empty'),
    });
    const members = matches && !filterFirst ? page.items.filter(matches) : page.items;

    const first = members[0];
    const last = members.at(-1);
    const pageInfo: Record<string, unknown> = {};
    if (first && last) {
      pageInfo.previous_marker = f.has('v3-previous-marker-last') ? last.id : first.id;
      const onward = page.more || (reverse && c.has('v3-reverse-next-marker'));
      if (onward || f.has('v3-next-marker-on-last-page')) pageInfo.next_marker = last.id;
    }
    pageInfo.current_count = f.has('v3-current-count-total') ? listing.items.length : members.length;
    if (reverse && f.has('v3-reverse-page-reversed')) members.reverse();
    const reverseWithoutLimit = !limited && query.value.reverse && f.has('v3-reverse-without-limit-applied');
    if (reverseWithoutLimit) members.reverse();
    return listReply(members, pageInfo);
  }

  function create(req: ApiRequest): Reply {
    const poolId = poolOf(req);
    if (!poolId) return poolMissing(req);
    const draft = validateV3Create(req.body, { projectId, subnets: ctx.subnets, play: ctx.plays.validation });
    if (!draft.ok) return error(400, draft.problems.join('; '));
    const protocol = store.pool(poolId)?.protocol;
    if (draft.value.subnetId === null && protocol === 'UDP' && !f.has('v3-ip-member-any-protocol')) {
      return error(
        400,
        `pool ${poolId} is of protocol ${protocol}: IP-as-a-backend members need a TCP, HTTP or HTTPS pool`,
      );
    }
    const value =
      f.has('v3-weight-default-zero') && !weightSent(req.body) ? { ...draft.value, weight: 0 } : draft.value;
    const { address, addressKey, protocolPort } = value;
    const busy = loadBalancerOf(poolId).refusal(req, poolId);
    if (busy !== undefined) return error(409, busy);
    if (store.hasPair(poolId, addressKey, protocolPort)) {
      return error(
        409,
        `a member with address ${address} and protocol_port ${protocolPort} already exists in pool ${poolId}`,
      );
    }
    const member = store.insert(poolId, value);
    loadBalancerOf(poolId).written();
    return { status: 201, body: { member: render(member), request_id: randomUUID() } };
  }

  function memberOf(req: ApiRequest): { poolId: string; member?: Member } | undefined {
    const poolId = poolOf(req);
    const id = req.params.memberId ?? '';
    return poolId ? { poolId, member: softDeleted.has(id) ? undefined : store.get(poolId, id) } : undefined;
  }
  const memberMissing = (req: ApiRequest): Reply =>
    error(404, `member ${req.params.memberId} could not be found in pool ${req.params.poolId}`);

  function show(req: ApiRequest): Reply {
    const found = memberOf(req);
    if (!found) return poolMissing(req);
    if (!found.member) return memberMissing(req);
    return { status: 200, body: { member: render(found.member), request_id: randomUUID() } };
  }

  function remove(req: ApiRequest): Reply {
    const found = memberOf(req);
    if (!found) return poolMissing(req);
    if (!found.member) return memberMissing(req);
    const busy = loadBalancerOf(found.poolId).refusal(req, found.poolId);
    if (busy !== undefined) return error(409, busy);
    if (f.has('delete-404-keeps')) return memberMissing(req);
    if (f.has('delete-noop')) return { status: 204 };
    if (f.has('delete-soft-listed')) {
      softDeleted.add(found.member.id);
      return { status: 204 };
    }
    store.remove(found.poolId, found.member.id);
    if (f.has('v3-deleted-marker-accepted')) deleted.set(found.member.id, found.member);
    loadBalancerOf(found.poolId).written();
    return { status: 204 };
  }

  return {
    bodyLimit: BODY_LIMIT,
    authorize: (token) =>
      tokenAccepted(ctx.defaults.token, token, {
        missingAccepted: f.has('v3-auth-missing-accepted'),
        anyToken: f.has('v3-auth-any-token'),
      }),
    error,
    finalize: (reply) => reply,
    routes: [
      { method: 'GET', pattern: MEMBERS, handle: inProject(list, { listing: true }) },
      { method: 'POST', pattern: MEMBERS, handle: inProject(create) },
      { method: 'GET', pattern: MEMBER, handle: inProject(show) },
      { method: 'DELETE', pattern: MEMBER, handle: inProject(remove) },
    ],
  };
}

function ipVersionShown(address: string, f: FaultSet): 'v4' | 'v6' {
  const version = ipVersionOf(address);
  if (f.has('v3-ip-version-always-v4')) return 'v4';
  if (f.has('v3-ip-version-swapped')) return version === 'v4' ? 'v6' : 'v4';
  return version;
}

/** Whether a create's member names a weight. */
function weightSent(body: unknown): boolean {
  const member = (body as { member?: unknown } | null)?.member;
  return typeof member === 'object' && member !== null && 'weight' in member;
}
