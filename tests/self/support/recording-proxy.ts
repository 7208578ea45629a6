import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { endToEnd } from '../../../src/proxy/forwarder';

export interface RecordedRequest {
  method: string;
  path: string;
  /** When it arrived, ms since the epoch. */
  at: number;
  /** Its traceparent header, as it came (src/http/trace.ts). */
  traceparent?: string;
  /** The target's answer, once it has been passed on whole (absent before, or when the target failed). */
  answer?: { status: number; body: string };
}

/**
 * Where the proxy stops passing requests on: from the first request `from` picks (that one included), each
 * request is met with `reset` (its connection destroyed as it arrives: a target that went away) or `silent`
 * (its connection held open, never answered: a target that stopped answering).
 */
export interface ProxyBreak {
  from: (request: RecordedRequest, index: number) => boolean;
  how: 'reset' | 'silent';
  /** `silent`: how long a connection is held before it is destroyed after all (default: until close). */
  holdMs?: number;
}

export interface RecordingProxy {
  /** The proxy's base URL: point TARGET_URL here. */
  url: string;
  /** Every request that came, in arrival order (those after a break included, without an answer). */
  requests: RecordedRequest[];
  /** The index in `requests` of the first request the break met; undefined while none did. */
  brokeAt: () => number | undefined;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a target that records every request's method, path and traceparent, and the
 * answer's status and body, so a test can prove what the suite sent (only GETs, at most N creates) and what it was told (the
 * ids of the members it created) without trusting the suite's own bookkeeping. With `breaks`, it plays a target
 * that goes away or stops answering part-way through a run.
 */
export async function recordingProxy(targetUrl: string, breaks?: ProxyBreak): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  let brokeAt: number | undefined;
  const server = http.createServer((incoming, outgoing) => {
    const traceparent = incoming.headers.traceparent;
    const recorded: RecordedRequest = {
      method: incoming.method ?? '',
      path: incoming.url ?? '',
      at: Date.now(),
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
    };
    requests.push(recorded);
    if (breaks && (brokeAt !== undefined || breaks.from(recorded, requests.length - 1))) {
      brokeAt ??= requests.length - 1;
      if (breaks.how === 'reset') incoming.socket.destroy();
      else if (breaks.holdMs !== undefined)
        setTimeout(() => incoming.socket.destroy(), breaks.holdMs).unref();
      return;
    }
    const forwarded = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        // The Host header is kept, as a reverse proxy in front of an API does: the server's links then name the
        // proxy, the origin the client was given (a link to another origin is not followed with the token).
        headers: endToEnd(incoming.headers),
      },
      (answer) => {
        // Without the target's hop-by-hop headers: its Keep-Alive timeout is not the proxy's, and a client that
        // kept a connection to the proxy by the target's would meet the proxy closing it.
        outgoing.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          recorded.answer = {
            status: answer.statusCode ?? 502,
            body: Buffer.concat(chunks).toString('utf8'),
          };
        });
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    brokeAt: () => brokeAt,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
