/**
 * Query backend servers (v3): pagination. "Parameters marker, limit, and page_reverse are used for pagination
 * query." (docs/vendor/v3-query-backend-servers.txt:15), page_info (docs/readings.md §5).
 */
import { isRecord } from '../json';
import { describeIds, firstDifference } from './ids';
import { finding, pointer, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';
import { visitViolations } from './visits';

/** The next_marker a page names, by which a client walks on. */
export function nextMarkerOf(answer: unknown): string | undefined {
  const info = isRecord(answer) && isRecord(answer.page_info) ? answer.page_info : undefined;
  return typeof info?.next_marker === 'string' ? info.next_marker : undefined;
}

/** The page_info of a listing's answer, if it has one. */
export function pageInfoOf(answer: unknown): Record<string, unknown> | undefined {
  return isRecord(answer) && isRecord(answer.page_info) ? answer.page_info : undefined;
}

/**
 * V3-PAGE-INFO: page_info counts the page's members and names its first (previous_marker) and last
 * (next_marker) member. `more`: whether members follow this page (true: next_marker must name the last; false:
 * there must be none), or undefined when that is not known (then a next_marker, if any, must name the last).
 */
export function pageInfo(ids: readonly string[], info: unknown, more: boolean | undefined): Finding[] {
  const page = isRecord(info) ? info : {};
  const wrong: Violation[] = [];
  const add = (field: string, expected: string, message: string) =>
    wrong.push(
      violation(
        'V3-PAGE-INFO',
        pointer('page_info', field),
        expected,
        JSON.stringify(page[field]) ?? '(absent)',
        message,
      ),
    );
  if (page.current_count !== ids.length)
    add(
      'current_count',
      String(ids.length),
      `current_count is ${String(page.current_count)}, the page holds ${ids.length}`,
    );
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (first !== undefined && page.previous_marker !== first)
    add(
      'previous_marker',
      first,
      `previous_marker is ${String(page.previous_marker)}, the first member ${first}`,
    );
  if (more === false && page.next_marker !== undefined)
    add('next_marker', '(absent)', `the last page carries next_marker ${String(page.next_marker)}`);
  if (more === true && page.next_marker !== last)
    add(
      'next_marker',
      String(last),
      `next_marker is ${String(page.next_marker)}, the last member ${String(last)}, and more follow`,
    );
  if (more === undefined && page.next_marker !== undefined && page.next_marker !== last)
    add(
      'next_marker',
      String(last ?? '(none)'),
      `next_marker is ${String(page.next_marker)}, the last member ${last ?? '(none)'}`,
    );
  return [finding('V3-PAGE-INFO', wrong)];
}

/**
 * V3-WALK-FORWARD: a walk by next_marker visits no member twice; when the listing it walked is known, it
 * visits every member of it and no other.
 */
export function walkForward(pages: readonly (readonly string[])[], listing?: readonly string[]): Finding[] {
  return [finding('V3-WALK-FORWARD', visitViolations('V3-WALK-FORWARD', pages.flat(), listing))];
}

/**
 * V3-MARKER-CONTINUITY: a page asked for with a marker and a limit starts right after the marker's member.
 * When the listing's members after the marker are known (`expected`, up to the limit), the page is exactly
 * they; otherwise it must at least not hold the marker's member itself.
 */
export function pageAfterMarker(
  marker: string,
  ids: readonly string[],
  expected?: readonly string[],
): Finding[] {
  const wrong: Violation[] = [];
  if (expected !== undefined && ids.join() !== expected.join())
    wrong.push(
      violation(
        'V3-MARKER-CONTINUITY',
        pointer('members'),
        describeIds(expected),
        describeIds(ids),
        `the page holds ${describeIds(ids)}, expected ${describeIds(expected)}`,
      ),
    );
  if (expected === undefined && ids.includes(marker))
    wrong.push(
      violation(
        'V3-MARKER-CONTINUITY',
        pointer('members', ids.indexOf(marker)),
        `members after ${marker}`,
        marker,
        `the page after marker ${marker} holds the marker's member itself`,
      ),
    );
  return [finding('V3-MARKER-CONTINUITY', wrong)];
}

/** Two listings of one pool (or a listing and the pages of a walk) list the members in one order. */
export function sameOrder(
  requirement: string,
  expected: readonly string[],
  got: readonly string[],
): Finding[] {
  if (got.join() === expected.join()) return [finding(requirement, [])];
  return [
    finding(requirement, [
      violation(
        requirement,
        pointer('members'),
        describeIds(expected),
        describeIds(got),
        `${firstDifference(expected, got)}:\n  ${describeIds(got)}\n  ${describeIds(expected)}`,
      ),
    ]),
  ];
}

/**
 * V3-WALK-BACKWARD: walking back with page_reverse from the last page of a forward walk gives the forward
 * walk's other pages, in reverse.
 */
export function walkBackward(
  forward: readonly (readonly string[])[],
  backward: readonly (readonly string[])[],
): Finding[] {
  const expected = forward
    .slice(0, -1)
    .reverse()
    .map((page) => page.join(', '));
  const got = backward.map((page) => page.join(', '));
  if (got.join(' | ') === expected.join(' | ')) return [finding('V3-WALK-BACKWARD', [])];
  const pages = (list: string[]) => list.join(' | ') || '(no page)';
  return [
    finding('V3-WALK-BACKWARD', [
      violation(
        'V3-WALK-BACKWARD',
        pointer('members'),
        pages(expected),
        pages(got),
        `gave\n  ${pages(got)}\nexpected\n  ${pages(expected)}`,
      ),
    ]),
  ];
}

/**
 * V3-REVERSE-VALUES: a listing with limit, a marker and page_reverse spelled other than true or false (`value`)
 * is refused, or answers the page the same request gives with page_reverse=true (`asTrue`) or with
 * page_reverse=false (`asFalse`): the page documents only those two values, and a server may read another
 * spelling as either (docs/readings.md §5). `got` is the page's members when it was answered 200, undefined when
 * it was refused.
 */
export function reverseSpelling(
  value: string,
  got: readonly string[] | undefined,
  asTrue: readonly string[],
  asFalse: readonly string[],
): Finding {
  const same = (page: readonly string[]) => got !== undefined && page.join(', ') === got.join(', ');
  if (got === undefined || same(asTrue) || same(asFalse)) return finding('V3-REVERSE-VALUES', []);
  const shown = (page: readonly string[]) => page.join(', ') || '(no member)';
  return finding('V3-REVERSE-VALUES', [
    violation(
      'V3-REVERSE-VALUES',
      pointer('members'),
      `${shown(asTrue)} or ${shown(asFalse)}`,
      shown(got),
      `page_reverse=${JSON.stringify(value)} gave the page ${shown(got)}: neither the page of page_reverse=true ` +
        `(${shown(asTrue)}) nor that of page_reverse=false (${shown(asFalse)}), nor a refusal`,
    ),
  ]);
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const PAGING_RULES: readonly RuleEntry[] = [
  entry('V3-PAGE-INFO', pageInfo, true),
  entry('V3-WALK-FORWARD', walkForward, true),
  entry('V3-MARKER-CONTINUITY', pageAfterMarker, true),
  entry('V3-STABLE-ORDER', sameOrder),
  entry('V3-MARKER-WITHOUT-LIMIT', sameOrder),
  entry('V3-LIMIT-RANGE', sameOrder),
  entry('V3-REVERSE-DEFAULT', sameOrder),
  entry('V3-WALK-BACKWARD', walkBackward),
  entry('V3-REVERSE-VALUES', reverseSpelling),
];
