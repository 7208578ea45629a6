/**
 * The requests the suite sent as an HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/), which
 * browsers' developer tools and HAR viewers open: one entry per HTTP request, each resend its own, with its
 * `traceparent` among the request headers and its trace and span ids as `_traceId` and `_spanId`; one page per
 * trace. Every entry is made from the redacted exchange (redact.ts), so no credential is in it.
 */
import type { Attempt } from './attempt';
import { shownExchange } from './layer';
import { credentialsIn, scrubText } from './redact';

export const HAR_VERSION = '1.2';

/**
 * Characters of an answer's body a HAR entry keeps: a listing of thousands of members is half a megabyte, and a
 * run that reads hundreds of them would write a HAR no viewer opens. A longer body keeps its first part, and the
 * entry's `content.comment` says so; `content.size` is always the whole body's.
 */
export const HAR_BODY_CHARS = 65_536;

/** An answer's body as a HAR entry keeps it. */
function harContent(body: string): { text: string; comment?: string } {
  if (body.length <= HAR_BODY_CHARS) return { text: body };
  return {
    text: body.slice(0, HAR_BODY_CHARS),
    comment: `the first ${HAR_BODY_CHARS} of ${body.length} characters of the body`,
  };
}

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  /** The page of the entry's trace. */
  pageref: string;
  startedDateTime: string;
  /** The sum of the timings (ms). */
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    /** The body as sent; one over 2,000 characters is summarised (exchange.ts). */
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    /** 0 when no answer came. */
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    /** -1 when no answer came. */
    bodySize: number;
    /** Why no answer came: the connection refused, reset or closed, or silent past the timeout. */
    _error?: string;
  };
  cache: Record<string, never>;
  /** No part of the time is told apart but sending, waiting and receiving. */
  timings: { blocked: -1; dns: -1; connect: -1; ssl: -1; send: number; wait: number; receive: number };
  _traceId: string;
  _spanId: string;
}

export interface HarPage {
  startedDateTime: string;
  /** The trace id of the requests it holds. */
  id: string;
  title: string;
  pageTimings: Record<string, never>;
}

export interface Har {
  log: {
    version: typeof HAR_VERSION;
    creator: { name: string; version: string };
    pages: HarPage[];
    entries: HarEntry[];
  };
}

const pairs = (record: Record<string, string>): HarNameValue[] =>
  Object.entries(record).map(([name, value]) => ({ name, value }));

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** The parameters of a URL's query, decoded. */
function queryOf(url: string): HarNameValue[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const search = new URLSearchParams(url.slice(query + 1).split('#')[0]);
  return [...search].map(([name, value]) => ({ name, value }));
}

/** Why a request got no answer, scrubbed of what it carried (the message may quote its URL). */
function errorText(request: Attempt['request'], error: Error): string {
  return scrubText(error.message, [...request.secrets, ...credentialsIn(request.headers, request.url)]);
}

/**
 * A URL as HAR's `url` (a URI) can hold it: a `%` that starts no escape, which a check of the paths that name
 * nothing sends on purpose, is written `%25`.
 */
export const asUri = (url: string): string => url.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');

/** One request that went out, and its answer or the error that came instead, as a HAR entry. */
export function harEntry({ request, span, startedAt, reply, error }: Attempt): HarEntry {
  const shown =
    reply?.shown ??
    shownExchange(request, { status: 0, statusText: '', headers: {}, text: '', durationMs: 0, span });
  const timings = reply?.timings ?? { sendMs: 0, waitMs: Date.now() - startedAt, receiveMs: 0 };
  const body = request.body;
  const mimeType = headerOf(request.headers, 'content-type') ?? 'application/octet-stream';
  return {
    pageref: span.traceId,
    startedDateTime: new Date(startedAt).toISOString(),
    time: Math.round((timings.sendMs + timings.waitMs + timings.receiveMs) * 100) / 100,
    request: {
      method: shown.method,
      url: asUri(shown.url),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(shown.requestHeaders),
      queryString: queryOf(shown.url),
      ...(body !== undefined ? { postData: { mimeType, text: shown.requestBody ?? '' } } : {}),
      headersSize: -1,
      bodySize: body === undefined ? 0 : Buffer.byteLength(body),
    },
    response: {
      status: shown.status,
      statusText: shown.statusText,
      httpVersion: reply?.httpVersion ?? '',
      cookies: [],
      headers: pairs(shown.responseHeaders),
      content: {
        size: reply?.body.length ?? 0,
        mimeType: headerOf(shown.responseHeaders, 'content-type') ?? '',
        ...harContent(shown.responseBody),
      },
      redirectURL: headerOf(shown.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: reply?.body.length ?? -1,
      ...(error ? { _error: errorText(request, error) } : {}),
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: timings.sendMs,
      wait: timings.waitMs,
      receive: timings.receiveMs,
    },
    _traceId: span.traceId,
    _spanId: span.spanId,
  };
}

/** A HAR of the entries, in the order they went out, with a page titled `title` for each trace among them. */
export function harOf(
  entries: readonly HarEntry[],
  creator: Har['log']['creator'],
  title: (traceId: string) => string,
): Har {
  const sorted = [...entries].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  const pages = new Map<string, HarPage>();
  for (const entry of sorted)
    if (!pages.has(entry.pageref))
      pages.set(entry.pageref, {
        startedDateTime: entry.startedDateTime,
        id: entry.pageref,
        title: title(entry.pageref),
        pageTimings: {},
      });
  return { log: { version: HAR_VERSION, creator, pages: [...pages.values()], entries: sorted } };
}
