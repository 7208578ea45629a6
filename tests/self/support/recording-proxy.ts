import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** When it arrived, ms since the epoch. */
  at: number;
  /** The target's answer, once it has been passed on whole (absent before, or when the target failed). */
  answer?: { status: number; body: string };
}

export interface RecordingProxy {
  /** The proxy's base URL: point TARGET_URL here. */
  url: string;
  /** Every request that went through, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a target that records every request's method and path, and the answer's status
 * and body, so a test can prove what the suite sent (only GETs, at most N creates) and what it was told (the
 * ids of the members it created) without trusting the suite's own bookkeeping.
 */
export async function recordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const recorded: RecordedRequest = {
      method: incoming.method ?? '',
      path: incoming.url ?? '',
      at: Date.now(),
    };
    requests.push(recorded);
    const forwarded = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
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
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
