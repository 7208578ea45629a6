/**
 * How a 409 to a create is told apart from a busy refusal (src/http/settle.ts): by reading the pool. 409s to
 * identical creates sent at once share that read; a create sent after a read began gets a read of its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Settler, type MemberWrite } from '../../src/http/settle';
import { HttpTransport } from '../../src/http/transport';
import { expect, test } from './support/harness';

/** A pool listing that answers after `delayMs`, holding the pair once `holds` says so; it counts its reads. */
async function slowPool(delayMs: number) {
  const state = { reads: 0, holds: false };
  const server: Server = createServer((_request, response) => {
    state.reads++;
    const members = state.holds ? [{ id: 'm1', address: '10.0.0.5', protocol_port: 80 }] : [];
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ members }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const write: MemberWrite = {
    kind: 'create',
    membersUrl: `http://127.0.0.1:${port}/v2.0/lbaas/pools/p1/members`,
    pair: { address: '10.0.0.5', port: 80 },
  };
  const transport = new HttpTransport();
  /** Resolves once the server has taken `n` reads (and so decided what they show). */
  const arrived = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (state.reads >= n ? resolve() : setTimeout(check, 1));
      check();
    });
  const close = async () => {
    await transport.dispose();
    await new Promise((resolve) => server.close(resolve));
  };
  return { state, write, settler: new Settler(transport, {}), arrived, close };
}

test('409s to identical creates sent before the pool is read share one read, and agree', async () => {
  const pool = await slowPool(50);
  const sentAt = Date.now();
  pool.state.holds = true;
  const verdicts = await Promise.all(
    Array.from({ length: 7 }, () => pool.settler.isBusy(pool.write, '{"message":"duplicate"}', sentAt)),
  );
  expect(verdicts).toEqual(Array(7).fill(false));
  expect(pool.state.reads).toBe(1);
  await pool.close();
});

test('a create sent after a read began is judged by a read of its own', async () => {
  const pool = await slowPool(50);
  const first = pool.settler.isBusy(pool.write, '{}', Date.now() - 1);
  await pool.arrived(1);
  await new Promise((resolve) => setTimeout(resolve, 10));
  // The pair is stored after the first read was taken: only a read that starts now can see it.
  pool.state.holds = true;
  const second = pool.settler.isBusy(pool.write, '{}', Date.now());
  expect(await first).toBe(true);
  expect(await second).toBe(false);
  expect(pool.state.reads).toBe(2);
  await pool.close();
});
