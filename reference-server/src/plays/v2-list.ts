import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import type { ApiRequest, Reply } from '../http';
import type { Listed, PageRequest } from '../paging';
import { parseV2ListQuery, type V2ListQuery } from '../query';
import type { Member, MemberStore } from '../store';
import type { Validation } from '../validation';

/** A link of `members_links`. */
interface Link {
  readonly rel: string;
  readonly href: string;
}

/** A filter of the listing: a parameter and the values it takes. */
type FilterEntry = readonly [string, readonly string[]];

const PAGING = ['limit', 'marker', 'page_reverse'];

/** The query without the named parameters. */
function without(query: URLSearchParams, names: readonly string[]): URLSearchParams {
  const kept = new URLSearchParams(query);
  for (const name of names) kept.delete(name);
  return kept;
}

/** A link's href with `change` made to its query. */
function edited(link: Link, change: (params: URLSearchParams) => void): Link {
  const url = new URL(link.href);
  change(url.searchParams);
  return { rel: link.rel, href: url.toString() };
}

/** Octavia's links (octavia/api/common/pagination.py, _make_links): limit and marker only, no filters. */
function octaviaLinks(items: readonly Listed[], { limit, marker }: V2ListQuery, base: string): Link[] {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last || limit === undefined) return [];
  const href = (at: string, back: boolean): string =>
    `${base}?limit=${limit}&marker=${at}${back ? '&page_reverse=True' : ''}`;
  return [
    ...(marker ? [{ rel: 'previous', href: href(first.id, true) }] : []),
    ...(items.length >= limit ? [{ rel: 'next', href: href(last.id, false) }] : []),
  ];
}

/** How the faults and choices change the v2.0 listing (v2.ts, list). */
export function v2ListPlays(f: FaultSet, c: ChoiceSet) {
  /** The filters' index, by pool: members filtered listings show whatever became of them (under two faults). */
  const stale = new Map<string, Member[]>();

  return {
    /** A listing of a pool that does not exist: v2-list-unknown-pool-empty answers it as an empty pool. */
    unknownPool: (reply: Reply): Reply =>
      f.has('v2-list-unknown-pool-empty') ? { status: 200, body: { members: [], members_links: [] } } : reply,
    /**
     * The query as the server takes it, given its default reading, the request, and the store that finds a
     * marker's member: a server that does not page, or filters nothing, or pages as Octavia does, reads it
     * otherwise, and some faults too.
     */
    query: (
      parsed: Validation<V2ListQuery>,
      req: ApiRequest,
      store: MemberStore,
    ): Validation<V2ListQuery> => {
      const raw = req.query;
      let query = parsed;
      if (c.has('v2-list-unpaged')) query = parseV2ListQuery(without(raw, PAGING));
      else if (c.has('v2-list-octavia-paging')) {
        const limit = raw.get('limit') ?? '';
        const none = /^-?[0-9]{1,15}$/.test(limit) && Number(limit) < 1;
        const read = parseV2ListQuery(without(raw, none ? ['limit', 'page_reverse'] : ['page_reverse']));
        query = read.ok
          ? { ok: true, value: { ...read.value, reverse: raw.get('page_reverse') === 'True' } }
          : read;
      } else if (f.has('v2-limit-read-as-number') && Number(raw.get('limit')) > 0) {
        const read = parseV2ListQuery(without(raw, ['limit']));
        if (read.ok) query = { ok: true, value: { ...read.value, limit: Number(raw.get('limit')) } };
      } else if (f.has('v2-page-reverse-truthy') && raw.has('page_reverse')) {
        const read = parseV2ListQuery(without(raw, ['page_reverse']));
        if (read.ok)
          query = { ok: true, value: { ...read.value, reverse: raw.get('page_reverse') !== 'false' } };
      }
      if (!query.ok) return query;
      const { marker } = query.value;
      if (
        f.has('v2-unknown-marker-ignored') &&
        marker !== undefined &&
        !store.get(req.params.poolId ?? '', marker)
      )
        query = { ok: true, value: { ...query.value, marker: undefined } };
      if (c.has('v2-list-filters-ignored'))
        query = { ok: true, value: { ...query.value, filters: new Map() } };
      return query;
    },
    /** The status that refuses a marker naming no member of the pool. */
    unknownMarkerStatus: (status: number): number => (c.has('v2-marker-unknown-404') ? 404 : status),
    /** How a member is matched to every filter, given the default (all of them) and how it matches one. */
    combined:
      (
        every: (m: Member) => boolean,
        filters: readonly FilterEntry[],
        one: (m: Member, e: FilterEntry) => boolean,
      ) =>
      (m: Member): boolean =>
        f.has('v2-filter-any-of') ? filters.some((e) => one(m, e)) : every(m),
    /**
     * The members a filtered listing holds, given the ones that match `keep`: with the members the filters'
     * index still holds (v2-filter-keeps-deleted, v2-filter-index-keeps-refused), which is empty otherwise.
     */
    filtered: (items: Member[], keep: (m: Member) => boolean, poolId: string): Member[] => {
      const indexed = (stale.get(poolId) ?? []).filter(keep);
      return indexed.length === 0 ? items : [...items, ...indexed].sort((a, b) => a.seq - b.seq);
    },
    /** A member the filters' index keeps whatever becomes of it (a deleted one, or a refused create's). */
    indexed: (member: Member): void => {
      stale.set(member.poolId, [...(stale.get(member.poolId) ?? []), member]);
    },
    /** The page asked for, given the members it is cut from (`items`) and the pool's (`all`: items unless filtered). */
    pageRequest: (request: PageRequest, items: readonly Listed[], all: readonly Listed[]): PageRequest => ({
      ...request,
      ...(request.reverse && f.has('v2-reverse-limit-ignored') ? { limit: Infinity } : {}),
      ...(c.has('v2-list-octavia-paging') && !c.has('v2-list-unpaged') ? { reverseFromStart: true } : {}),
      ...(f.has('v2-filtered-marker-skips') &&
      request.marker &&
      !items.some((m) => m.id === request.marker?.id)
        ? { startShift: 1 }
        : {}),
      ...(f.has('v2-filtered-default-page') && items !== all && request.limit === Infinity
        ? { limit: 2 }
        : {}),
    }),
    /** The links of a page, given the default ones, the page's members, the query and the request. */
    links: (links: Link[], items: readonly Listed[], query: V2ListQuery, req: ApiRequest): Link[] => {
      if (c.has('v2-list-octavia-paging')) return octaviaLinks(items, query, `${req.origin}${req.path}`);
      const { marker, reverse } = query;
      return links.map((link) => {
        if (f.has('v2-next-link-keeps-marker') && link.rel === 'next' && !reverse)
          return edited(link, (p) => (marker ? p.set('marker', marker) : p.delete('marker')));
        if (f.has('v2-previous-link-forward') && link.rel === 'previous' && !reverse)
          return edited(link, (p) => p.delete('page_reverse'));
        if (f.has('v2-reverse-next-link-backwards') && link.rel === 'next' && reverse)
          return edited(link, (p) => p.set('page_reverse', 'True'));
        return link;
      });
    },
    /** The body of a listing: without members_links where the server does not page, bare hrefs under a fault. */
    body: (body: { members: unknown[]; members_links: Link[] }): Record<string, unknown> => {
      if (c.has('v2-list-unpaged')) return { members: body.members };
      if (f.has('v2-links-bare-hrefs'))
        return { ...body, members_links: body.members_links.map((l) => l.href) };
      return body;
    },
  };
}

export type V2ListPlays = ReturnType<typeof v2ListPlays>;
