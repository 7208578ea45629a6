import { lowerBoundBySeq } from './store';

export interface Listed {
  readonly id: string;
  readonly seq: number;
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

/** A listing in creation order: a marker is found by binary search, even one that is filtered out. */
export function bySeq<T extends Listed>(items: readonly T[]): Listing<T> {
  return {
    items,
    locate(marker) {
      const before = lowerBoundBySeq(items, marker.seq);
      return { before, after: items[before]?.seq === marker.seq ? before + 1 : before };
    },
  };
}

/** A listing in any order: a marker that is not in it sits at the start. */
export function byLookup<T extends Listed>(items: readonly T[]): Listing<T> {
  return {
    items,
    locate(marker) {
      const index = items.findIndex((item) => item.id === marker.id);
      return index < 0 ? { before: 0, after: 0 } : { before: index, after: index + 1 };
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
    const end = slot ? slot.before : total;
    const start = Math.max(0, end - request.limit);
    return { items: listing.items.slice(start, end), more: start > 0 };
  }
  const start = slot ? Math.min(total, Math.max(0, slot.after + (request.startShift ?? 0))) : 0;
  const end = Math.min(total, start + request.limit);
  return { items: listing.items.slice(start, end), more: end < total };
}
