import { TRACEPARENT_HEADER } from './trace';

/**
 * One request and its response, as the suite shows them in failures and reports: built redacted (redact.ts), so
 * no credential appears.
 */
export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  /** The body as sent; large bodies are summarised, not copied. */
  requestBody?: string;
  status: number;
  statusText: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
  /** Retries after 429/503 with Retry-After, or after a busy 409 (settle.ts), with the waits. */
  retries: Retry[];
  /** The trace the request belongs to and its own span (its `traceparent`, trace.ts); absent when not sent by the suite. */
  traceId?: string;
  spanId?: string;
}

/** One answer that was waited out and the request sent again: its status, and how long was waited. */
export interface Retry {
  status: number;
  waitedMs: number;
}

const SHOWN_BODY_CHARS = 2000;
export const TOKEN_HEADER = 'x-auth-token';

export function summariseBody(body: string | Buffer | undefined): string | undefined {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.length <= SHOWN_BODY_CHARS) return text;
  return `${text.slice(0, SHOWN_BODY_CHARS)}… (${text.length} characters in all)`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that replays the request; the token is read from $TARGET_TOKEN, never written out. The replay is
 * a request of its own: it does not send the original's `traceparent`.
 */
export function toCurl(exchange: Exchange): string {
  const parts = ['curl', '-sS', '-i', '-X', exchange.method, shellQuote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    const lower = name.toLowerCase();
    if (lower === TOKEN_HEADER) parts.push('-H', `"X-Auth-Token: $TARGET_TOKEN"`);
    else if (lower !== TRACEPARENT_HEADER) parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (exchange.requestBody !== undefined) {
    const complete = !exchange.requestBody.includes('… (');
    parts.push(
      '--data-binary',
      complete ? shellQuote(exchange.requestBody) : "'<the body above, too long to repeat>'",
    );
  }
  return parts.join(' ');
}

export function formatExchange(exchange: Exchange): string {
  const path = new URL(exchange.url).pathname + new URL(exchange.url).search;
  const lines = [`request:  ${exchange.method} ${path}`];
  for (const [name, value] of Object.entries(exchange.requestHeaders))
    lines.push(`          ${name}: ${value}`);
  if (exchange.requestBody !== undefined) lines.push(`          ${exchange.requestBody}`);
  const type = exchange.responseHeaders['content-type'] ?? 'no content type';
  lines.push(`response: ${exchange.status} ${exchange.statusText} (${type}, ${exchange.durationMs} ms)`);
  if (exchange.responseBody !== '') lines.push(`          ${summariseBody(exchange.responseBody)}`);
  for (const retry of exchange.retries)
    lines.push(`          (retried after ${retry.status}, waited ${retry.waitedMs} ms)`);
  lines.push(`replay:   ${toCurl(exchange)}`);
  return lines.join('\n');
}
