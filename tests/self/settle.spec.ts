/**
 * How a 409 to a create is told apart from a busy refusal (src/http/settle.ts): by reading the pool. 409s to
 * identical creates sent at once share that read; a create sent after a read began gets a read of its own.
 * A v3 pool is read page after page by its next_marker. A write busy for a whole settle time while its pool
 * accepted no write makes the pool known as stuck to every client of the run, until a write is accepted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Exchange } from '../../src/http/exchange';
import { ConformanceFailure } from '../../src/http/failure';
import { NoVerdict } from '../../src/http/no-verdict';
import { BusySpell, PoolStates, Settler, type MemberWrite } from '../../src/http/settle';
import { HttpTransport } from '../../src/http/transport';
import { expect, test, type HarnessFixtures } from './support/harness';

/** A pool listing that answers after `delayMs`, holding the pair once `holds` says so; it counts its reads. */
async function slowPool(serve: HarnessFixtures['loopbackServer'], delayMs: number) {
  const state = { reads: 0, holds: false };
  const { port } = await serve((_request, response) => {
    state.reads++;
    const members = state.holds ? [{ id: 'm1', address: '10.0.0.5', protocol_port: 80 }] : [];
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ members }));
    }, delayMs);
  });
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
  // The server is stopped by the harness when the test ends.
  const close = () => transport.dispose();
  return { state, write, settler: new Settler(transport, {}), arrived, close };
}

test('409s to identical creates sent before the pool is read share one read, and agree', async ({
  loopbackServer,
}) => {
  const pool = await slowPool(loopbackServer, 50);
  const sentAt = Date.now();
  pool.state.holds = true;
  const verdicts = await Promise.all(
    Array.from({ length: 7 }, () => pool.settler.isBusy(pool.write, '{"message":"duplicate"}', sentAt)),
  );
  expect(verdicts).toEqual(Array(7).fill(false));
  expect(pool.state.reads).toBe(1);
  await pool.close();
});

test('a create sent after a read began is judged by a read of its own', async ({ loopbackServer }) => {
  const pool = await slowPool(loopbackServer, 50);
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

test('a v3 pool is read on by its next_marker until the pair shows or the pages end', async ({
  loopbackServer,
}) => {
  const pages: Record<string, { members: unknown[]; page_info: Record<string, unknown> }> = {
    '': { members: [{ address: '10.0.0.1', protocol_port: 80 }], page_info: { next_marker: 'a' } },
    a: { members: [{ address: '10.0.0.2', protocol_port: 80 }], page_info: { next_marker: 'b' } },
    b: { members: [{ address: '10.0.0.5', protocol_port: 80 }], page_info: {} },
  };
  const markers: string[] = [];
  const { port } = await loopbackServer((request, response) => {
    const marker = new URL(request.url ?? '/', 'http://x').searchParams.get('marker') ?? '';
    markers.push(marker);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(pages[marker] ?? { members: [], page_info: {} }));
  });
  const transport = new HttpTransport();
  const settler = new Settler(transport, {});
  const membersUrl = `http://127.0.0.1:${port}/v3/p/elb/pools/p1/members`;
  const create = (address: string): MemberWrite => ({
    kind: 'create',
    membersUrl,
    pair: { address, port: 80 },
  });
  expect(await settler.isBusy(create('10.0.0.5'), '{}', Date.now())).toBe(false);
  expect(markers).toEqual(['', 'a', 'b']);
  expect(await settler.isBusy(create('10.0.0.9'), '{}', Date.now())).toBe(true);
  await transport.dispose();
});

test('a busy write waits about one spell once the pool has shown its spells, and backs off without them', () => {
  const spell = new BusySpell();
  // nothing seen yet: back off
  expect(spell.planned(0, 0)).toBeUndefined();
  spell.accepted(0, 2);
  spell.busy(3); // still busy 1 ms after the answer
  expect(spell.planned(0, 4)).toBeUndefined();
  spell.accepted(70, 72); // taken again at most 72 ms after the last write was sent
  // the next write, busy again: first to midway (1 + 72) / 2 after the last answer, then to 72, then back off
  spell.busy(73);
  expect(spell.planned(0, 74)).toBe(Math.ceil(72 + 36.5 - 74));
  expect(spell.planned(1, 74)).toBe(72 + 72 - 74);
  expect(spell.planned(2, 74)).toBeUndefined();
  // a write sent 40 ms after an answer met it busy: the bounds narrow to (40, 72)
  spell.busy(112);
  expect(spell.planned(0, 112)).toBe(Math.ceil(72 + 56 - 112));
  // bounds that contradict each other are forgotten: another client's writes, or spells that vary
  spell.busy(72 + 80);
  expect(spell.planned(0, 160)).toBeUndefined();
  // a wait never ends in the past
  spell.accepted(200, 201);
  expect(spell.planned(0, 10_000)).toBe(1);
});

test.describe('a pool stuck busy', () => {
  const write: MemberWrite = { kind: 'delete', membersUrl: 'http://127.0.0.1:9/v2.0/lbaas/pools/p1/members' };
  const elsewhere: MemberWrite = { ...write, membersUrl: 'http://127.0.0.1:9/v3/p/elb/pools/p2/members' };
  const answer: Exchange = {
    method: 'DELETE',
    url: `${write.membersUrl}/m1`,
    requestHeaders: {},
    status: 409,
    statusText: 'Conflict',
    responseHeaders: {},
    responseBody: '{}',
    durationMs: 1,
    retries: [{ status: 409, waitedMs: 25 }],
  };
  /** Two clients of one run (each its own Settler), sharing what the run learns of its pools; 100 ms settle time. */
  function run() {
    const states = () => new PoolStates(path.join(dir, 'pools'));
    const dir = mkdtempSync(path.join(tmpdir(), 'settle-'));
    const transport = new HttpTransport();
    return [
      new Settler(transport, {}, undefined, 100, states()),
      new Settler(transport, {}, undefined, 100, states()),
    ];
  }
  /** A budget of `settler` waited out, `meanwhile` done 10 ms after it began (at once when not given). */
  const spent = async (settler: Settler, meanwhile?: () => void) => {
    const budget = settler.budget();
    if (meanwhile) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      meanwhile();
    }
    while ((await budget.wait()) !== false);
    return budget;
  };

  test('a write busy for the whole settle time with no write accepted has no verdict, and the run knows the pool as stuck', async () => {
    const [one, other] = run() as [Settler, Settler];
    expect(other.knownStuck(answer, write)).toBeUndefined();
    const end = one.outlasted(answer, write, await spent(one));
    expect(end).toBeInstanceOf(NoVerdict);
    expect(end.message).toMatch(
      /^no verdict: the load balancer stayed busy for the whole settle time: .*0\.1 s/,
    );
    const known = other.knownStuck(answer, write);
    expect(known).toBeInstanceOf(NoVerdict);
    expect(known?.message).toMatch(
      /stayed busy for the whole settle time \(0\.1 s, CONFORMANCE_SETTLE_TIMEOUT\)/,
    );
    // no pool accepted a write meanwhile: a write to another pool meets the target stuck too
    expect(other.knownStuck(answer, elsewhere)?.message).toMatch(/no pool has accepted a write since/);
    // a write accepted elsewhere clears that, not this pool; one accepted here clears the pool, for every client
    one.accepted(elsewhere);
    expect(other.knownStuck(answer, elsewhere)).toBeUndefined();
    expect(other.knownStuck(answer, write)?.message).toMatch(/this pool has accepted no write since/);
    one.accepted(write);
    expect(other.knownStuck(answer, write)).toBeUndefined();
  });

  test('a pool stuck while another pool takes writes is stuck alone', async () => {
    const [one, other] = run() as [Settler, Settler];
    const budget = await spent(one, () => other.accepted(elsewhere));
    expect(one.outlasted(answer, write, budget).message).toMatch(/the pool accepted no write meanwhile/);
    expect(other.knownStuck(answer, write)).toBeInstanceOf(NoVerdict);
    expect(other.knownStuck(answer, elsewhere)).toBeUndefined();
  });

  test('a write busy for the whole settle time while the pool accepted others fails, and the pool is not stuck', async () => {
    const [one, other] = run() as [Settler, Settler];
    const end = one.outlasted(answer, write, await spent(one, () => other.accepted(write)));
    expect(end).toBeInstanceOf(ConformanceFailure);
    expect(end.message).toMatch(/stayed busy for this write alone: .* while the pool accepted other writes/);
    expect(other.knownStuck(answer, write)).toBeUndefined();
  });

  test('a write accepted before a write began is no evidence that the load balancer took writes meanwhile', async () => {
    const [one] = run() as [Settler];
    one.accepted(write);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(one.outlasted(answer, write, await spent(one))).toBeInstanceOf(NoVerdict);
  });
});
