import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from './context';
import {
  BODY_LIMIT,
  headerValue,
  matchRoute,
  readBody,
  send,
  tokenAccepted,
  type Api,
  type ApiRequest,
  type Reply,
} from './http';
import { nativeErrorBody } from './errors';
import { createNoise, DEFAULT_NOISE, type NoiseSettings } from './noise';
import { createV2Api } from './v2';
import { createV3Api } from './v3';

/** Paths outside /v2.0 and /v3: nothing to find there, but still behind the token. */
function otherApi(ctx: ServerContext): Api {
  return {
    routes: [],
    bodyLimit: BODY_LIMIT,
    // Stryker disable next-line ArrowFunction: a path outside both APIs may be refused with any 4xx, a 401 too: docs/readings.md §1 (docs/mutation.md)
    authorize: (token) => tokenAccepted(ctx.defaults.token, token),
    error: (status, message) => ({ status, body: nativeErrorBody(status, message) }),
    finalize: (reply) => reply,
  };
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** The whole request pipeline: body, token, route, handler; any exception becomes a 500, never a crash. */
export function createRequestListener(
  ctx: ServerContext,
  noiseSettings: NoiseSettings = DEFAULT_NOISE,
): (req: IncomingMessage, res: ServerResponse) => void {
  const v2 = createV2Api(ctx, noiseSettings.busyForever);
  const v3 = createV3Api(ctx, noiseSettings.busyForever);
  const other = otherApi(ctx);
  const play = ctx.plays.app;
  const routing = ctx.plays.routing;
  const noise = createNoise(ctx.choices, noiseSettings);
  const unauthorized = (api: Api): Reply => {
    // Stryker disable next-line StringLiteral: a 401's body is not checked, docs/readings.md §1 "Error bodies" (docs/mutation.md)
    const why = 'the X-Auth-Token header is missing or not valid';
    return play.unauthorized(api.error(401, why), api, why);
  };
  const tooLarge = (api: Api): Reply =>
    api.error(play.tooLargeStatus(413), `the request body is larger than ${BODY_LIMIT} bytes`);

  async function respond(api: Api, req: IncomingMessage, path: string, query: string): Promise<Reply> {
    const body = await readBody(req, api.bodyLimit);
    // Stryker disable next-line StringLiteral: Node's server always sets a request's method and URL (docs/mutation.md)
    const method = req.method ?? 'GET';
    const token = headerValue(req.headers, 'x-auth-token');
    const request = (params: Record<string, string>): ApiRequest => ({
      method,
      path,
      params,
      query: new URLSearchParams(query),
      headers: req.headers,
      body: body.data,
      origin: `http://${req.headers.host ?? 'localhost'}`,
    });
    const handle = async (): Promise<Reply> => {
      if (!api.authorize(token)) return unauthorized(api);
      const match = routing.route(matchRoute(api.routes, method, path), api.routes, method, path);
      if (match.kind === 'not-found')
        return routing.pathRefused(api.error(404, `no resource at ${path}`), api, path);
      if (match.kind === 'wrong-method') {
        const refusal = {
          ...api.error(405, `${method} is not allowed on ${path}`),
          headers: { allow: match.allowed.join(', ') },
        };
        return routing.methodRefused(refusal, api, match.allowed, request, ctx.store);
      }
      // Stryker disable next-line ConditionalExpression: a body over the limit then reaches the handler empty and is refused with 400, the body-limit-400 choice's reading (docs/mutation.md)
      if (body.tooLarge) return tooLarge(api);
      return match.route.handle(request(match.params));
    };
    // Refused in front of everything else, as a gateway does: a refused request changes nothing.
    return play.gateway(handle, noise, api, req, method, token, body.data);
  }

  return (req, res) => {
    // Stryker disable next-line StringLiteral: Node's server always sets a request's method and URL (docs/mutation.md)
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    // Stryker disable next-line EqualityOperator: a request's target starts with / (docs/mutation.md)
    const path = queryStart < 0 ? target : target.slice(0, queryStart);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: a target starts with /, and a query made of it or of this text holds no parameter the server reads (docs/mutation.md)
    const query = queryStart < 0 ? '' : target.slice(queryStart + 1);
    const api = under(path, '/v2.0') ? v2 : under(path, '/v3') ? v3 : other;
    respond(api, req, path, query)
      // Stryker disable next-line ArrowFunction,StringLiteral: nothing in the default server throws (docs/mutation.md)
      .catch((): Reply => api.error(500, 'internal server error'))
      .then((reply) => play.held(reply, noise))
      .then((reply) => send(res, play.charset(api.finalize(reply))))
      // Stryker disable next-line ArrowFunction: nothing in the default server throws (docs/mutation.md)
      .catch(() => res.destroy());
  };
}
