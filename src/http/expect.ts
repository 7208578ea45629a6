import type { ApiResponse } from './client';
import { ConformanceFailure } from './failure';

type OneStatus = number | '4xx';
/** One status, `'4xx'` for any client error, or a list of either, any of which conforms. */
export type ExpectedStatus = OneStatus | readonly OneStatus[];

/** A 429 is the gateway's "not now", never the rejection a requirement asks for (docs/readings.md §5). */
export function statusMatches(expected: ExpectedStatus, status: number): boolean {
  const one = (e: OneStatus) =>
    e === '4xx' ? status >= 400 && status <= 499 && status !== 429 : status === e;
  return typeof expected === 'object' ? expected.some(one) : one(expected);
}

export function describeExpected(expected: ExpectedStatus): string {
  const one = (e: OneStatus) => (e === '4xx' ? 'a 4xx client error' : String(e));
  return typeof expected === 'object' ? expected.map(one).join(' or ') : one(expected);
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

/** Fails unless actual deep-equals expected, naming the field. */
export function expectField(response: ApiResponse, field: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  throw new ConformanceFailure(
    `${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    response.exchange,
  );
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** Fails, counted against the requirement, when an answer with a body is not labelled application/json. */
export function expectJsonLabelled(requirement: string, response: ApiResponse): void {
  const type = response.headers['content-type'];
  if (response.text === '' || JSON_MEDIA_TYPE.test(type ?? '')) return;
  throw ConformanceFailure.against(
    requirement,
    `a ${response.status} answer is labelled ${type ?? 'nothing'}`,
    response.exchange,
  );
}
