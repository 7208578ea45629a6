import { EXTRA_MEMBER_FIELDS, type ChoiceSet } from './choices';
import type { ServerContext } from './context';
import { v2ErrorBody } from './errors';
import { BODY_LIMIT, tokenAccepted, type Api, type ApiRequest, type Reply } from './http';
import { parseIp } from './ip';
import { inOrder, paginate } from './paging';
import { parseV2ListQuery } from './query';
import { LoadBalancer } from './busy';
import type { Member, MemberDraft } from './store';
import { validateV2Create } from './validation';

const MEMBERS = '/v2.0/lbaas/pools/:poolId/members';
const MEMBER = `${MEMBERS}/:memberId`;

export function renderV2(member: Member, choices: ChoiceSet): Record<string, unknown> {
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
    ...(choices.has('extra-fields') ? EXTRA_MEMBER_FIELDS : {}),
  };
}

/** /v2.0/lbaas/pools/{pool_id}/members[/{member_id}], OpenStack LBaaS v2 style. */
export function createV2Api(ctx: ServerContext, busyForever = ''): Api {
  const { store, faults: f, choices: c } = ctx;
  const errorBody = v2ErrorBody(c);
  const render = (member: Member): Record<string, unknown> => renderV2(member, c);

  const error = (status: number, message: string): Reply => ({
    status,
    body: errorBody(status, f.has('v2-error-empty-message') ? '' : message),
  });

  const poolMissing = (poolId: string): Reply =>
    error(c.has('unknown-pool-400') ? 400 : 404, `pool ${poolId} could not be found`);
  /** The status of a member that is not valid, and of a body that holds none (one that is not JSON: 400). */
  const invalidStatus = c.has('v2-invalid-member-422') ? 422 : 400;
  const loadBalancer = new LoadBalancer(ctx.defaults.v2PoolId, 'v2', c, busyForever);
  const pairOf = (poolId: string, addressKey: string, port: unknown) =>
    `${poolId} ${addressKey}|${String(port)}`;
  /** Pairs held with no member on them (refused-create-reserves-pair). */
  const strayPairs = new Set<string>();
  /** Members deleted for reads by id only (delete-soft-listed): listings still hold them. */
  const softDeleted = new Set<string>();
  const memberAt = (poolId: string, id: string): Member | undefined =>
    softDeleted.has(id) ? undefined : store.get(poolId, id);

  /** With refused-create-reserves-pair: the pair a refused create named, when it names a valid one. */
  function reserveRefused(poolId: string, raw: Buffer): void {
    let sent: { address?: unknown; protocol_port?: unknown } | undefined;
    try {
      sent = (JSON.parse(raw.toString('utf8')) as { member?: typeof sent } | null)?.member;
    } catch {
      return;
    }
    const ip = typeof sent?.address === 'string' ? parseIp(sent.address) : undefined;
    if (ip && Number.isInteger(sent?.protocol_port))
      strayPairs.add(pairOf(poolId, ip.key, sent?.protocol_port));
  }

  function isDuplicate(poolId: string, draft: MemberDraft): boolean {
    if (f.has('duplicate-unchecked')) return false;
    const pair = pairOf(poolId, draft.addressKey, draft.protocolPort);
    if (strayPairs.has(pair)) return true;
    if (f.has('duplicate-address-only'))
      return store.members(poolId).some((m) => m.addressKey === draft.addressKey);
    if (f.has('duplicate-port-only'))
      return store.members(poolId).some((m) => m.protocolPort === draft.protocolPort);
    const pools = f.has('duplicate-across-pools') ? store.poolIds() : [poolId];
    return pools.some((id) => store.hasPair(id, draft.addressKey, draft.protocolPort));
  }

  async function create(req: ApiRequest): Promise<Reply> {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) {
      if (f.has('unknown-pool-500'))
        throw new TypeError("Cannot read properties of undefined (reading 'members')");
      return poolMissing(poolId);
    }
    const draft = validateV2Create(req.body, {
      projectId: ctx.defaults.projectId,
      subnets: ctx.subnets,
      play: ctx.plays.validation,
      unknownSubnetStatus: c.has('unknown-subnet-404') ? 404 : invalidStatus,
    });
    if (!draft.ok) {
      if (f.has('refused-create-reserves-pair')) reserveRefused(poolId, req.body);
      return error(draft.status ?? invalidStatus, draft.problems.join('; '));
    }
    const { address, protocolPort } = draft.value;
    // As Octavia: invalid input gets its 400 first, then a busy load balancer refuses any write.
    const busy = loadBalancer.refusal(req, poolId);
    if (busy !== undefined) return error(409, busy);
    if (isDuplicate(poolId, draft.value)) {
      if (f.has('duplicate-answers-busy')) return error(409, loadBalancer.busyMessage(poolId));
      if (f.has('duplicate-stored-anyway')) store.insert(poolId, draft.value);
      if (f.has('duplicate-overwrites')) overwriteHolder(poolId, draft.value);
      const message = `a member with address ${address} and protocol_port ${protocolPort} already exists in pool ${poolId}`;
      if (f.has('duplicate-500'))
        throw new Error(`duplicate key value violates unique constraint: ${message}`);
      return error(c.has('v2-duplicate-400') ? 400 : 409, message);
    }
    // A "database round trip" between the check and the insert: wide enough that concurrent creates all pass.
    if (f.has('duplicate-race')) await new Promise((resolve) => setTimeout(resolve, 20));
    const operatingStatus = c.has('v2-operating-status-online') ? 'ONLINE' : undefined;
    const stored = store.insert(poolId, { ...draft.value, operatingStatus });
    if (f.has('tenant-id-foreign-stored') && stored.tenantId !== ctx.defaults.projectId)
      return error(invalidStatus, 'tenant_id must be the project id of the token');
    const shown = render(stored);
    loadBalancer.written();
    if (c.has('v2-create-answers-offline')) shown.operating_status = 'OFFLINE';
    if (f.has('echo-weight-default')) shown.weight = 1;
    if (f.has('create-missing-operating-status')) delete shown.operating_status;
    return {
      status: c.has('v2-create-200') ? 200 : 201,
      body: f.has('create-unwrapped') ? shown : { member: shown },
    };
  }

  /** With duplicate-overwrites: the member holding the pair takes the refused duplicate's fields. */
  function overwriteHolder(poolId: string, draft: MemberDraft): void {
    const holder = store
      .members(poolId)
      .find((m) => m.addressKey === draft.addressKey && m.protocolPort === draft.protocolPort);
    if (holder)
      store.amend(poolId, holder.id, {
        name: draft.name,
        weight: draft.weight,
        adminStateUp: draft.adminStateUp,
      });
  }

  function show(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return poolMissing(poolId);
    const member = memberAt(poolId, req.params.memberId ?? '');
    if (!member) return error(404, `member ${req.params.memberId} could not be found in pool ${poolId}`);
    const shown = render(member);
    if (f.has('readback-name-dropped')) shown.name = '';
    return { status: 200, body: { member: shown } };
  }

  function remove(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return poolMissing(poolId);
    const member = memberAt(poolId, req.params.memberId ?? '');
    const busy = member && loadBalancer.refusal(req, poolId);
    if (busy) return error(409, busy);
    if (member && f.has('delete-noop')) return { status: 204 };
    if (member && f.has('delete-404-keeps'))
      return error(404, `member ${req.params.memberId} could not be found in pool ${poolId}`);
    if (member && f.has('delete-soft-listed')) {
      softDeleted.add(member.id);
      return { status: 204 };
    }
    if (!member || !store.remove(poolId, member.id)) {
      return error(404, `member ${req.params.memberId} could not be found in pool ${poolId}`);
    }
    loadBalancer.written();
    return { status: 204 };
  }

  function list(req: ApiRequest): Reply {
    const poolId = req.params.poolId ?? '';
    if (!store.pool(poolId)) return poolMissing(poolId);
    const query = parseV2ListQuery(req.query);
    if (!query.ok) return error(400, query.problems.join('; '));
    const { limit, reverse, filters } = query.value;
    const marker = query.value.marker === undefined ? undefined : store.get(poolId, query.value.marker);
    if (query.value.marker !== undefined && !marker) {
      return error(400, `marker ${JSON.stringify(query.value.marker)} is not a member of pool ${poolId}`);
    }
    const order = c.has('v2-order-by-id') ? 'id' : 'seq';
    const all = store.members(poolId, order);
    const values = (m: Member): Record<string, string> => ({
      address: m.address,
      protocol_port: String(m.protocolPort),
      name: m.name ?? '',
    });
    const items =
      filters.size === 0
        ? all
        : all.filter((m) => [...filters].every(([k, wanted]) => wanted.includes(values(m)[k] ?? '')));
    const page = paginate(inOrder(items, order), { limit: limit ?? Infinity, marker, reverse });

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
    return { status: 200, body: { members: page.items.map(render), members_links: links } };
  }

  return {
    bodyLimit: c.has('v2-large-body-accepted') ? null : BODY_LIMIT,
    authorize: (token) =>
      tokenAccepted(ctx.defaults.token, token, {
        missingAccepted: f.has('auth-missing-accepted'),
        anyToken: f.has('auth-any-token'),
      }),
    error,
    finalize(reply) {
      if (reply.body === undefined) return reply;
      if (reply.status >= 400 && reply.status < 500 && f.has('v2-error-text-plain')) {
        return { ...reply, contentType: 'text/plain' };
      }
      if (reply.status < 300 && f.has('v2-success-content-type-html'))
        return { ...reply, contentType: 'text/html' };
      return reply;
    },
    routes: [
      { method: 'GET', pattern: MEMBERS, handle: list },
      { method: 'POST', pattern: MEMBERS, handle: create },
      { method: 'GET', pattern: MEMBER, handle: show },
      { method: 'DELETE', pattern: MEMBER, handle: remove },
    ],
  };
}
