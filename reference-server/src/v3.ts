import { randomUUID } from 'node:crypto';
import type { ServerContext } from './context';
import { nativeErrorBody } from './errors';
import { BODY_LIMIT, tokenAccepted, type Api, type ApiRequest, type Reply } from './http';
import { ipVersionOf } from './ip';
import { LoadBalancer } from './busy';
import { inOrder, paginate } from './paging';
import type { V3Plays } from './plays/v3';
import { parseV3ListQuery, V3_DEFAULT_LIMIT, v3Matcher, type V3Filter } from './query';
import type { Member } from './store';
import { validateV3Create } from './validation';

const MEMBERS = '/v3/:projectId/elb/pools/:poolId/members';
const MEMBER = `${MEMBERS}/:memberId`;

// Stryker disable next-line ArrowFunction,ConditionalExpression: member_type may be left out (docs/readings.md §5 "The optional member fields"), and no member the suite creates is on a cloud server, so ip fits one in a subnet as well as instance (docs/mutation.md)
export const memberType = (m: Member): 'ip' | 'instance' => (m.subnetId === null ? 'ip' : 'instance');

// The values a member shows in its fields and the filters match alike.
const adminStateShown = (m: Member, play: V3Plays): boolean => play.adminState(m.adminStateUp, m);
const subnetShown = (m: Member, play: V3Plays): string | null => play.subnet(m.subnetId, m);
// Stryker disable next-line ArrowFunction: member_type may be left out: docs/readings.md §5 "The optional member fields" (docs/mutation.md)
const memberTypeShown = (m: Member, play: V3Plays): 'ip' | 'instance' => play.memberType(memberType(m));
// Stryker disable next-line ArrowFunction: instance_id may be left out: docs/readings.md §5 "The optional member fields" (docs/mutation.md)
const instanceIdShown = (m: Member, play: V3Plays): string => play.instanceId('', m);

/** yyyy-MM-ddTHH:mm:ssZ */
// Stryker disable next-line ArrowFunction: created_at and updated_at may be left out: docs/readings.md §5 "The optional member fields" (docs/mutation.md)
const timestamp = (ms: number, play: V3Plays): string =>
  play.timestamp(`${new Date(ms).toISOString().slice(0, 19)}Z`, ms);

/** A member as the v3 API shows it. */
export function renderV3(m: Member, play: V3Plays): Record<string, unknown> {
  return play.extraFields(
    {
      id: m.id,
      name: m.name,
      ...play.projectField({ project_id: m.tenantId }),
      address: m.address,
      protocol_port: m.protocolPort,
      weight: m.weight,
      admin_state_up: adminStateShown(m, play),
      ...play.subnetField({ subnet_cidr_id: subnetShown(m, play) }),
      operating_status: play.operatingStatus(m.operatingStatus),
      ip_version: play.ipVersion(ipVersionOf(m.address)),
      // Stryker disable next-line ObjectLiteral: created_at and updated_at may be left out: docs/readings.md §5 "The optional member fields" (docs/mutation.md)
      ...play.timestamps({
        created_at: timestamp(play.createdAt(m.createdAt), play),
        updated_at: timestamp(m.updatedAt, play),
      }),
      // Stryker disable next-line ObjectLiteral: member_type and instance_id may be left out: docs/readings.md §5 "The optional member fields" (docs/mutation.md)
      ...play.memberTypeFields({
        member_type: memberTypeShown(m, play),
        instance_id: instanceIdShown(m, play),
      }),
    },
    m,
  );
}

/** A member's value for a filter parameter, as it is rendered in JSON (null renders as ""). */
function filterValue(m: Member, filter: V3Filter, play: V3Plays): string {
  switch (filter) {
    case 'name':
      return m.name ?? '';
    case 'weight':
      return String(m.weight);
    case 'admin_state_up':
      return String(adminStateShown(m, play));
    case 'subnet_cidr_id':
      return subnetShown(m, play) ?? '';
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
      return memberTypeShown(m, play);
    case 'instance_id':
      return instanceIdShown(m, play);
  }
}

export type MarkerLookup = { ok: true; member?: Member } | { ok: false; problem: string };

/** How many filtered listings a server keeps for the walks that page through them. */
const KEPT_LISTINGS = 8;

/** /v3/{project_id}/elb/pools/{pool_id}/members[/{member_id}], the dedicated load balancers' API. */
export function createV3Api(ctx: ServerContext, busyForever: string): Api {
  const { store, choices: c } = ctx;
  const play = ctx.plays.v3;
  // Each pool's own load balancer, the one its members' loadbalancer_id names.
  const loadBalancers = new Map<string, LoadBalancer>();
  const loadBalancerOf = (poolId: string): LoadBalancer => {
    let lb = loadBalancers.get(poolId);
    // Stryker disable next-line ConditionalExpression: a load balancer made anew holds no state the default server reads: it is never busy (docs/mutation.md)
    if (!lb) loadBalancers.set(poolId, (lb = LoadBalancer.v3(poolId, c, busyForever)));
    return lb;
  };
  const projectId = ctx.defaults.projectId;
  const order = play.memberOrder;
  // Members never change once stored, and faults and choices are fixed: each is rendered once.
  const rendered = new WeakMap<Member, Record<string, unknown>>();
  const render = (m: Member): Record<string, unknown> => {
    let shown = rendered.get(m);
    // Stryker disable next-line ConditionalExpression: a member rendered anew renders the same: the memo changes only what a listing costs (docs/mutation.md)
    if (!shown) rendered.set(m, (shown = renderV3(m, play)));
    return shown;
  };
  // A walk asks for the same filtered listing page after page: it is filtered once per version of the store,
  // so that walking a pool of thousands of members stays linear.
  const listings = new Map<string, { version: number; items: Member[] }>();
  function filtered(key: string, compute: () => Member[]): Member[] {
    const kept = listings.get(key);
    // Stryker disable next-line ConditionalExpression: a listing filtered anew is the same listing: the cache changes only what a walk costs (docs/mutation.md)
    if (kept?.version === store.version) return kept.items;
    const items = compute();
    listings.delete(key);
    // Stryker disable next-line ObjectLiteral: without the version the listing is computed afresh each time, which changes only what a walk costs (docs/mutation.md)
    listings.set(key, { version: store.version, items });
    // Stryker disable next-line all: how many listings are kept changes only what a walk costs (docs/mutation.md)
    if (listings.size > KEPT_LISTINGS) listings.delete(listings.keys().next().value as string);
    return items;
  }

  const errorBody = play.errorBody(nativeErrorBody);
  const error = (status: number, message: string): Reply => ({ status, body: errorBody(status, message) });
  // Stryker disable next-line ArrowFunction: the default server's load balancers are never busy (docs/mutation.md)
  const refusedBusy = (message: string): Reply => error(409, message);

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
    (handle: (req: ApiRequest) => Reply) =>
    (req: ApiRequest): Reply =>
      req.params.projectId === projectId
        ? handle(req)
        : play.projectRefusal(
            error(403, `the token does not serve project ${req.params.projectId}`),
            req,
            error,
          );
  const poolMissing = (req: ApiRequest): Reply =>
    error(
      play.poolMissingStatus(404),
      `pool ${req.params.poolId} could not be found in project ${req.params.projectId}`,
    );

  function listReply(members: Member[], pageInfo: Record<string, unknown>): Reply {
    return play.listReply({
      status: 200,
      body: { members: members.map(render), page_info: pageInfo, request_id: randomUUID() },
    });
  }

  function findMarker(poolId: string, marker: string): MarkerLookup {
    if (marker === '') return { ok: false, problem: 'marker is empty' };
    const member = play.markerMember(store.get(poolId, marker), marker, poolId, store);
    if (member) return { ok: true, member };
    return { ok: false, problem: `marker ${JSON.stringify(marker)} is not a member of pool ${poolId}` };
  }

  function list(req: ApiRequest): Reply {
    const poolId = poolOf(req);
    if (!poolId) return play.unknownPoolListing(poolMissing(req), listReply);
    const query = parseV3ListQuery(req.query, ctx.plays.query);
    // Stryker disable next-line StringLiteral: a refusal's words are free: docs/readings.md §1 "Error bodies" asks only for a non-empty message (docs/mutation.md)
    if (!query.ok) return error(query.status ?? 400, query.problems.join('; '));
    const { filters } = query.value;
    const limit = play.limit(query.value.limit);

    // marker and page_reverse take effect only together with limit
    const limited = limit !== undefined;
    let marker: Member | undefined;
    if (query.value.marker !== undefined && play.markerChecked(limited)) {
      const found = play.markerLookup(findMarker(poolId, query.value.marker), query.value.marker);
      if (!found.ok) return error(play.markerRefusalStatus(400, limited), found.problem);
      marker = play.marker(found.member, limited);
    }
    const reverse = play.reverse(limited && query.value.reverse);

    const source = play.source(store.members(poolId, order), store, projectId, order, filtered);
    const matches = v3Matcher(
      filters,
      (m: Member, filter: V3Filter) => filterValue(m, filter, play),
      ctx.plays.query,
    );
    const filterKey = JSON.stringify([poolId, ...filters]);
    const items = play.pagedMembers(
      matches ? filtered(filterKey, () => source.filter(matches)) : source,
      source,
    );
    const listing = play.listing(inOrder(items, order));
    const page = paginate(listing, play.pageRequest({ limit: limit ?? V3_DEFAULT_LIMIT, marker, reverse }));
    const members = play.pageMembers(page.items, matches);

    const first = members[0];
    const last = members.at(-1);
    const pageInfo: Record<string, unknown> = {};
    // Stryker disable next-line LogicalOperator: first and last are both set or both unset (docs/mutation.md)
    if (first && last) {
      pageInfo.previous_marker = play.previousMarker(first.id, last.id);
      if (play.nextMarker(page.more, reverse)) pageInfo.next_marker = last.id;
    }
    pageInfo.current_count = play.currentCount(members.length, listing);
    return listReply(play.pageOrder(members, reverse, limited, query.value.reverse), pageInfo);
  }

  function create(req: ApiRequest): Reply {
    const poolId = poolOf(req);
    if (!poolId) return play.unknownPoolCreate(poolMissing(req));
    const draft = validateV3Create(req.body, { projectId, subnets: ctx.subnets, play: ctx.plays.validation });
    // Stryker disable next-line StringLiteral: a refusal's words are free: docs/readings.md §1 "Error bodies" asks only for a non-empty message (docs/mutation.md)
    if (!draft.ok) return error(400, draft.problems.join('; '));
    // Stryker disable next-line OptionalChaining: the handler has just found the pool (docs/mutation.md)
    const protocol = store.pool(poolId)?.protocol;
    if (play.ipMemberRefused(draft.value.subnetId === null && protocol === 'UDP')) {
      return error(
        400,
        `pool ${poolId} is of protocol ${protocol}: IP-as-a-backend members need a TCP, HTTP or HTTPS pool`,
      );
    }
    const value = play.draft(draft.value, req.body);
    const { address, addressKey, protocolPort } = value;
    return loadBalancerOf(poolId).guard(req, poolId, refusedBusy, () => {
      if (play.duplicate(store.hasPair(poolId, addressKey, protocolPort))) {
        const message = `a member with address ${address} and protocol_port ${protocolPort} already exists in pool ${poolId}`;
        return play.duplicateReply(error(409, message), value, poolId, store);
      }
      const member = store.insert(poolId, value);
      loadBalancerOf(poolId).written();
      return { status: 201, body: { member: render(member), request_id: randomUUID() } };
    });
  }

  function memberOf(req: ApiRequest): { poolId: string; member?: Member } | undefined {
    const poolId = poolOf(req);
    const id = req.params.memberId ?? '';
    return poolId ? { poolId, member: play.byId(store.get(poolId, id)) } : undefined;
  }
  const memberMissing = (req: ApiRequest): Reply =>
    error(404, `member ${req.params.memberId} could not be found in pool ${req.params.poolId}`);

  function show(req: ApiRequest): Reply {
    const found = memberOf(req);
    if (!found) return play.unknownPoolRead(poolMissing(req));
    const member = play.readById(found.member);
    if (!member) return memberMissing(req);
    return { status: 200, body: { member: play.readShown(render(member)), request_id: randomUUID() } };
  }

  function remove(req: ApiRequest): Reply {
    const found = memberOf(req);
    if (!found) return play.unknownPoolDelete(poolMissing(req));
    if (!found.member) return play.goneDelete(memberMissing(req));
    const { poolId, member } = found;
    return loadBalancerOf(poolId).guard(req, poolId, refusedBusy, () =>
      play.deletion(member, req, memberMissing, () => {
        store.remove(poolId, member.id);
        loadBalancerOf(poolId).written();
        return { status: 204 };
      }),
    );
  }

  return {
    bodyLimit: BODY_LIMIT,
    authorize: (token) => play.authorized(tokenAccepted(ctx.defaults.token, token), token),
    error,
    finalize: (reply) => reply,
    routes: [
      { method: 'GET', pattern: MEMBERS, handle: play.listingHandler(inProject(list), list) },
      { method: 'POST', pattern: MEMBERS, handle: inProject(create) },
      { method: 'GET', pattern: MEMBER, handle: inProject(show) },
      { method: 'DELETE', pattern: MEMBER, handle: inProject(remove) },
    ],
  };
}
