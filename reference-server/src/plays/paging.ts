import type { Compare, Listed, Listing, MemberOrder, Page, PageRequest } from '../paging';

/*
 * How the faults and choices change listings and their pages (paging.ts). The handlers decide from the
 * switches what they ask for (an order, a start shift, a reverse page full or empty); these carry it out.
 */

/** Member id in string order: the order of the v2-order-by-id and v3-order-by-id choices. */
export const byId: Compare = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** How a listing in `order` compares its items, given how creation order does. */
export const comparator = (bySeq: Compare, order: MemberOrder | undefined): Compare =>
  order === 'id' ? byId : bySeq;

/** The v3-unstable-order fault's listing, in any order: a marker that is not in it sits at the start. */
export function byLookup<T extends Listed>(items: readonly T[]): Listing<T> {
  return {
    items,
    locate(marker) {
      const index = items.findIndex((item) => item.id === marker.id);
      return index < 0 ? { before: 0, after: 0 } : { before: index, after: index + 1 };
    },
  };
}

/** A reverse page, or none when it is short, after a marker, under v3-backward-walk-ends-empty. */
export const reversePage = <T>(page: Page<T>, request: PageRequest): Page<T> =>
  request.marker && request.reverseFullOrEmpty && page.items.length < request.limit
    ? { items: [], more: false }
    : page;

/** Where a forward page starts: after a marker, shifted by v3-page-includes-marker and v3-page-skips-one. */
export const forwardStart = (start: number, request: PageRequest, total: number): number =>
  request.marker && request.startShift ? Math.min(total, Math.max(0, start + request.startShift)) : start;

/** Where a reverse page starts and ends: from the start of the listing under v2-list-octavia-paging. */
export const reverseBounds = (start: number, end: number, request: PageRequest): [number, number] =>
  request.reverseFromStart ? [0, Math.min(end, request.limit)] : [start, end];
