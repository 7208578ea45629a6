/**
 * The v2.0 listing read as the paging and filter checks read it (docs/readings.md §2): one page of a scope (a
 * query of filters), a walk forward by the "next" links of `members_links`, a walk back by the "previous" ones.
 * A link need not repeat the filters of the request that gave it (Octavia's carry only limit, marker and
 * page_reverse), so the scope's filters are sent again with it; a target that sends no links at all is walked by
 * marker while its pages are full. Pages are read unchecked but for their status: the rules judge them.
 */
import type { ApiResponse } from '../http/client';
import type { Query } from '../http/request';
import { linkHref } from '../http/settle';
import { linkOnTarget } from '../http/transport';
import { NoVerdict } from '../http/no-verdict';
import type { V2Member, V2Members } from './members';

/** The filters of the listing of one (address, protocol_port) pair. */
export const pairQuery = (endpoint: { address: string; port: number }): Query => ({
  address: endpoint.address,
  protocol_port: String(endpoint.port),
});

/** Whether a listed member is on the pair: a target that ignores the filters lists others too. */
export const on =
  (endpoint: { address: string; port: number }) =>
  (member: { address?: unknown; protocol_port?: unknown }): boolean =>
    member.address === endpoint.address && member.protocol_port === endpoint.port;

export interface V2Page {
  response: ApiResponse;
  members: V2Member[];
  ids: string[];
  /** `members_links` as the answer gave it. */
  links: unknown;
  /** The queries of its "next" and "previous" links, with the scope's filters. */
  next?: Query;
  previous?: Query;
}

function linkQuery(v2: V2Members, links: unknown, rel: string, scope: Query): Query | undefined {
  const href = linkHref(links, rel);
  if (href === undefined) return undefined;
  const url = linkOnTarget(href, v2.target.url, `the "${rel}" link of members_links`);
  return { ...scope, ...Object.fromEntries(url.searchParams) };
}

/** One page of the listing of `scope` with `query` (limit, marker, page_reverse). */
export async function readPage(v2: V2Members, scope: Query, query: Query = {}): Promise<V2Page> {
  const { response, members } = await v2.listPage({ ...scope, ...query });
  const links = (response.json as { members_links?: unknown }).members_links;
  const next = linkQuery(v2, links, 'next', scope);
  const previous = linkQuery(v2, links, 'previous', scope);
  return {
    response,
    members,
    ids: members.map((m) => String(m?.id)),
    links,
    ...(next ? { next } : {}),
    ...(previous ? { previous } : {}),
  };
}

/**
 * A walk of the scope with `limit` from its first page, by "next" links (by marker while pages are full, for a
 * target that sends no `members_links`), until a page is empty or links no next one, or `bound` pages are read.
 */
export async function walkForward(
  v2: V2Members,
  scope: Query,
  limit: number,
  bound: number,
): Promise<{ pages: V2Page[]; ended: boolean }> {
  const pages: V2Page[] = [];
  let query: Query | undefined = { limit: String(limit) };
  while (query !== undefined && pages.length < bound) {
    const page: V2Page = await readPage(v2, scope, query);
    pages.push(page);
    const last = page.ids.at(-1);
    const byMarker =
      page.links === undefined && page.ids.length === limit && last !== undefined
        ? { limit: String(limit), marker: last }
        : undefined;
    query = page.ids.length === 0 ? undefined : (page.next ?? byMarker);
  }
  return { pages, ended: query === undefined };
}

/** A walk back from `from` by "previous" links, until a page is empty or links no previous one, or `bound` pages. */
export async function walkBackward(
  v2: V2Members,
  scope: Query,
  from: V2Page,
  bound: number,
): Promise<V2Page[]> {
  const pages: V2Page[] = [];
  for (let link = from.previous; link !== undefined && pages.length < bound;) {
    const page: V2Page = await readPage(v2, scope, link);
    pages.push(page);
    link = page.ids.length === 0 ? undefined : page.previous;
  }
  return pages;
}

const ATTEMPTS = 3;

/**
 * Runs `check` on the scope's listing read whole, without limit. When the check fails and a fresh read of the
 * scope lists other members, someone else wrote to it meanwhile (a target that ignores the scope's filter lists
 * the whole pool, which others share): it is run again, up to three times, and then gives no verdict.
 */
export async function onStableScope(
  v2: V2Members,
  scope: Query,
  check: (whole: V2Page) => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const whole = await readPage(v2, scope);
    try {
      return await check(whole);
    } catch (error) {
      const again = await readPage(v2, scope).catch(() => whole);
      if (again.ids.join() === whole.ids.join()) throw error;
      if (attempt === ATTEMPTS)
        throw new NoVerdict(
          `the listing changed during each of ${ATTEMPTS} attempts to page it: someone else is writing to the pool`,
        );
    }
  }
}
