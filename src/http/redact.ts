/**
 * The one home of redaction: which headers and query parameters carry credentials, and how an exchange, a URL,
 * a text or a whole report is cleared of them before anything is printed or written. A credential is removed by
 * name (the header's or parameter's value becomes `<redacted>`) and by value (wherever the value it had shows up
 * again: an answer echoing it, a URL, a message). The run's client, the evidence, conformance.json and its page,
 * Playwright's reports and the validating proxy all go through here (docs/reports.md, docs/proxy.md).
 */
import type { Exchange } from './exchange';

export const REDACTED = '<redacted>';

/** What names a credential: exact names, and names that start or end with a given text; all case-insensitive. */
interface CredentialNames {
  exact: readonly string[];
  prefixes: readonly string[];
  suffixes: readonly string[];
}

/** Headers that carry credentials, in requests or in answers. */
export const CREDENTIAL_HEADERS: CredentialNames = {
  exact: [
    'x-auth-token',
    'authorization',
    'proxy-authorization',
    'x-security-token',
    'x-subject-token',
    'cookie',
    'set-cookie',
    'x-amz-credential',
    'x-amz-signature',
  ],
  prefixes: [],
  suffixes: ['-token', '-key', '-secret', '-signature', '-password', '-credential', '-credentials'],
};

/** Query parameters that carry credentials (presigned URLs, tokens in links). */
export const CREDENTIAL_PARAMETERS: CredentialNames = {
  exact: [
    'token',
    'signature',
    'sig',
    'access_key',
    'accesskey',
    'access_key_id',
    'awsaccesskeyid',
    'secret',
    'secret_key',
    'client_secret',
    'password',
    'passwd',
    'api_key',
    'apikey',
    'key',
    'auth',
    'credential',
    'credentials',
    'session',
    'sessionid',
  ],
  prefixes: ['x-amz-', 'x-goog-', 'x-obs-'],
  suffixes: ['token', '_key', '-key', '_secret', '-secret', 'signature', 'password', 'credential'],
};

/** Values shorter than this are redacted by name only: scrubbing "1" or "true" everywhere would garble the text. */
export const MIN_SCRUBBED_LENGTH = 4;

function named(names: CredentialNames, name: string): boolean {
  const lower = name.toLowerCase();
  return (
    names.exact.includes(lower) ||
    names.prefixes.some((p) => lower.startsWith(p)) ||
    names.suffixes.some((s) => lower.endsWith(s))
  );
}

export function isCredentialHeader(name: string): boolean {
  return named(CREDENTIAL_HEADERS, name);
}

export function isCredentialParameter(name: string): boolean {
  return named(CREDENTIAL_PARAMETERS, name);
}

/**
 * The secret values a credential header carries: the whole value, and its parts as they may show up elsewhere
 * (the credentials after an auth scheme and what Basic encodes, each cookie's value).
 */
function headerSecrets(name: string, value: string): string[] {
  const lower = name.toLowerCase();
  const found = [value];
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const [scheme, credentials] = value.trim().split(/\s+(.*)/s, 2);
    if (credentials) {
      found.push(credentials);
      if (scheme?.toLowerCase() === 'basic') {
        const decoded = Buffer.from(credentials, 'base64').toString('utf8');
        found.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
      }
    }
  }
  if (lower === 'cookie') for (const pair of value.split(';')) found.push(...cookieSecrets(pair));
  // Answers' Set-Cookie headers are joined with ", " (transport.ts): each cookie starts with name=value.
  if (lower === 'set-cookie')
    for (const cookie of value.split(/,\s*(?=[^;,=\s]+=)/))
      found.push(...cookieSecrets(cookie.split(';')[0]));
  return found;
}

function cookieSecrets(pair: string | undefined): string[] {
  const at = pair?.indexOf('=') ?? -1;
  if (pair === undefined || at < 0) return [];
  return [pair.trim(), pair.slice(at + 1).trim()];
}

/** Every credential value in the headers and in the query and user info of the URL. */
export function credentialsIn(headers: Record<string, string>, url?: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers))
    if (isCredentialHeader(name)) found.push(...headerSecrets(name, value));
  if (url !== undefined) {
    const query = url.indexOf('?');
    if (query >= 0)
      for (const part of url
        .slice(query + 1)
        .split('#')[0]!
        .split('&')) {
        const [name = '', value = ''] = part.split(/=(.*)/s, 2);
        if (isCredentialParameter(decoded(name))) found.push(value, decoded(value));
      }
    const info = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url)?.[1];
    if (info) found.push(info, ...info.split(':').map(decoded));
  }
  return found.filter((s) => s.length >= MIN_SCRUBBED_LENGTH);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The forms a secret takes in a text: as is, URL-encoded (both ways of spaces) and JSON-escaped. */
function forms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [secret, encoded, encoded.replace(/%20/g, '+'), JSON.stringify(secret).slice(1, -1)];
}

/** Replaces each secret of a text by `<redacted>`. */
type Scrub = (text: string) => string;

/** The scrubbers made last, by their secrets: a run scrubs the same secrets from exchange after exchange. */
const scrubbers = new Map<string, Scrub>();
const KEPT_SCRUBBERS = 32;

/** What replaces each secret, in each of its forms, by `<redacted>` in a text: the forms made once for all texts. */
function scrubber(secrets: readonly string[]): Scrub {
  const key = JSON.stringify(secrets);
  let scrub = scrubbers.get(key);
  if (!scrub) {
    if (scrubbers.size >= KEPT_SCRUBBERS) scrubbers.clear();
    scrub = newScrubber(secrets);
    scrubbers.set(key, scrub);
  }
  return scrub;
}

function newScrubber(secrets: readonly string[]): Scrub {
  // Longest first, so that a secret holding another is replaced whole.
  const all = [...new Set(secrets.filter((s) => s.length >= MIN_SCRUBBED_LENGTH).flatMap(forms))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let scrubbed = text;
    for (const secret of all) if (scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join(REDACTED);
    return scrubbed;
  };
}

/** The text with each secret, in each of its forms, replaced by `<redacted>`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return scrubber(secrets)(text);
}

/** Every string in the value (keys included) scrubbed of the secrets (scrubText). */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const usable = secrets.filter((s) => s.length >= MIN_SCRUBBED_LENGTH);
  if (usable.length === 0) return value;
  const scrubString = scrubber(usable);
  const scrub = (item: unknown): unknown => {
    if (typeof item === 'string') return scrubString(item);
    if (Array.isArray(item)) return item.map(scrub);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [scrub(k) as string, scrub(v)]));
    return item;
  };
  return scrub(value) as T;
}

/** The headers with each credential header's value `<redacted>` and the others scrubbed of the secrets. */
export function redactHeaders(
  headers: Record<string, string>,
  secrets: readonly string[] = credentialsIn(headers),
): Record<string, string> {
  return headersScrubbed(headers, scrubber(secrets));
}

function headersScrubbed(headers: Record<string, string>, scrub: Scrub): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isCredentialHeader(name) ? REDACTED : scrub(value),
    ]),
  );
}

/** The URL with its user info and each credential parameter's value `<redacted>`, the rest as it was. */
export function redactUrl(url: string, secrets: readonly string[] = credentialsIn({}, url)): string {
  return urlScrubbed(url, scrubber(secrets));
}

function urlScrubbed(url: string, scrub: Scrub): string {
  const withoutInfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  const query = withoutInfo.indexOf('?');
  if (query < 0) return scrub(withoutInfo);
  const [search, ...fragment] = withoutInfo.slice(query + 1).split('#');
  const parts = (search ?? '').split('&').map((part) => {
    const [name = ''] = part.split('=', 1);
    return isCredentialParameter(decoded(name)) && part.includes('=') ? `${name}=${REDACTED}` : part;
  });
  const rebuilt = `${withoutInfo.slice(0, query)}?${parts.join('&')}${fragment.length ? `#${fragment.join('#')}` : ''}`;
  return scrub(rebuilt);
}

/**
 * The exchange as it may be shown: credential headers (request and answer) and parameters redacted by name,
 * and every credential value they held, with `known` ones (the run's token), scrubbed from everything else.
 */
export function redactExchange(exchange: Exchange, known: readonly string[] = []): Exchange {
  const scrub = scrubber([
    ...known,
    ...credentialsIn(exchange.requestHeaders, exchange.url),
    ...credentialsIn(exchange.responseHeaders),
  ]);
  return {
    ...exchange,
    url: urlScrubbed(exchange.url, scrub),
    requestHeaders: headersScrubbed(exchange.requestHeaders, scrub),
    ...(exchange.requestBody !== undefined ? { requestBody: scrub(exchange.requestBody) } : {}),
    responseHeaders: headersScrubbed(exchange.responseHeaders, scrub),
    responseBody: scrub(exchange.responseBody),
  };
}
