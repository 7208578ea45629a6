import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import { matchRoute, type Api, type ApiRequest, type Reply, type Route, type RouteMatch } from '../http';
import type { MemberStore } from './store';

/** Whether a path holds a percent sign that no two hex digits follow. */
const malformedEscape = (path: string): boolean => /%(?![0-9A-Fa-f]{2})/.test(path);

/** Every method a server of members knows, whatever the path (route-allow-every-method). */
const EVERY_METHOD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The route of `method` whose pattern has as many segments as `path`, its literal segments never compared
 * (route-literals-ignored).
 */
function bySegmentCount(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = path.split('/').slice(1);
  for (const route of routes) {
    const parts = route.pattern.split('/').slice(1);
    if (route.method !== method || parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    for (const [i, part] of parts.entries())
      if (part.startsWith(':')) params[part.slice(1)] = segments[i] ?? '';
    return { kind: 'found', route, params };
  }
  return { kind: 'not-found' };
}

/** The member a request body names (`{"member": {...}}`), or nothing when it holds none. */
function memberOf(body: Buffer): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { member?: unknown };
    return typeof parsed.member === 'object' && parsed.member !== null
      ? (parsed.member as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * How the faults and choices change the router's answers (app.ts): which route a request reaches, and the
 * refusals of a path that names nothing (404) and of a method its path does not offer (405).
 */
export function routingPlays(f: FaultSet, c: ChoiceSet) {
  /** The router's own refusals, as route-error-empty-message and route-error-html word them. */
  const worded = (reply: Reply, api: Api): Reply => {
    if (f.has('route-error-html'))
      return {
        status: reply.status,
        text: `<html><body><h1>${reply.status}</h1></body></html>`,
        contentType: 'text/html',
        ...(reply.headers ? { headers: reply.headers } : {}),
      };
    if (f.has('route-error-empty-message'))
      return { ...api.error(reply.status, ''), ...(reply.headers ? { headers: reply.headers } : {}) };
    return reply;
  };

  return {
    /** The route a request reaches. */
    route: (match: RouteMatch, routes: readonly Route[], method: string, path: string): RouteMatch => {
      if (f.has('route-escape-500')) decodeURIComponent(path); // throws on a malformed escape: a 500
      if (match.kind === 'wrong-method' && f.has('route-by-path-only'))
        return matchRoute(routes, match.allowed[0] ?? method, path);
      if (match.kind !== 'not-found') return match;
      if (f.has('route-unknown-405')) return { kind: 'wrong-method', allowed: [] };
      if (f.has('route-literals-ignored')) return bySegmentCount(routes, method, path);
      return match;
    },
    /** The answer to a path that names nothing; gateway-routing answers a malformed escape with 400. */
    pathRefused: (reply: Reply, api: Api, path: string): Reply =>
      worded(
        c.has('gateway-routing') && malformedEscape(path) ? api.error(400, 'the path is not valid') : reply,
        api,
      ),
    /**
     * The answer to a method its path does not offer (`allowed`: the methods it does). gateway-routing answers
     * 404 without Allow; the faults word Allow otherwise, or act on the request before refusing it.
     */
    methodRefused: async (
      reply: Reply,
      api: Api,
      allowed: readonly string[],
      request: (params: Record<string, string>) => ApiRequest,
      store: MemberStore,
    ): Promise<Reply> => {
      const { method, path, body } = request({});
      if (f.has('route-refused-stored')) {
        // The create of the members path (the request's own, or the one above a member) runs before the refusal.
        const members =
          matchRoute(api.routes, 'POST', path).kind === 'found' ? path : path.replace(/\/[^/]*$/, '');
        const create = matchRoute(api.routes, 'POST', members);
        if (create.kind === 'found') await create.route.handle({ ...request(create.params), path: members });
      }
      const read = matchRoute(api.routes, 'GET', path);
      if (f.has('route-refused-applied') && method === 'PATCH' && read.kind === 'found') {
        const { poolId, memberId } = read.params;
        const { name, weight } = memberOf(body);
        if (poolId && memberId)
          store.amend(poolId, memberId, {
            ...(typeof name === 'string' ? { name } : {}),
            ...(typeof weight === 'number' ? { weight } : {}),
          });
      }
      if (c.has('gateway-routing')) return worded(api.error(404, `no ${method} route at ${path}`), api);
      const allow = f.has('route-405-no-allow')
        ? undefined
        : f.has('route-allow-space-separated')
          ? allowed.join(' ')
          : f.has('route-allow-first-only')
            ? allowed[0]
            : f.has('route-allow-every-method')
              ? EVERY_METHOD.join(', ')
              : reply.headers?.allow;
      const { headers: _default, ...refusal } = reply;
      return worded({ ...refusal, ...(allow !== undefined ? { headers: { allow } } : {}) }, api);
    },
  };
}

export type RoutingPlays = ReturnType<typeof routingPlays>;
