import { comparator, forwardStart, reverseBounds, reversePage } from './plays/paging';

export interface Listed {
  readonly id: string;
  readonly seq: number;
}

/** Creation order (the default), or member id in string order (v2-order-by-id, v3-order-by-id: plays/paging.ts). */
export type MemberOrder = 'seq' | 'id';

export type Compare = (a: Listed, b: Listed) => number;

/** Creation order. */
export const bySeq: Compare = (a, b) => a.seq - b.seq;

/** Index of the first item not before `probe` in `items`, sorted by `compare` (`items.length` if none). */
export function lowerBound<T extends Listed>(items: readonly T[], probe: Listed, compare: Compare): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item && compare(item, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An ordered listing and how to find where a marker sits in it. */
export interface Listing<T extends Listed> {
  readonly items: readonly T[];
  /**
   * `[before, after)` is the marker's slot: items before `before` come before it, items from `after` on
   * come after it. The slot is empty when the listing does not hold the marker itself.
   */
  locate(marker: Listed): { before: number; after: number };
}

/** A listing sorted in `order`: a marker is found by binary search, even one that is filtered out. */
export function inOrder<T extends Listed>(items: readonly T[], order: MemberOrder): Listing<T> {
  const compare = comparator(bySeq, order);
  return {
    items,
    locate(marker) {
      const before = lowerBound(items, marker, compare);
      return { before, after: items[before]?.id === marker.id ? before + 1 : before };
    },
  };
}

export interface PageRequest {
  /** Infinity for no limit. */
  readonly limit: number;
  readonly marker?: Listed;
  /** The `limit` items just before the marker (or the last ones without a marker), in listing order. */
  readonly reverse: boolean;
  /** Shifts where a forward page after a marker starts (models off-by-one bugs). */
  readonly startShift?: number;
  /** A reverse page after a marker is full or empty, never short (v3-backward-walk-ends-empty). */
  readonly reverseFullOrEmpty?: boolean;
  /** A reverse page holds the first `limit` items before the marker, as Octavia's (v2-list-octavia-paging). */
  readonly reverseFromStart?: boolean;
}

export interface Page<T> {
  readonly items: T[];
  /** More items follow in the walking direction. */
  readonly more: boolean;
}

export function paginate<T extends Listed>(listing: Listing<T>, request: PageRequest): Page<T> {
  const total = listing.items.length;
  const slot = request.marker ? listing.locate(request.marker) : undefined;
  if (request.reverse) {
    const before = slot ? slot.before : total;
    const [start, end] = reverseBounds(Math.max(0, before - request.limit), before, request);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `more` of a reverse page only decides its next_marker, which docs/readings.md §5 leaves open (docs/mutation.md)
    const page = { items: listing.items.slice(start, end), more: start > 0 };
    return reversePage(page, request);
  }
  const start = forwardStart(slot ? slot.after : 0, request, total);
  const end = Math.min(total, start + request.limit);
  return { items: listing.items.slice(start, end), more: end < total };
}
