/** The URL of an operation and the credentials of a request: the only place either is put together. */
import type { TargetConfig } from '../settings/target';

type QueryValue = string | number | boolean;

export type Query = Record<string, QueryValue | QueryValue[] | undefined>;

/** Which token a request sends: the target's (default), another one, or none at all. */
export type TokenChoice = { kind: 'target' } | { kind: 'none' } | { kind: 'other'; value: string };

const TARGET_TOKEN: TokenChoice = { kind: 'target' };

/** `base` + the path template with its `{name}` parameters filled in (encoded), + the query. */
export function operationUrl(
  base: string,
  template: string,
  path: Record<string, string>,
  query: Query = {},
): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined) throw new Error(`path parameter ${name} missing for ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return `${base}${filled}${text ? `?${text}` : ''}`;
}

/** Accept: application/json, and X-Auth-Token when there is a token to send. */
export function tokenHeaders(token: string | undefined): Record<string, string> {
  return { Accept: 'application/json', ...(token !== undefined ? { 'X-Auth-Token': token } : {}) };
}

/** The headers of a request that sends the chosen token. */
export function authHeaders(target: TargetConfig, token: TokenChoice = TARGET_TOKEN): Record<string, string> {
  if (token.kind === 'other') return tokenHeaders(token.value);
  return tokenHeaders(token.kind === 'target' ? target.token : undefined);
}

/** The credentials a request with this token choice may carry, to scrub by value from what is shown. */
export function secretsOf(target: TargetConfig, token: TokenChoice = TARGET_TOKEN): string[] {
  return [
    ...(target.token !== undefined ? [target.token] : []),
    ...(token.kind === 'other' ? [token.value] : []),
  ];
}
