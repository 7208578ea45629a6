/** What a walk of a listing's pages visited, against the listing it walked: each member once, all, and no other. */
import { describeIds, notIn, repeated } from './ids';
import { pointer, violation, type Violation } from './violation';

/** The ids the walk visited twice, never, or outside `listing` (when known), as violations of `requirement`. */
export function visitViolations(
  requirement: string,
  visited: readonly string[],
  listing?: readonly string[],
): Violation[] {
  const wrong: Violation[] = [];
  const add = (what: string, list: string[], expected: string) =>
    wrong.push(
      violation(
        requirement,
        pointer('members'),
        expected,
        describeIds(list),
        `${what}: ${describeIds(list)}`,
      ),
    );
  const twice = repeated(visited);
  if (twice.length > 0) add('visited twice', twice, 'each member once');
  if (listing) {
    const missing = notIn(listing, visited);
    const extra = notIn(visited, listing);
    if (missing.length > 0) add('never visited', missing, 'every member of the listing');
    if (extra.length > 0) add('visited, but not in the listing', extra, 'only members of the listing');
  }
  return wrong;
}
