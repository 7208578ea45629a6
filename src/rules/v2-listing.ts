/**
 * The v2.0 listing's pages (GET /v2.0/lbaas/pools/{pool_id}/members, docs/readings.md §2): walked by the
 * `members_links` of each page, forward by "next" and back by "previous", and what it makes of a limit or a
 * marker it cannot take. Each rule judges what a test read of one scope (the members of one address, which only
 * the test writes) against that scope's listing read whole, without limit (`whole`: its ids, in its order).
 */
import { isRecord } from '../json';
import { describeIds, notIn, repeated } from './ids';
import { finding, pointer, shown, violation, type Finding, type Violation } from './violation';
import { statusMatches } from '../http/expect';
import { entry, type RuleEntry } from './entry';
import { visitViolations } from './visits';

const RULE = 'V2-LIST-PAGES';

const broken = (at: string, expected: string, received: string, message: string): Violation =>
  violation(RULE, at, expected, received, message);

const ids = (list: readonly string[]) => (list.length ? list.join(', ') : '(none)');

/** V2-LIST-PAGES: every entry of `members_links`, when there are any, is {"rel": "next"|"previous", "href"}. */
export function pageLinks(links: unknown): Finding[] {
  if (links === undefined) return [finding(RULE, [])];
  if (!Array.isArray(links))
    return [
      finding(RULE, [
        broken(pointer('members_links'), 'an array', shown(links), 'members_links is no array'),
      ]),
    ];
  const wrong = links.flatMap((link: unknown, i) =>
    isRecord(link) &&
    (link.rel === 'next' || link.rel === 'previous') &&
    typeof link.href === 'string' &&
    link.href !== ''
      ? []
      : [
          broken(
            pointer('members_links', i),
            '{"rel": "next" or "previous", "href": a link}',
            shown(link),
            `members_links[${i}] is ${shown(link)}, no link`,
          ),
        ],
  );
  return [finding(RULE, wrong)];
}

/**
 * Whether the first page of a walk with `limit` shows a target that does not page: more members than the limit,
 * every one of the listing.
 */
export function unpaged(whole: readonly string[], limit: number, first: readonly string[]): boolean {
  return first.length > limit && notIn(whole, first).length === 0;
}

/**
 * V2-LIST-PAGES: a walk with `limit` from a first page without marker, following the "next" links, visits the
 * listing: each member once, in its order, no page holding more than `limit`, and it ends (`ended`); or, for a
 * target that does not page, its one page is the whole listing.
 */
export function forwardWalk(
  whole: readonly string[],
  limit: number,
  pages: readonly (readonly string[])[],
  ended: boolean,
): Finding[] {
  const first = pages[0] ?? [];
  if (pages.length === 1 && unpaged(whole, limit, first) && repeated(first).length === 0)
    return [finding(RULE, [])];
  const wrong: Violation[] = [];
  pages.forEach((page, i) => {
    if (page.length > limit)
      wrong.push(
        broken(
          pointer('members'),
          `at most ${limit} members`,
          `${page.length} members`,
          `page ${i + 1} of the walk with limit ${limit} holds ${page.length} members`,
        ),
      );
  });
  const visited = pages.flat();
  wrong.push(...visitViolations(RULE, visited, whole));
  if (wrong.length === 0 && visited.join() !== whole.join())
    wrong.push(
      broken(
        pointer('members'),
        ids(whole),
        describeIds(visited),
        `the walk visits the members in another order than the listing (${ids(whole)}): ${describeIds(visited)}`,
      ),
    );
  if (!ended)
    wrong.push(
      broken(
        pointer('members_links'),
        'a walk that ends',
        `${pages.length} pages`,
        `the walk with limit ${limit} over ${whole.length} members has not ended after ${pages.length} pages`,
      ),
    );
  return [finding(RULE, wrong)];
}

/**
 * The pages a reverse page after the member at `at` may be: the `limit` members just before it (as Neutron and
 * the reference server page back), or the first `limit` members of the listing before it (as Octavia does, its
 * reverse query keeping the ascending order), each in listing order.
 */
function reversePages(whole: readonly string[], limit: number, at: number): string[] {
  const justBefore = whole.slice(Math.max(0, at - limit), at);
  const fromStart = whole.slice(0, Math.min(limit, at));
  return [...new Set([ids(justBefore), ids(fromStart)])];
}

/**
 * V2-LIST-PAGES: walking back from the page `start` of a forward walk by "previous" links (page_reverse=True),
 * each page holds members before the first member of the page it was reached from, at most `limit` (see
 * reversePages), and the walk reaches the first member of the listing, unless `start` holds it.
 */
export function backwardWalk(
  whole: readonly string[],
  limit: number,
  start: readonly string[],
  pages: readonly (readonly string[])[],
): Finding[] {
  const wrong: Violation[] = [];
  let from = start;
  for (const [i, page] of pages.entries()) {
    const at = whole.indexOf(from[0] ?? '');
    if (at < 0) break;
    const allowed = reversePages(whole, limit, at);
    if (!allowed.includes(ids(page)))
      wrong.push(
        broken(
          pointer('members'),
          allowed.join(' or '),
          ids(page),
          `page ${i + 1} of the walk back (limit ${limit}), reached from the page that starts with ${from[0]}, ` +
            `holds ${ids(page)}; expected ${allowed.join(' or ')}`,
        ),
      );
    if (page.length === 0) break;
    from = page;
  }
  const first = whole[0];
  if (first !== undefined && start[0] !== first && !pages.some((page) => page.includes(first)))
    wrong.push(
      broken(
        pointer('members_links'),
        `a walk back to ${first}`,
        `${pages.length} pages: ${pages.map(ids).join(' | ') || '(none)'}`,
        `walking back by "previous" links from the page that starts with ${start[0]} (limit ${limit}) stops ` +
          `before the first member ${first}`,
      ),
    );
  return [finding(RULE, wrong)];
}

/**
 * V2-LIST-PAGES: a reverse page that holds `limit` members links "next", and that link leads to the members
 * right after its last (`next`: that page, when the test followed the link).
 */
export function afterReversePage(
  whole: readonly string[],
  limit: number,
  reverse: readonly string[],
  hasNext: boolean,
  next?: readonly string[],
): Finding[] {
  const wrong: Violation[] = [];
  if (reverse.length === limit && !hasNext)
    wrong.push(
      broken(
        pointer('members_links'),
        'a "next" link',
        'none',
        `the reverse page ${ids(reverse)} holds ${limit} members (its limit) but links no "next" page`,
      ),
    );
  const at = whole.indexOf(reverse[reverse.length - 1] ?? '');
  if (next !== undefined && at >= 0) {
    const expected = whole.slice(at + 1, at + 1 + limit);
    if (ids(next) !== ids(expected))
      wrong.push(
        broken(
          pointer('members'),
          ids(expected),
          ids(next),
          `the "next" link of the reverse page ${ids(reverse)} leads to ${ids(next)}, not to the members ` +
            `right after it (${ids(expected)})`,
        ),
      );
  }
  return [finding(RULE, wrong)];
}

/**
 * V2-LIST-PAGES: the page after `marker` with `limit`, when the target pages (`paging`), is the `limit` members
 * right after the marker's (none after the last member); a target that does not page answers the whole listing.
 * `what` names the request.
 */
export function pageAfter(
  whole: readonly string[],
  limit: number,
  marker: string,
  page: readonly string[],
  paging: boolean,
  what: string,
): Finding[] {
  const at = whole.indexOf(marker);
  const expected = whole.slice(at + 1, at + 1 + limit);
  if (at < 0 || ids(page) === ids(expected) || (!paging && ids(page) === ids(whole)))
    return [finding(RULE, [])];
  return [
    finding(RULE, [
      broken(
        pointer('members'),
        ids(expected),
        ids(page),
        `${what} holds ${ids(page)}, not ${ids(expected)}`,
      ),
    ]),
  ];
}

/** What a listing answered: its status, the ids of its members, and whether it links a "next" page. */
export interface ListingAnswer {
  status: number;
  ids: readonly string[];
  hasNext: boolean;
}

/**
 * V2-LIST-PAGES: a `limit` that is no whole number (`abc`, `1.5`) is refused with a 4xx, or the
 * listing is read on: the answer holds every member of the scope, or links a "next" page (Octavia takes a limit
 * below 1 as none). Part of a number taken as the limit, without a way on, loses members.
 */
export function invalidLimit(whole: readonly string[], limit: string, answer: ListingAnswer): Finding[] {
  const { status } = answer;
  if (statusMatches('4xx', status)) return [finding(RULE, [])];
  if (status === 200 && (answer.hasNext || notIn(whole, answer.ids).length === 0)) return [finding(RULE, [])];
  const got =
    status === 200 ? `${answer.ids.length} of ${whole.length} members and no "next" link` : String(status);
  return [
    finding(RULE, [
      violation(
        RULE,
        status === 200 ? pointer('members') : '',
        'a 4xx, or the whole listing, or a "next" link',
        got,
        `a listing with limit=${limit} answered ${status === 200 ? got : status}`,
        status === 200 ? undefined : 'status',
      ),
    ]),
  ];
}

/**
 * V2-LIST-PAGES: with `limit`, a marker that names no member of the pool is refused with a 4xx (Neutron answers
 * 404, Octavia 400), when the target pages (`paging`); one that does not page takes no marker at all.
 */
export function unknownMarker(status: number, paging: boolean): Finding[] {
  if (statusMatches('4xx', status) || (!paging && status === 200)) return [finding(RULE, [])];
  return [
    finding(RULE, [
      violation(
        RULE,
        '',
        'a 4xx',
        String(status),
        `a listing with limit and a marker that names no member answered ${status}`,
        'status',
      ),
    ]),
  ];
}

/**
 * V2-LIST-PAGES: a `page_reverse` that is neither true nor false is refused with a 4xx, or read as false (Octavia
 * pages back only for `True`): the page is then the one after the marker.
 */
export function oddPageReverse(
  whole: readonly string[],
  limit: number,
  marker: string,
  answer: ListingAnswer,
  paging: boolean,
): Finding[] {
  if (statusMatches('4xx', answer.status)) return [finding(RULE, [])];
  if (answer.status === 200)
    return pageAfter(whole, limit, marker, answer.ids, paging, 'a listing with page_reverse=sideways');
  return [
    finding(RULE, [
      violation(
        RULE,
        '',
        'a 4xx, or 200',
        String(answer.status),
        `a listing with page_reverse=sideways answered ${answer.status}`,
        'status',
      ),
    ]),
  ];
}

/** V2-LIST-PAGES: the listing of the scope read whole, without limit, holds every member the test created there. */
export function wholeHolds(own: readonly string[], whole: readonly string[]): Finding[] {
  const missing = notIn(own, whole);
  if (missing.length === 0) return [finding(RULE, [])];
  return [
    finding(RULE, [
      broken(
        pointer('members'),
        ids([...own]),
        ids([...whole]),
        `the listing without limit lacks ${describeIds(missing)}, which the test created`,
      ),
    ]),
  ];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const V2_LISTING_RULES: readonly RuleEntry[] = [
  entry(RULE, pageLinks),
  entry(RULE, forwardWalk),
  entry(RULE, backwardWalk),
  entry(RULE, afterReversePage),
  entry(RULE, pageAfter),
  entry(RULE, invalidLimit),
  entry(RULE, unknownMarker),
  entry(RULE, oddPageReverse),
  entry(RULE, wholeHolds),
];
