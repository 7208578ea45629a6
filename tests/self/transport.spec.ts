/**
 * The suite's HTTP client (src/http/transport.ts): bytes out as given, answers back as they came, no redirect
 * followed, and kept-alive connections closed by the client before the server's announced idle timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../src/http/transport';
import { expect, test } from './support/harness';

async function serve(handler: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void) {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  // Longer than the hint the handler announces: only the client can close the connection first.
  server.keepAliveTimeout = 20_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('a body goes out byte for byte, and a redirect comes back as it is, with its headers', async () => {
  let received: Buffer | undefined;
  const target = await serve((_request, body, response) => {
    received = body;
    response.setHeader('x-seen', ['a', 'b']);
    response.writeHead(302, 'Found', { location: '/elsewhere' });
    response.end('moved');
  });
  const transport = new HttpTransport();
  try {
    const malformed = Buffer.from('{"member": {"weight": 1,', 'utf8');
    const answer = await transport.send(`${target.url}/v2.0/x`, { method: 'POST', body: malformed });
    expect(received?.equals(malformed)).toBe(true);
    expect(answer.status).toBe(302);
    expect(answer.statusText).toBe('Found');
    expect(answer.headers.location).toBe('/elsewhere');
    expect(answer.headers['x-seen']).toBe('a, b');
    expect(answer.body.toString()).toBe('moved');
  } finally {
    await transport.dispose();
    await target.close();
  }
});

test("an idle kept-alive connection is closed by the client before the server's Keep-Alive timeout", async () => {
  const target = await serve((_request, _body, response) => {
    response.writeHead(200, { 'keep-alive': 'timeout=2' });
    response.end('{}');
  });
  let closedAfterMs: number | undefined;
  const transport = new HttpTransport();
  try {
    const answeredAt = await new Promise<number>((resolve, reject) => {
      target.server.once('connection', (socket) =>
        socket.on('close', () => (closedAfterMs = Date.now() - answered)),
      );
      let answered = 0;
      transport.get(`${target.url}/`).then(() => resolve((answered = Date.now())), reject);
    });
    await expect.poll(() => closedAfterMs, { timeout: 3_000 }).toBeDefined();
    // Node closes it a second before the hint: about 1 s after the answer, well before the server's 20 s.
    expect(closedAfterMs!).toBeLessThan(1_900);
    expect(answeredAt).toBeGreaterThan(0);
  } finally {
    await transport.dispose();
    await target.close();
  }
});
