import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export const BODY_LIMIT = 1024 * 1024;

export interface Reply {
  readonly status: number;
  /** Serialised as JSON; no body when undefined. */
  readonly body?: unknown;
  /** A body sent as it is, instead of `body`. */
  readonly text?: string;
  /** Defaults to application/json (text/plain for `text`). */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** scheme://host[:port] the client addressed, for links. */
  readonly origin: string;
}

export interface Route {
  readonly method: string;
  /** Literal segments and `:name` placeholders, e.g. `/v2.0/lbaas/pools/:poolId/members`. */
  readonly pattern: string;
  handle(request: ApiRequest): Reply | Promise<Reply>;
}

/** One API family (/v2.0 or /v3): its routes, and how it authenticates and words its errors. */
export interface Api {
  readonly routes: readonly Route[];
  /** Bytes of body kept; null for no limit. */
  readonly bodyLimit: number | null;
  authorize(token: string | undefined): boolean;
  error(status: number, message: string): Reply;
  /** Last look at every reply before it is sent. */
  finalize(reply: Reply): Reply;
}

export interface Body {
  readonly data: Buffer;
  readonly tooLarge: boolean;
}

/**
 * Reads the whole request. Past `limit` bytes the rest is still drained (so the client can read the answer
 * without a reset) but not kept.
 */
export function readBody(req: IncomingMessage, limit: number | null): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (limit !== null && size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    const done = (): void => resolve({ data: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge });
    // Stryker disable next-line StringLiteral: another of the events that end a body still ends the read (docs/mutation.md)
    req.on('end', done);
    // Stryker disable next-line StringLiteral: another of the events that end a body still ends the read (docs/mutation.md)
    req.on('error', done);
    // Stryker disable next-line StringLiteral: another of the events that end a body still ends the read (docs/mutation.md)
    req.on('close', done);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the server never answers a request twice, nor after its client has gone (docs/mutation.md)
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined && reply.text === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = reply.text ?? JSON.stringify(reply.body);
  headers['content-type'] =
    reply.contentType ?? (reply.text === undefined ? 'application/json' : 'text/plain');
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers).end(text);
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allowed: string[] }
  | { readonly kind: 'not-found' };

/** `path` is the raw (still percent-encoded) path; each segment is decoded before it is matched. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  if (!segments) return { kind: 'not-found' };
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    // Stryker disable next-line StringLiteral: nothing compares a match's kind with found (docs/mutation.md)
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'not-found' };
}

function splitPath(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
    // Stryker disable next-line BlockStatement: an empty catch block returns undefined as well (docs/mutation.md)
  } catch {
    return undefined; // malformed percent-encoding names no route
  }
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    // Stryker disable next-line StringLiteral: the counts of segments are equal, so every index holds one (docs/mutation.md)
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      // Stryker disable next-line ConditionalExpression,StringLiteral: an empty id then reaches a handler that refuses it with a 4xx too, and any 4xx conforms: docs/readings.md §1 (docs/mutation.md)
      if (segment === '') return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** The single value of a header, or undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  // Stryker disable next-line StringLiteral: only a header sent twice is joined, and a token sent twice is refused either way (docs/mutation.md)
  return Array.isArray(value) ? value.join(', ') : value;
}

export const tokenAccepted = (expected: string, given: string | undefined): boolean => given === expected;
