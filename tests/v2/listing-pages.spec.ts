/**
 * The v2.0 listing, paged (docs/readings.md §2): `GET /v2.0/lbaas/pools/{pool_id}/members` pages as OpenStack
 * does, by `limit`, `marker` and `page_reverse`, and links the pages on in `members_links`. The test creates three
 * members on one fresh address and pages the listing filtered by that address (the whole pool, on a target that
 * ignores the filter: then the checks are made again while others write to it), with limit 1 and 2.
 */
import { randomUUID } from 'node:crypto';
import { requirementTest, test } from '../../src/fixtures';
import {
  afterReversePage,
  backwardWalk,
  errorBody,
  forwardWalk,
  invalidLimit,
  oddPageReverse,
  pageAfter,
  pageLinks,
  unknownMarker,
  unpaged,
  wholeHolds,
} from '../../src/rules';
import { answerOf, expectHeld } from '../../src/rules/enforce';
import type { ApiResponse } from '../../src/http/client';
import { onStableScope, readPage, walkBackward, walkForward, type V2Page } from '../../src/v2/pages';
import type { V2Members } from '../../src/v2/members';

/** Limits that are no whole number: a word, a fraction. */
const INVALID_LIMITS = ['abc', '1.5'];

/** The limits a scope of `size` members is walked with: 1 and 2, or a third of a large one (others' members). */
const limitsFor = (size: number): number[] => (size <= 12 ? [1, 2] : [Math.ceil(size / 3)]);

/** A refusal's body is held to V2-ERROR-BODY, as every error the suite reads is. */
function expectErrorBody(response: ApiResponse): void {
  expectHeld(errorBody('v2', answerOf(response)), response.exchange, { against: true });
}

/** A listing the test sends as it is, whatever it is answered: its answer as the rules read it. */
async function answered(v2: V2Members, query: Record<string, string>) {
  const response = await v2.listRaw(query, { check: false });
  expectErrorBody(response);
  const body = response.json as { members?: { id?: unknown }[]; members_links?: unknown } | undefined;
  const ids = Array.isArray(body?.members) ? body.members.map((m) => String(m?.id)) : [];
  const hasNext =
    Array.isArray(body?.members_links) &&
    body.members_links.some((l: { rel?: unknown } | null) => l?.rel === 'next');
  return { response, answer: { status: response.status, ids, hasNext } };
}

/** Walks the scope forward and back with `limit`: whether the target pages. */
async function walks(v2: V2Members, scope: Record<string, string>, whole: string[], limit: number) {
  const bound = Math.ceil(whole.length / limit) + 2;
  const context = { context: `walking the ${whole.length} members of the listing with limit ${limit}` };
  const { pages, ended } = await walkForward(v2, scope, limit, bound);
  for (const page of pages) expectHeld(pageLinks(page.links), page.response.exchange, context);
  const at = (list: readonly V2Page[]) => list.at(-1)?.response.exchange;
  expectHeld(
    forwardWalk(
      whole,
      limit,
      pages.map((p) => p.ids),
      ended,
    ),
    at(pages),
    context,
  );
  if (unpaged(whole, limit, pages[0]?.ids ?? [])) return false;
  const start = pages.filter((p) => p.ids.length > 0).at(-1);
  if (!start) return true;
  const back = await walkBackward(v2, scope, start, bound);
  for (const page of back) expectHeld(pageLinks(page.links), page.response.exchange, context);
  expectHeld(
    backwardWalk(
      whole,
      limit,
      start.ids,
      back.map((p) => p.ids),
    ),
    at(back) ?? at(pages),
    context,
  );
  const reverse = back[0];
  if (reverse && reverse.ids.length > 0) {
    const next = reverse.next ? await readPage(v2, scope, reverse.next) : undefined;
    expectHeld(
      afterReversePage(whole, limit, reverse.ids, reverse.next !== undefined, next?.ids),
      (next ?? reverse).response.exchange,
      context,
    );
  }
  return true;
}

test(
  ...requirementTest(
    'V2-LIST-PAGES',
    'the v2.0 listing paged with limit 1 and 2 visits each member once by its "next" links and walks back by "previous", and refuses a limit or marker it cannot take',
    'v2-list-pages',
  ),
  async ({ v2 }) => {
    const first = v2.endpoints.next();
    const endpoints = [
      first,
      v2.endpoints.withAddress(first.address),
      v2.endpoints.withAddress(first.address),
    ];
    const own: string[] = [];
    for (const endpoint of endpoints) own.push((await v2.create(v2.member({}, { endpoint }))).member.id);
    const scope = { address: first.address };
    await onStableScope(v2, scope, async ({ ids: whole, response }) => {
      expectHeld(wholeHolds(own, whole), response.exchange);
      let paging = true;
      for (const limit of limitsFor(whole.length)) paging = (await walks(v2, scope, whole, limit)) && paging;
      const last = whole.at(-1) ?? '';
      const afterLast = await readPage(v2, scope, { limit: '1', marker: last });
      expectHeld(
        pageAfter(whole, 1, last, afterLast.ids, paging, 'the page after the last member'),
        afterLast.response.exchange,
      );
      const sideways = { limit: '1', marker: whole[0] ?? '', page_reverse: 'sideways' };
      const odd = await answered(v2, { ...scope, ...sideways });
      expectHeld(oddPageReverse(whole, 1, sideways.marker, odd.answer, paging), odd.response.exchange);
      for (const limit of INVALID_LIMITS) {
        const { response, answer } = await answered(v2, { ...scope, limit });
        expectHeld(invalidLimit(whole, limit, answer), response.exchange);
      }
      const unknown = await answered(v2, { ...scope, limit: '1', marker: randomUUID() });
      expectHeld(unknownMarker(unknown.answer.status, paging), unknown.response.exchange);
    });
  },
);
