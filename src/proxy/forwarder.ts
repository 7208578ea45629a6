/**
 * The proxy's forwarding: every request to the listening socket goes to the upstream as it came (method, path,
 * query, headers but Host, body streamed through), and its answer comes back as it came (status, headers,
 * body streamed through), over kept-alive connections on both sides. Each finished exchange is handed on.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request and its answer as they passed through, bodies whole. */
export interface ObservedExchange {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  status: number;
  statusText: string;
  responseHeaders: Record<string, string>;
  responseBody: Buffer;
  durationMs: number;
}

export interface Forwarder {
  url: string;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's own, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

export function endToEnd(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

function joined(headers: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
  );
}

export async function startForwarder(options: {
  upstream: URL;
  port: number;
  host: string;
  onExchange: (exchange: ObservedExchange) => void;
}): Promise<Forwarder> {
  const { upstream } = options;
  const client = upstream.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true });
  const base = upstream.pathname.replace(/\/$/, '');
  const server = http.createServer((request, response) => {
    const started = Date.now();
    const requestChunks: Buffer[] = [];
    const headers = { ...endToEnd(request.headers), host: upstream.host };
    const outgoing = client.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: base + (request.url ?? '/'),
        headers,
        agent,
      },
      (answer) => {
        const responseHeaders = endToEnd(answer.headers);
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders);
        const responseChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          responseChunks.push(chunk);
          response.write(chunk);
        });
        answer.on('end', () => {
          response.end();
          options.onExchange({
            method: request.method ?? 'GET',
            path: request.url ?? '/',
            requestHeaders: joined(endToEnd(request.headers)),
            requestBody: Buffer.concat(requestChunks),
            status: answer.statusCode ?? 0,
            statusText: answer.statusMessage ?? '',
            responseHeaders: joined(responseHeaders),
            responseBody: Buffer.concat(responseChunks),
            durationMs: Date.now() - started,
          });
        });
      },
    );
    outgoing.on('error', (error) => {
      if (response.headersSent) return response.destroy(error);
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ message: `the proxy could not reach ${upstream.origin}: ${error.message}` }),
      );
    });
    request.on('data', (chunk: Buffer) => {
      requestChunks.push(chunk);
      outgoing.write(chunk);
    });
    request.on('end', () => outgoing.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
