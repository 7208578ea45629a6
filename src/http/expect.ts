import type { ApiResponse } from './client';
import { ConformanceFailure } from './failure';

/**
 * One status, or a class of them where no source names the status (docs/readings.md §5): '4xx', any client
 * error; '2xx', any success.
 */
export type OneStatus = number | '4xx' | '2xx';

export type ExpectedStatus = OneStatus | readonly OneStatus[];

/** A 429 is the gateway's "not now", never the rejection a requirement asks for (docs/readings.md §5). */
export function statusMatches(expected: ExpectedStatus, status: number): boolean {
  if (typeof expected !== 'object') return matchesOne(expected, status);
  return expected.some((one) => matchesOne(one, status));
}

function matchesOne(expected: OneStatus, status: number): boolean {
  if (expected === '4xx') return status >= 400 && status <= 499 && status !== 429;
  if (expected === '2xx') return status >= 200 && status <= 299;
  return status === expected;
}

export function describeExpected(expected: ExpectedStatus): string {
  const describe = (one: OneStatus) =>
    one === '4xx' ? 'a 4xx client error' : one === '2xx' ? 'a 2xx success' : String(one);
  return typeof expected === 'object' ? expected.map(describe).join(' or ') : describe(expected);
}

/** Whether the expected statuses include a success (2xx). */
export function expectsSuccess(expected: ExpectedStatus): boolean {
  const all: readonly OneStatus[] = typeof expected === 'object' ? expected : [expected];
  return all.some((one) => one === '2xx' || (one !== '4xx' && one >= 200 && one <= 299));
}

/** The pairs `<operationId> <status>` a demand names, one per status it accepts: how the report lists it. */
export function demandedPairs(operationId: string, expected: ExpectedStatus): string[] {
  const all: readonly OneStatus[] = typeof expected === 'object' ? expected : [expected];
  return all.map((one) => `${operationId} ${one}`);
}

/** Fails with the whole exchange unless the response has the expected status. */
export function expectStatus(response: ApiResponse, expected: ExpectedStatus, why?: string): void {
  if (statusMatches(expected, response.status)) return;
  const reason = why ? ` (${why})` : '';
  throw new ConformanceFailure(
    `expected status ${describeExpected(expected)}${reason}, got ${response.status}`,
    response.exchange,
  );
}
