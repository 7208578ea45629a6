/**
 * The request gate: no more requests in flight than a worker's share of CONFORMANCE_CONCURRENCY, half as
 * many after the target refuses one for its rate, and back up one at a time as it answers again.
 */
import { expect, test } from './support/harness';
import { RequestGate } from '../../src/http/gate';
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
