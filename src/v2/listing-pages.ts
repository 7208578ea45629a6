import type { ApiClient, ApiResponse } from '../http/client';
import { nextLink } from '../http/settle';
import { linkOnTarget } from '../http/transport';

/**
 * The pages of a v2.0 pool listing, unchecked (check: false): each caller judges a page its own way. Follows
 * `members_links` "next" (docs/readings.md §2), so a target that caps its pages below `pageSize` is still read whole;
 * a target that sends no links is paged by marker while its pages are full. A link naming an origin other than
 * TARGET_URL's is not followed: the page has no verdict (linkOnTarget). Ends after a page that holds no
 * readable `members` array; a caller that meets a target whose pages never end stops consuming.
 */
export async function* v2ListingPages(
  api: ApiClient,
  baseUrl: string,
  poolId: string,
  pageSize: number,
): AsyncGenerator<ApiResponse> {
  let query: Record<string, string> = { limit: String(pageSize) };
  for (;;) {
    const response = await api.call('listMembersV2', { path: { pool_id: poolId }, query, check: false });
    yield response;
    const body = response.json as { members?: unknown; members_links?: unknown } | undefined;
    if (!Array.isArray(body?.members) || body.members.length === 0) return;
    const next = nextLink(body.members_links);
    if (next !== undefined) {
      query = Object.fromEntries(
        linkOnTarget(next, baseUrl, 'the "next" link of members_links').searchParams,
      );
      continue;
    }
    const last = (body.members as { id?: unknown }[]).at(-1)?.id;
    if (Array.isArray(body.members_links) || body.members.length < pageSize || typeof last !== 'string')
      return;
    query = { limit: String(pageSize), marker: last };
  }
}
