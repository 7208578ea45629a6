/**
 * Add a backend server (v2.0): what a delete and a refused create leave behind, seen through every read the
 * API offers (the member's read, the listing whole and filtered, a marker) and through a later create of the same (address, protocol_port)
 * pair: "Two backend servers in a backend server group cannot have the same private IP address or port
 * number." (docs/vendor/v2.0-add-backend-server.txt:9) holds a pair only while a member of the pool holds it.
 */
import { requirementTest, test } from '../../src/fixtures';
import { statusMatches, type ExpectedStatus } from '../../src/http/expect';
import { NoVerdict } from '../../src/http/no-verdict';
import {
  errorBody,
  goneAfterDelete,
  pairFreeAfterRefusal,
  refusalListsNothing,
  type ReadAfterDelete,
} from '../../src/rules';
import { answerOf, expectHeld } from '../../src/rules/enforce';
import { settledRead } from '../../src/read-after-write';
import type { V2Members } from '../../src/v2/members';
import { on, pairQuery, readPage } from '../../src/v2/pages';

/** The page size of the read after the member that stays: any pool the suite runs on fits in it. */
const PAGE = 500;

/** What a create of a free pair may get as the test sends it: the rule, not the client, judges which came. */
function createOutcomes(v2: V2Members): ExpectedStatus {
  return [v2.target.profile.v2CreateSuccess, '4xx'];
}

/** A listing with limit and the deleted member's id as marker, whatever it is answered: status and members. */
async function readMarker(v2: V2Members, id: string) {
  const response = await v2.listRaw({ limit: '1', marker: id }, { check: false });
  const members = (response.json as { members?: unknown } | undefined)?.members;
  return {
    response,
    status: response.status,
    members: Array.isArray(members) ? (members as { id: string }[]) : [],
  };
}

test(
  ...requirementTest(
    'V2-DELETE-GONE',
    'a delete of a member there succeeds; the member then reads 404, leaves the listing and its filters, its id is refused as a marker, a second delete of it is refused, and its address and port can be created again',
    'v2-delete-gone',
  ),
  async ({ v2 }) => {
    const body = v2.member();
    const { member } = await v2.create(body);
    const before = await settledRead(
      () => v2.show(member.id),
      (r) => r.status === 200,
    );
    // A member that stays: a page after it shows whether the target takes markers at all.
    const stays = (await v2.create(v2.member())).member;
    const deleted = await v2.delete(member.id);
    const success = v2.target.profile.v2CreateSuccess;
    const show = await settledRead(
      () => v2.show(member.id),
      (r) => r.status === 404,
    );
    const without = (members: readonly { id: string }[]) => !members.some((m) => m.id === member.id);
    const listing = await settledRead(() => v2.listing(), without);
    const filters: Record<string, string>[] = [
      { address: member.address, protocol_port: String(member.protocol_port) },
      { name: member.name },
    ];
    const filtered = [];
    for (const scope of filters)
      filtered.push(
        await settledRead(
          () => readPage(v2, scope),
          (p) => without(p.members),
        ),
      );
    const afterStays = await readPage(v2, {}, { limit: String(PAGE), marker: stays.id });
    const takesNoMarker = afterStays.ids.includes(stays.id);
    const marker = await settledRead(
      () => readMarker(v2, member.id),
      (r) => r.status !== 200 || (takesNoMarker && without(r.members)),
    );
    const deleteAgain = await settledRead(
      () => v2.deleteRaw(member.id),
      (r) => r.status >= 400 && r.status < 500,
    );
    const again = await settledRead(
      () => v2.create(body, { expect: createOutcomes(v2) }),
      (r) => statusMatches(success, r.status),
    );
    const reads: ReadAfterDelete[] = [
      { kind: 'deleted', status: deleted.status, shown: before.status === 200 },
      { kind: 'show', status: show.status },
      { kind: 'listing', what: 'the listing of the pool', members: listing },
      ...filtered.map((page, i) => ({
        kind: 'listing' as const,
        what: `the listing filtered by ${new URLSearchParams(filters[i]).toString()}`,
        members: page.members,
      })),
      {
        kind: 'marker',
        status: marker.status,
        refusal: '4xx',
        ...(takesNoMarker ? { ignored: marker.members } : {}),
      },
      { kind: 'delete', status: deleteAgain.status },
      { kind: 'create', status: again.status, success },
    ];
    const exchanges = [
      deleted.exchange,
      show.exchange,
      undefined,
      ...filtered.map((p) => p.response.exchange),
      marker.response.exchange,
      deleteAgain.exchange,
      again.exchange,
    ];
    expectHeld(errorBody('v2', answerOf(marker.response)), marker.response.exchange, { against: true });
    const findings = goneAfterDelete('V2-DELETE-GONE', member.id, reads);
    expectHeld(findings, exchanges[findings.findIndex((f) => f.violations.length > 0)]);
  },
);

test(
  ...requirementTest(
    'V2-REFUSAL-HOLDS-NO-PAIR',
    'after a create refused for a negative weight, the listing filtered by its address and port lists no member on them, and a valid create of them is accepted',
    'v2-refusal-holds-no-pair',
  ),
  async ({ v2 }) => {
    const { profile } = v2.target;
    const endpoint = v2.endpoints.next();
    // Refused for a value the page bounds; its status is V2-WEIGHT-RANGE's to judge, not this test's.
    const weight = profile.limits.weight.min - 1;
    const refused = await v2.createRaw(v2.member({ weight }, { endpoint }), {
      check: false,
    });
    if (!statusMatches(profile.refusals.invalidMember, refused.status))
      throw new NoVerdict(
        `a create with weight ${weight} got ${refused.status}, not a refusal: ` +
          'no refused create to follow (V2-WEIGHT-RANGE judges it)',
      );
    const pair = `${endpoint.address}:${endpoint.port}`;
    const listed = await readPage(v2, pairQuery(endpoint));
    expectHeld([refusalListsNothing(pair, listed.members.filter(on(endpoint)))], listed.response.exchange);
    const valid = await settledRead(
      () => v2.create(v2.member({}, { endpoint }), { expect: createOutcomes(v2) }),
      (r) => statusMatches(profile.v2CreateSuccess, r.status),
    );
    expectHeld([pairFreeAfterRefusal(pair, valid.status, profile.v2CreateSuccess)], valid.exchange);
  },
);
