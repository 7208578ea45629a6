/** How rules name lists of member ids in their messages. */

/** At most this many ids in a message: a pool of others' members may hold thousands. */
const SHOWN_IDS = 20;

export function describeIds(list: readonly string[]): string {
  if (list.length === 0) return '(none)';
  const shown = list.slice(0, SHOWN_IDS).join(', ');
  return list.length > SHOWN_IDS ? `${shown}, … (${list.length} in all)` : shown;
}

/** Where two orderings of ids first part. */
export function firstDifference(expected: readonly string[], got: readonly string[]): string {
  const at = expected.findIndex((id, i) => got[i] !== id);
  const i = at < 0 ? expected.length : at;
  return `at position ${i + 1}: ${got[i] ?? '(nothing)'} where ${expected[i] ?? '(nothing)'} was listed`;
}

/** The ids of `list` that `other` lacks, in `list`'s order (in linear time: listings may hold thousands). */
export function notIn(list: readonly string[], other: readonly string[]): string[] {
  const held = new Set(other);
  return list.filter((id) => !held.has(id));
}

/** A test that, asked of ids one after another, says whether it has seen each one before. */
export function seenBefore(): (id: string) => boolean {
  const seen = new Set<string>();
  return (id) => seen.size === seen.add(id).size;
}

/** Every occurrence of an id after its first, in order. */
export function repeated(list: readonly string[]): string[] {
  return list.filter(seenBefore());
}
