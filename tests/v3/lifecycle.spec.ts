/**
 * Query backend servers (v3): what a delete, a refused duplicate and a refused create leave behind, seen through
 * every read the API offers: the member's read, the listing, the filters that name it, their counts, and the
 * markers ("This parameter cannot be left blank or set to an invalid ID.", docs/vendor/v3-query-backend-servers.txt:73).
 * The create, read and delete are the helper endpoints of docs/readings.md §2.
 */
import { requirementTest, test } from '../../src/fixtures';
import { edited, memberIn } from '../../src/member-verbs';
import {
  duplicateLeavesFirst,
  goneAfterDelete,
  heldOnce,
  shownAsListed,
  storedNothing,
  type Listed,
  type ReadAfterDelete,
} from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { settledRead } from '../../src/read-after-write';
import type { Page, V3MemberBody } from '../../src/v3/members';

test(
  ...requirementTest(
    'V3-DELETE-GONE',
    'a member reads as the listing shows it until its delete; then it reads 404, leaves the listing, its filters, their counts and the markers, and a second delete of it is refused',
    'v3-delete-gone',
  ),
  async ({ v3 }) => {
    const { member } = await v3.create(v3.member('v4'));
    const live = await settledRead(
      () => v3.show(member.id),
      (r) => r.status === 200,
    );
    const listing = await settledRead(
      () => v3.listing(),
      (members) => members.some((m) => m.id === member.id),
    );
    const read = live.status === 200 ? memberIn<Listed>(live) : undefined;
    const listed = listing.find((m) => m.id === member.id);
    expectHeld([shownAsListed('V3-DELETE-GONE', member.id, live.status, read, listed)], live.exchange);
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

test(
  ...requirementTest(
    'V3-DUPLICATE-REJECTED',
    'a second member on the same address and port is refused with 409, and every listing holds the first alone, as it was created',
    'v3-duplicate-rejected',
  ),
  async ({ v3 }) => {
    const sent = v3.member('v4', { weight: 1 });
    const { member } = await v3.create(sent);
    // Another name and weight: a refused duplicate changes neither. admin_state_up is as the cloud reports it
    // (docs/readings.md §5), so it is not compared.
    await v3.create({ ...sent, name: `${v3.namePrefix}duplicate`, weight: 100 }, { expect: 409 });
    const endpoint = { address: sent.address, port: sent.protocol_port };
    const filtered = await v3.listing({
      filters: { address: [sent.address], protocol_port: [String(sent.protocol_port)] },
    });
    const whole = await v3.storedOn(endpoint);
    const first = { id: member.id, name: sent.name, weight: sent.weight };
    expectHeld(
      [whole, filtered].flatMap((holding) => [
        heldOnce('V3-DUPLICATE-REJECTED', holding, endpoint),
        duplicateLeavesFirst('V3-DUPLICATE-REJECTED', first, holding),
      ]),
    );
    await v3.delete(member.id);
  },
);

/** An IPv4 address as the one integer it is (10.0.0.1 -> 167772161). */
const asInteger = (address: string): number =>
  address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/**
 * Each row: a create the helper contract refuses (docs/readings.md §2), as changes to a valid member of the IPv4
 * subnet: no IP address (missing, not a string, no address at all, longer than any), or a subnet_cidr_id that is
 * not the id of a subnet.
 */
const INVALID_CREATES: { what: string; changes: (valid: V3MemberBody) => Record<string, unknown> }[] = [
  { what: 'without address', changes: () => ({ address: undefined }) },
  { what: 'with address null', changes: () => ({ address: null }) },
  { what: 'with the address as one integer', changes: (valid) => ({ address: asInteger(valid.address) }) },
  { what: 'with an address that is no IP address', changes: () => ({ address: 'not-an-address' }) },
  { what: 'with an empty address', changes: () => ({ address: '' }) },
  {
    what: 'with an address of 65 characters, longer than any IP address',
    changes: (valid) => ({ address: valid.address.padEnd(65, '0') }),
  },
  { what: 'with subnet_cidr_id a number', changes: () => ({ subnet_cidr_id: 12345 }) },
  {
    what: 'with subnet_cidr_id an object',
    changes: (valid) => ({ subnet_cidr_id: { id: valid.subnet_cidr_id } }),
  },
  {
    what: 'with a subnet_cidr_id that names no subnet',
    changes: () => ({ subnet_cidr_id: '00000000-0000-4000-8000-00000000dead' }),
  },
];

test(
  ...requirementTest(
    'V3-CREATE-INVALID',
    'a create without an IP address, or with a subnet_cidr_id that is no id of a subnet, is refused with a 4xx and stores nothing',
    'v3-create-invalid',
  ),
  async ({ v3 }) => {
    const sent = [];
    for (const row of INVALID_CREATES) {
      const valid = v3.member('v4');
      await v3.createRaw(edited(valid, row.changes(valid)), { expect: '4xx' });
      const endpoint = { address: valid.address, port: valid.protocol_port };
      sent.push({ endpoint, name: valid.name ?? '' });
    }
    const stored = await v3.storedBy(sent);
    expectHeld(sent.map(({ endpoint }, i) => storedNothing('V3-CREATE-INVALID', stored[i] ?? [], endpoint)));
  },
);
