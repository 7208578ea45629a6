import type { ServerContext } from './context';
import { neutronErrorBody } from './errors';
import { BODY_LIMIT, tokenAccepted, type Api, type ApiRequest, type Reply } from './http';
import { inOrder, paginate } from './paging';
import { parseV2ListQuery } from './query';
import { LoadBalancer } from './busy';
import type { Member } from './store';
import { validateV2Create } from './validation';

const MEMBERS = '/v2.0/lbaas/pools/:poolId/members';
const MEMBER = `${MEMBERS}/:memberId`;

/** A member as the v2.0 API shows it by default. */
function renderV2(member: Member): Record<string, unknown> {
  return {
    id: member.id,
    tenant_id: member.tenantId,
    name: member.name,
    address: member.address,
    protocol_port: member.protocolPort,
    subnet_id: member.subnetId,
    admin_state_up: member.adminStateUp,
    weight: member.weight,
    operating_status: member.operatingStatus,
  };
}

/** /v2.0/lbaas/pools/{pool_id}/members[/{member_id}], OpenStack LBaaS v2 style. */
export function createV2Api(ctx: ServerContext, busyForever: string): Api {
  const { store, choices: c } = ctx;
  const play = ctx.plays.v2;
  const lists = ctx.plays.v2List;
  const errorBody = play.errorBody(neutronErrorBody);
  const render = (member: Member): Record<string, unknown> => play.shown(renderV2(member));

  const error = (status: number, message: string): Reply => ({
    status,
    body: errorBody(status, play.errorMessage(message)),
  });

  const poolMissing = (poolId: string): Reply =>
    error(play.unknownPoolStatus(404), `pool ${poolId} could not be found`);
  /** The status of a member that is not valid, and of a body that holds none (one that is not JSON: 400). */
  const invalidStatus = play.invalidStatus(400);
  const loadBalancer = LoadBalancer.v2(ctx.defaults.v2PoolId, c, busyForever);
  // Stryker disable next-line ArrowFunction: the default server's load balancers are never busy (docs/mutation.md)
  const refusedBusy = (message: string): Reply => error(409, message);
  const memberAt = (poolId: string, id: string): Member | undefined => play.found(store.get(poolId, id), id);

  async function create(req: ApiRequest): Promise<Reply> {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return play.unknownPoolCreate(poolMissing(poolId));
    const draft = validateV2Create(req.body, {
      projectId: ctx.defaults.projectId,
      subnets: ctx.subnets,
      play: ctx.plays.validation,
      unknownSubnetStatus: play.unknownSubnetStatus(invalidStatus),
    });
    if (!draft.ok)
      return play.refusedCreate(
        error(draft.status ?? invalidStatus, draft.problems.join('; ')),
        poolId,
        req.body,
      );
    const { address, addressKey, protocolPort } = draft.value;
    // As Octavia: invalid input gets its 400 first, then a busy load balancer refuses any write.
    return loadBalancer.guard<Reply | Promise<Reply>>(req, poolId, refusedBusy, () => {
      const at = { store, poolId, loadBalancer, error, invalidStatus, projectId: ctx.defaults.projectId };
      if (play.duplicate(store.hasPair(poolId, addressKey, protocolPort), draft.value, at)) {
        const message = `a member with address ${address} and protocol_port ${protocolPort} already exists in pool ${poolId}`;
        return play.duplicateReply(error(409, message), message, draft.value, at);
      }
      return play.afterCheck(() => {
        const stored = store.insert(poolId, play.toStore(draft.value));
        const reply = { status: 201, body: { member: render(stored) } };
        return play.created(reply, stored, at);
      });
    });
  }

  function show(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return poolMissing(poolId);
    const member = memberAt(poolId, req.params.memberId ?? '');
    if (!member) return error(404, `member ${req.params.memberId} could not be found in pool ${poolId}`);
    return { status: 200, body: { member: play.readBack(render(member)) } };
  }

  function remove(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return poolMissing(poolId);
    const notFound = (): Reply =>
      error(404, `member ${req.params.memberId} could not be found in pool ${poolId}`);
    const member = memberAt(poolId, req.params.memberId ?? '');
    if (!member) return play.goneDelete(notFound());
    const removed = (): Reply => {
      if (!store.remove(poolId, member.id)) return notFound();
      loadBalancer.written();
      return { status: 204 };
    };
    return loadBalancer.guard(req, poolId, refusedBusy, () => play.deleted(removed, member, notFound));
  }

  function list(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return lists.unknownPool(poolMissing(poolId));
    const query = lists.query(parseV2ListQuery(req.query), req, store);
    if (!query.ok) return error(400, query.problems.join('; '));
    const { limit, reverse, filters } = query.value;
    const marker = query.value.marker === undefined ? undefined : store.get(poolId, query.value.marker);
    if (query.value.marker !== undefined && !marker) {
      return error(
        lists.unknownMarkerStatus(400),
        `marker ${JSON.stringify(query.value.marker)} is not a member of pool ${poolId}`,
      );
    }
    const order = play.memberOrder;
    const all = store.members(poolId, order);
    const values = (m: Member): Record<string, string> => ({
      address: m.address,
      protocol_port: String(m.protocolPort),
      name: m.name ?? '',
    });
    const entries = [...filters];
    const matches = (m: Member, [k, wanted]: readonly [string, readonly string[]]): boolean =>
      wanted.includes(values(m)[k] ?? '');
    const keep = lists.combined((m) => entries.every((entry) => matches(m, entry)), entries, matches);
    const items = filters.size === 0 ? all : lists.filtered(all.filter(keep), keep, poolId);
    const request = { limit: limit ?? Infinity, marker, reverse };
    const page = paginate(inOrder(items, order), lists.pageRequest(request, items, all));

    const link = (
      rel: 'next' | 'previous',
      at: string,
      backwards: boolean,
    ): { rel: string; href: string } => {
      const params = new URLSearchParams(req.query);
      params.set('marker', at);
      if (backwards) params.set('page_reverse', 'True');
      else params.delete('page_reverse');
      return { rel, href: `${req.origin}${req.path}?${params}` };
    };
    const first = page.items[0]?.id ?? marker?.id;
    const last = page.items.at(-1)?.id ?? marker?.id;
    const full = limit !== undefined && page.items.length === limit;
    // Paging backwards, "previous" walks on and "next" returns towards the marker.
    const onward = full ? (reverse ? first : last) : undefined;
    const back = marker ? (reverse ? last : first) : undefined;
    const links = [
      ...(onward ? [link(reverse ? 'previous' : 'next', onward, reverse)] : []),
      ...(back ? [link(reverse ? 'next' : 'previous', back, !reverse)] : []),
    ];
    const body = {
      members: page.items.map(render),
      members_links: lists.links(links, page.items, query.value, req),
    };
    return { status: 200, body: lists.body(body) };
  }

  return {
    bodyLimit: play.bodyLimit(BODY_LIMIT),
    authorize: (token) => play.authorized(tokenAccepted(ctx.defaults.token, token), token),
    error,
    finalize: play.labelled,
    routes: [
      { method: 'GET', pattern: MEMBERS, handle: list },
      { method: 'POST', pattern: MEMBERS, handle: create },
      { method: 'GET', pattern: MEMBER, handle: show },
      { method: 'DELETE', pattern: MEMBER, handle: remove },
    ],
  };
}
