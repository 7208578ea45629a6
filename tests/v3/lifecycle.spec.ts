/**
 * Query backend servers (v3): a deleted member is gone from every read the API offers: its read, the
 * listing, the filters that name it, their counts, and the markers ("This parameter cannot be left blank or
 * set to an invalid ID.", docs/vendor/v3-query-backend-servers.txt:73). The create and delete are the helper
 * endpoints of docs/readings.md §2.
 */
import { requirementTest, test } from '../../src/fixtures';
import { goneAfterDelete, type ReadAfterDelete } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { settledRead } from '../../src/read-after-write';
import type { Page } from '../../src/v3/members';

test(
  ...requirementTest(
    'V3-DELETE-GONE',
    'a deleted member reads 404, leaves the listing, its filters, their counts and the markers, and a second delete of it is refused',
    'v3-delete-gone',
  ),
  async ({ v3 }) => {
    const { member } = await v3.create(v3.member('v4'));
    await v3.delete(member.id);
    const without = (page: Page) =>
      !page.members.some((m) => m.id === member.id) && page.info.current_count === page.members.length;
    const show = await settledRead(
      () => v3.show(member.id),
      (r) => r.status === 404,
    );
    const listings = [
      { what: 'the listing of the pool', query: {} },
      { what: `the listing filtered by id=${member.id}`, query: { id: member.id } },
      {
        what: `the listing filtered by address=${member.address}&protocol_port=${member.protocol_port}`,
        query: { address: member.address, protocol_port: String(member.protocol_port) },
      },
    ];
    const pages = [];
    for (const { query } of listings) pages.push(await settledRead(() => v3.page(query), without));
    const refusal = v3.target.profile.refusals.invalidQuery;
    const marker = await settledRead(
      () => v3.page({ limit: 1, marker: member.id }, { expect: [200, refusal] }),
      (page) => page.response.status !== 200,
    );
    const deleteAgain = await settledRead(
      () => v3.deleteRaw(member.id),
      (r) => r.status >= 400 && r.status < 500,
    );
    const reads: ReadAfterDelete[] = [
      { kind: 'show', status: show.status },
      // A whole listing may span pages (its count is the first page's): only the filtered ones are counted.
      ...pages.map((page, i) => ({
        kind: 'listing' as const,
        what: listings[i]!.what,
        members: page.members,
        ...(i > 0 ? { count: page.info.current_count } : {}),
      })),
      { kind: 'marker', status: marker.response.status, refusal },
      { kind: 'delete', status: deleteAgain.status },
    ];
    const exchanges = [
      show.exchange,
      ...pages.map((p) => p.response.exchange),
      marker.response.exchange,
      deleteAgain.exchange,
    ];
    const findings = goneAfterDelete('V3-DELETE-GONE', member.id, reads);
    expectHeld(findings, exchanges[findings.findIndex((f) => f.violations.length > 0)]);
  },
);
