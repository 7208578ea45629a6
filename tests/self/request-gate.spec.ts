/**
 * The request gate: no more requests in flight than its bound, which starts at a worker's share of
 * CONFORMANCE_CONCURRENCY, halves when the target refuses one, grows back one at a time as it answers again, and
 * past its start only while the answers are slow.
 */
import { expect, test } from './support/harness';
import { GROWTH, RequestGate, SLOW_ANSWER_MS, WriteGates, workerBounds } from '../../src/http/gate';
import { runConcurrency, workerConcurrency } from '../../src/settings/client';
import { ConfigError } from '../../src/settings';

/** Sends `count` requests through the gate at once, each held until released; records the peak in flight. */
function flood(gate: RequestGate, count: number) {
  let inFlight = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const order: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, (_, i) =>
      gate.send(async () => {
        order.push(i);
        peak = Math.max(peak, ++inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
      }),
    ),
  );
  return {
    done,
    peak: () => peak,
    order,
    /** Lets every request in flight finish, and the waiting ones start. */
    async releaseAll(): Promise<void> {
      for (const release of releases.splice(0)) release();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

test('no more requests in flight than the limit, admitted in the order they came', async () => {
  const gate = new RequestGate(3);
  const run = flood(gate, 10);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(run.peak()).toBe(3);
  while (run.order.length < 10) await run.releaseAll();
  await run.releaseAll();
  await run.done;
  expect(run.peak()).toBe(3);
  expect(run.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a refusal halves the limit, never below one; answers grow it back one at a time up to the share', () => {
  const gate = new RequestGate(8);
  gate.refused();
  expect(gate.limit).toBe(4);
  gate.refused();
  gate.refused();
  gate.refused();
  expect(gate.limit).toBe(1);
  gate.answered();
  expect(gate.limit).toBe(2);
  gate.answered();
  expect(gate.limit).toBe(2);
  gate.answered();
  expect(gate.limit).toBe(3);
  for (let i = 0; i < 100; i++) gate.answered();
  expect(gate.limit).toBe(8);
});

test('refusals of requests that were in flight together halve the bound once', () => {
  const gate = new RequestGate(8);
  const sent = Date.now() - 10;
  for (let i = 0; i < 3; i++) gate.refused(sent);
  expect(gate.limit).toBe(4);
  // a request sent after that halving, refused too: the bound halves again
  gate.refused(Date.now() + 1);
  expect(gate.limit).toBe(2);
});

test('past its start a bound grows only on slow answers, one per answers in a row, up to its most', () => {
  const gate = new RequestGate(4, 16);
  for (let i = 0; i < 100; i++) gate.answered(SLOW_ANSWER_MS - 1);
  expect(gate.limit).toBe(4);
  for (let i = 0; i < 3; i++) gate.answered(SLOW_ANSWER_MS);
  expect(gate.limit).toBe(4);
  gate.answered(SLOW_ANSWER_MS);
  expect(gate.limit).toBe(5);
  for (let i = 0; i < 1000; i++) gate.answered(300);
  expect(gate.limit).toBe(16);
  gate.refused();
  expect(gate.limit).toBe(8);
  // back above its start: fast answers no longer grow it
  for (let i = 0; i < 100; i++) gate.answered(1);
  expect(gate.limit).toBe(8);
});

test('a growing bound lets waiting requests in as it grows', async () => {
  const gate = new RequestGate(2, 8);
  const run = flood(gate, 6);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(run.peak()).toBe(2);
  gate.answered(SLOW_ANSWER_MS);
  gate.answered(SLOW_ANSWER_MS);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(run.peak()).toBe(3);
  while (run.order.length < 6) await run.releaseAll();
  await run.releaseAll();
  await run.done;
});

test('writes are bounded pool by pool, creates apart from deletes, and a worker starts reads and writes at its share', () => {
  const writes = new WriteGates(4, 16);
  const busy = writes.of('http://t/v2.0/lbaas/pools/a/members', 'create');
  busy.refused();
  expect(writes.of('http://t/v2.0/lbaas/pools/a/members', 'create')).toBe(busy);
  expect(busy.limit).toBe(2);
  expect(writes.of('http://t/v2.0/lbaas/pools/a/members', 'delete').limit).toBe(4);
  expect(writes.of('http://t/v2.0/lbaas/pools/b/members', 'create').limit).toBe(4);
  const bounds = workerBounds(4);
  expect([bounds.reads.limit, bounds.reads.max]).toEqual([4, 4 * GROWTH]);
  expect([bounds.writes.start, bounds.writes.max]).toEqual([4, 4 * GROWTH]);
  expect(() => new RequestGate(4, 3)).toThrow(RangeError);
});

test('after a refusal, requests already waiting are admitted only as the lower limit allows', async () => {
  const gate = new RequestGate(4);
  const run = flood(gate, 12);
  await new Promise((resolve) => setTimeout(resolve, 0));
  gate.refused(); // limit 2: the four in flight finish, then two at a time
  const before = run.order.length;
  await run.releaseAll();
  expect(run.order.length - before).toBe(2);
  while (run.order.length < 12) await run.releaseAll();
  await run.releaseAll();
  await run.done;
});

test('CONFORMANCE_CONCURRENCY is split over the workers, one at least each, and a bad value names the variable', () => {
  expect(runConcurrency({})).toBe(8);
  expect(workerConcurrency({})).toBe(4);
  expect(workerConcurrency({ CONFORMANCE_CONCURRENCY: '8', CONFORMANCE_WORKERS: '2' })).toBe(4);
  expect(workerConcurrency({ CONFORMANCE_CONCURRENCY: '3', CONFORMANCE_WORKERS: '4' })).toBe(1);
  for (const bad of ['0', '-1', 'all', '2.5']) {
    expect(() => runConcurrency({ CONFORMANCE_CONCURRENCY: bad })).toThrow(ConfigError);
    expect(() => runConcurrency({ CONFORMANCE_CONCURRENCY: bad })).toThrow(/CONFORMANCE_CONCURRENCY/);
  }
});
