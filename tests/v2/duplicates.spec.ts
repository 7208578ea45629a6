/**
 * Add a backend server (v2.0): "Two backend servers in a backend server group cannot have the same private
 * IP address or port number." (docs/vendor/v2.0-add-backend-server.txt:9), read as uniqueness of the
 * (address, protocol_port) pair within one pool (docs/readings.md §1).
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import { statusMatches } from '../../src/http/expect';
import { memberIn } from '../../src/member-verbs';
import {
  concurrentCreates,
  concurrentDemand,
  duplicateDemand,
  duplicateLeavesFirst,
  heldOnce,
} from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import type { Endpoint } from '../../src/target/allocator';
import type { V2Members } from '../../src/v2/members';
import { on, pairQuery, readPage } from '../../src/v2/pages';

async function expectHeldOnce(requirement: string, v2: V2Members, endpoint: Endpoint): Promise<void> {
  expectHeld([heldOnce(requirement, await v2.holding(endpoint), endpoint)]);
}

test(
  ...requirementTest(
    'V2-DUPLICATE-REJECTED',
    'a second member on the same address and port is refused with a 4xx and is not stored',
    'v2-duplicate-rejected',
  ),
  async ({ v2 }) => {
    const differences = fc.record({
      weight: fc.integer({ min: 0, max: v2.target.profile.limits.weight.max }),
      admin_state_up: fc.boolean(),
    });
    await checkProperty(
      differences,
      async (other) => {
        const endpoint = v2.endpoints.next();
        const first = await v2.create(v2.member({}, { endpoint }));
        await v2.create(v2.member({ ...other, name: `${v2.namePrefix}duplicate` }, { endpoint }), {
          expect: duplicateDemand(v2.target.profile),
        });
        await expectHeldOnce('V2-DUPLICATE-REJECTED', v2, endpoint);
        await v2.delete(first.member.id);
      },
      {
        title: 'V2-DUPLICATE-REJECTED',
        examples: [{ weight: 1, admin_state_up: true }],
        casesAtOnce: v2.casesAtOnce,
      },
    );
  },
);

test(
  ...requirementTest(
    'V2-DUPLICATE-REJECTED',
    'a refused duplicate leaves the first member as it was',
    'v2-duplicate-leaves-first',
  ),
  async ({ v2 }) => {
    const endpoint = v2.endpoints.next();
    const { profile } = v2.target;
    const sent = v2.member({ weight: 1, admin_state_up: true }, { endpoint });
    const first = await v2.create(sent);
    const duplicate = v2.member(
      { name: `${v2.namePrefix}duplicate`, weight: profile.limits.weight.max, admin_state_up: false },
      { endpoint },
    );
    await v2.create(duplicate, { expect: duplicateDemand(profile) });
    const holding = await v2.holding(endpoint);
    const firstSent = { ...sent, id: first.member.id };
    expectHeld([
      heldOnce('V2-DUPLICATE-REJECTED', holding, endpoint),
      duplicateLeavesFirst('V2-DUPLICATE-REJECTED', firstSent, holding),
    ]);
    // The same through the listing filtered by the pair (docs/readings.md §2).
    const listed = await readPage(v2, pairQuery(endpoint));
    const filtered = listed.members.filter(on(endpoint));
    expectHeld(
      [
        heldOnce('V2-DUPLICATE-REJECTED', filtered, endpoint),
        duplicateLeavesFirst('V2-DUPLICATE-REJECTED', firstSent, filtered),
      ],
      listed.response.exchange,
      { context: 'the listing filtered by the address and port' },
    );
  },
);

/** Each row: a second member that differs from the first in one way the rule allows. */
const ALLOWED_NEIGHBOURS: {
  key: string;
  title: string;
  needsOtherPool?: boolean;
  second: (v2: V2Members, first: Endpoint) => { endpoint: Endpoint; pool?: string };
}[] = [
  {
    key: 'v2-duplicate-scope-other-port',
    title: 'the same address on another port is accepted',
    second: (v2, first) => ({ endpoint: v2.endpoints.withAddress(first.address) }),
  },
  {
    key: 'v2-duplicate-scope-other-address',
    title: 'the same port on another address is accepted',
    second: (v2, first) => ({ endpoint: v2.endpoints.withPort(first.port, first.address) }),
  },
  {
    key: 'v2-duplicate-scope-other-pool',
    title: 'the same address and port in another pool is accepted',
    needsOtherPool: true,
    second: (v2, first) => ({ endpoint: first, pool: v2.otherPool }),
  },
];

for (const neighbour of ALLOWED_NEIGHBOURS) {
  test(...requirementTest('V2-DUPLICATE-SCOPE', neighbour.title, neighbour.key), async ({ v2 }, testInfo) => {
    testInfo.skip(!!neighbour.needsOtherPool && !v2.otherPool, 'TARGET_V2_OTHER_POOL_ID is not set');
    await checkProperty(
      fc.constant(null),
      async () => {
        const first = v2.endpoints.next();
        const a = await v2.create(v2.member({}, { endpoint: first }));
        const { endpoint, pool } = neighbour.second(v2, first);
        const b = await v2.create(v2.member({}, { endpoint }), { pool });
        await v2.delete(b.member.id, { pool });
        await v2.delete(a.member.id);
      },
      { title: `V2-DUPLICATE-SCOPE ${neighbour.title}`, casesAtOnce: v2.casesAtOnce, maxRuns: 3 },
    );
  });
}

const CONCURRENT_CREATES = 8;
/**
 * The bursts every run sends, whatever CONFORMANCE_RUNS says: a server that checks uniqueness apart from the
 * insert lets a burst through when two of its creates overlap, and each burst is sent at once.
 */
const BURSTS = 3;
/**
 * Bursts at the most: each case is the same burst again (its input is constant), so more of them only retry the
 * race, at a dozen requests each; ten keep the run within its budget of requests.
 */
const MOST_BURSTS = 10;

test(
  ...requirementTest(
    'V2-DUPLICATE-CONCURRENT',
    `of ${CONCURRENT_CREATES} identical creates sent at once exactly one is stored`,
    'v2-duplicate-concurrent',
  ),
  async ({ v2 }) => {
    await checkProperty(
      fc.constant(null),
      async () => {
        const endpoint = v2.endpoints.next();
        const body = v2.member({}, { endpoint });
        const { profile } = v2.target;
        const responses = await Promise.all(
          Array.from({ length: CONCURRENT_CREATES }, () =>
            v2.create(body, { expect: concurrentDemand(profile), burst: true }),
          ),
        );
        const created = responses.filter((r) => statusMatches(profile.v2CreateSuccess, r.status));
        expectHeld(
          [
            concurrentCreates(
              responses.map((r) => r.status),
              profile,
            ),
          ],
          created[1]?.exchange ?? responses[0]?.exchange,
        );
        await expectHeldOnce('V2-DUPLICATE-CONCURRENT', v2, endpoint);
        await v2.delete(memberIn(created[0]!).id);
      },
      {
        title: 'V2-DUPLICATE-CONCURRENT',
        examples: Array.from({ length: BURSTS }, () => null),
        casesAtOnce: v2.casesAtOnce,
        maxRuns: MOST_BURSTS,
      },
    );
  },
);
