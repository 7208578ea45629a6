/**
 * A failure as the conformance report records it: where it happened, what went wrong in one line, the whole
 * message, and the evidence its check recorded (the exchange, schema violations, the property's seed).
 */
import type { TestCase } from '@playwright/test/reporter';
import { plainText, type FailureEvidence } from '../evidence';
import type { Exchange } from '../http/exchange';
import type { ReportedFailure } from './model';
import { locationOf, testKeyOf } from './test-case';

const MAX_BODY_CHARS = 20_000;

function capped(text: string): string {
  return text.length <= MAX_BODY_CHARS
    ? text
    : `${text.slice(0, MAX_BODY_CHARS)}… (${text.length} characters in all)`;
}

/** The first line of a message; a list it announces ("...:" then "  - ...") is folded in. */
export function summaryOf(message: string): string {
  const [first = '', ...rest] = plainText(message).trim().split('\n');
  if (!first.endsWith(':')) return first;
  const items: string[] = [];
  for (const line of rest) {
    if (!line.startsWith('  - ')) break;
    items.push(line.slice(4));
  }
  if (items.length === 0) return first;
  return `${first} ${items[0]}${items.length > 1 ? ` (and ${items.length - 1} more)` : ''}`;
}

/** A failure's exchange as the report shows it: the request (its path apart), the response (body capped). */
export function reportedExchange(
  exchange: Exchange,
): Pick<ReportedFailure, 'request' | 'response' | 'retries'> {
  let path: string;
  try {
    const url = new URL(exchange.url);
    path = url.pathname + url.search;
  } catch {
    path = exchange.url;
  }
  return {
    request: {
      method: exchange.method,
      url: exchange.url,
      path,
      headers: exchange.requestHeaders,
      ...(exchange.requestBody !== undefined ? { body: exchange.requestBody } : {}),
    },
    response: {
      status: exchange.status,
      statusText: exchange.statusText,
      headers: exchange.responseHeaders,
      body: capped(exchange.responseBody),
      durationMs: exchange.durationMs,
    },
    retries: exchange.retries,
  };
}

/** The trace and span ids a failure names: its exchange's, else the trace it was recorded in. */
export function traceOf(
  exchange: Exchange | undefined,
  traceId = exchange?.traceId,
): Pick<ReportedFailure, 'traceId' | 'spanId'> {
  return {
    ...(traceId !== undefined ? { traceId } : {}),
    ...(exchange?.spanId !== undefined ? { spanId: exchange.spanId } : {}),
  };
}

/**
 * The record of one error of a test: `message` as the test's error carries it, the summary from the evidence's
 * own message (without the name Playwright puts in front) where the check recorded one.
 */
export function reportedFailure(
  test: TestCase,
  message: string,
  rootDir: string,
  evidence?: FailureEvidence,
): ReportedFailure {
  const exchange = evidence?.exchange;
  const key = testKeyOf(test);
  return {
    test: test.title,
    ...(key !== undefined ? { testKey: key } : {}),
    location: locationOf(test, rootDir),
    summary: summaryOf(evidence?.message ?? message),
    message,
    ...(exchange ? reportedExchange(exchange) : { retries: [] }),
    violations: evidence?.violations ?? [],
    ...(evidence?.property ? { property: evidence.property } : {}),
    ...(evidence?.curl ? { curl: evidence.curl } : {}),
    ...traceOf(exchange, evidence?.traceId),
  };
}
