/**
 * Query backend servers (v3): pagination. "Parameters marker, limit, and page_reverse are used for
 * pagination query." (docs/vendor/v3-query-backend-servers.txt:15). Each property creates a pool of members of
 * every kind once, generates page sizes and markers, and checks each walk against what the target itself lists
 * (never against what the suite created: the pool may hold members of others).
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import {
  depopulate,
  everyKind,
  limitChoice,
  populate,
  readPool,
  resolveLimit,
  withReadPool,
  type LimitChoice,
} from '../../src/generators/pool';
import { integerOutside } from '../../src/generators/values';
import {
  pageAfterMarker,
  pageInfo,
  reverseSpelling,
  sameOrder,
  walkBackward,
  walkForward,
} from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { ids, MAX_LIMIT, type Page, type V3Members, type V3Member } from '../../src/v3/members';

/** Page sizes every seed tries: one, one that divides the pool evenly, the whole pool and more than it. */
const WALK_EXAMPLES: LimitChoice[] = [1, 'divides-evenly', 'whole-pool', 'beyond-pool'];

/**
 * A property over page sizes, each case checked on the test's read pool (its listing unchanged, see
 * V3Members.whileStable) with the pages of a walk forward over it: one test of the requirement. The cases only
 * read, so several run at once.
 */
function walkProperty(
  id: string,
  title: string,
  key: string,
  check: (v3: V3Members, full: V3Member[], limit: number, pages: Page[]) => Promise<void>,
): void {
  test(...requirementTest(id, title, key), async ({ v3 }) => {
    await withReadPool(v3, (known) =>
      checkProperty(
        limitChoice(),
        (choice) =>
          v3.whileStable(
            async (full) => {
              const limit = resolveLimit(choice, full.length);
              const pages = await v3.walkForward(limit, { expectedTotal: full.length });
              await check(v3, full, limit, pages);
            },
            { known },
          ),
        { title: id, examples: WALK_EXAMPLES, casesAtOnce: v3.readsAtOnce },
      ),
    );
  });
}

function lastExchange(pages: readonly Page[]) {
  return pages[pages.length - 1]?.response.exchange;
}

walkProperty(
  'V3-WALK-FORWARD',
  'walking forward visits every member exactly once and ends',
  'v3-walk-forward',
  async (_v3, full, limit, pages) => {
    expectHeld(
      walkForward(
        pages.map((p) => ids(p.members)),
        ids(full),
      ),
      lastExchange(pages),
      { context: `the walk with limit ${limit} over ${full.length} members visited ${pages.length} pages` },
    );
  },
);

walkProperty(
  'V3-STABLE-ORDER',
  'the order is the same from one request to the next, paged or not',
  'v3-stable-order',
  async (v3, full, limit, pages) => {
    const again = await v3.page();
    expectHeld(sameOrder('V3-STABLE-ORDER', ids(full), ids(again.members)), again.response.exchange, {
      context: 'two identical listings disagree on the order',
    });
    const visited = pages.flatMap((p) => ids(p.members));
    expectHeld(sameOrder('V3-STABLE-ORDER', ids(full), visited), lastExchange(pages), {
      context: `the pages (limit ${limit}) list the members in another order than the listing`,
    });
  },
);

walkProperty(
  'V3-PAGE-INFO',
  'page_info counts the page and names its first and last member',
  'v3-page-info',
  async (_v3, full, limit, pages) => {
    let seen = 0;
    for (const [index, page] of pages.entries()) {
      seen += page.members.length;
      const isLast = seen >= full.length;
      expectHeld(pageInfo(ids(page.members), page.info, !isLast), page.response.exchange, {
        context: `page ${index + 1} (limit ${limit}, ${full.length} members)`,
      });
      if (isLast) return;
    }
  },
);

walkProperty(
  'V3-WALK-BACKWARD',
  'walking back with page_reverse gives the same pages in reverse',
  'v3-walk-backward',
  async (v3, _full, limit, pages) => {
    const forward = pages.filter((p) => p.members.length > 0);
    const lastForward = forward[forward.length - 1];
    if (!lastForward) return;
    const backward = await v3.walkBackward(lastForward, limit, { bound: forward.length + 2 });
    const pageIds = (pages: readonly Page[]) => pages.map((p) => ids(p.members));
    expectHeld(
      walkBackward(pageIds(forward), pageIds(backward)),
      lastExchange(backward) ?? lastForward.response.exchange,
      { context: `walking back from the last of ${forward.length} pages (limit ${limit})` },
    );
  },
);

const markerContinuity = requirementTest(
  'V3-MARKER-CONTINUITY',
  'a page starts right after its marker',
  'v3-marker-continuity',
);
test(...markerContinuity, async ({ v3 }) => {
  const cases = fc.record({
    limit: limitChoice(),
    position: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  });
  await withReadPool(v3, (known) =>
    checkProperty(
      cases,
      ({ limit, position }) =>
        v3.whileStable(
          async (full) => {
            const k = resolveLimit(limit, full.length);
            const index = Math.floor(position * full.length);
            const marker = full[index]!.id;
            const page = await v3.page({ limit: k, marker });
            const expected = ids(full.slice(index + 1, index + 1 + k));
            expectHeld(pageAfterMarker(marker, ids(page.members), expected), page.response.exchange, {
              context: `after marker ${marker} (member ${index + 1} of ${full.length}), limit ${k}`,
            });
          },
          { known },
        ),
      {
        title: 'V3-MARKER-CONTINUITY',
        examples: [
          { limit: 2, position: 0 },
          { limit: 2, position: 0.99 },
          { limit: 1, position: 0.5 },
        ],
        casesAtOnce: v3.readsAtOnce,
      },
    ),
  );
});

const limitAccepted = requirementTest(
  'V3-LIMIT-RANGE',
  'every limit from 0 to 2000 is accepted',
  'v3-limit-range-accepted',
);
test(...limitAccepted, async ({ v3 }) => {
  await checkProperty(
    fc.integer({ min: 0, max: 2000 }),
    async (limit) => {
      // limit=0: any 200 with a well-formed body conforms (docs/readings.md §5).
      await v3.page({ limit });
    },
    { title: 'V3-LIMIT-RANGE', examples: [0, 1, 2000], casesAtOnce: v3.readsAtOnce },
  );
});

test(
  ...requirementTest(
    'V3-LIMIT-RANGE',
    'a limit outside 0..2000 or not an integer is refused with a 4xx',
    'v3-limit-range-refused',
  ),
  async ({ v3 }) => {
    await checkProperty(
      fc.oneof(
        integerOutside(0, 2000).map(String),
        // An empty limit is left open (docs/readings.md §5): the next test.
        fc.constantFrom('abc', '1.5', '-0.5', 'true', '10a'),
        fc
          .double({ min: 0, max: 2000, noNaN: true })
          .filter((n) => !Number.isInteger(n))
          .map(String),
      ),
      async (limit) => {
        await v3.page({ limit }, { expect: v3.target.profile.refusals.invalidQuery });
      },
      { title: 'V3-LIMIT-RANGE', examples: ['2001', '-1', 'abc', '1.5'], casesAtOnce: v3.readsAtOnce },
    );
  },
);

test(
  ...requirementTest(
    'V3-LIMIT-RANGE',
    'an empty limit is refused or taken as no limit',
    'v3-limit-range-empty',
  ),
  async ({ v3 }) => {
    // docs/readings.md §5: the page says nothing of a blank limit (unlike a blank marker); a member makes
    // "no limit" tell from "limit 0".
    if (!v3.target.readOnly) await v3.create(v3.member('v4'));
    await v3.whileStable(async (full) => {
      const page = await v3.page({ limit: '' }, { expect: [200, '4xx'] });
      if (page.response.status !== 200) return;
      const expected = ids(full).slice(0, MAX_LIMIT);
      expectHeld(sameOrder('V3-LIMIT-RANGE', expected, ids(page.members)), page.response.exchange, {
        context: 'limit= answered 200 with a page that is not the listing without limit',
      });
    });
  },
);

/** Each row: a marker that names no member of this pool, and how to get it. */
const INVALID_MARKERS: {
  key: string;
  what: string;
  otherPool?: boolean;
  marker: (v3: V3Members) => Promise<string>;
}[] = [
  { key: 'v3-marker-invalid-empty', what: 'an empty marker', marker: async () => '' },
  {
    key: 'v3-marker-invalid-unknown',
    what: 'an id no member has',
    marker: async () => '00000000-0000-4000-8000-0000000000aa',
  },
  {
    key: 'v3-marker-invalid-other-pool',
    what: 'the id of a member of another pool',
    otherPool: true,
    marker: async (v3) => (await v3.create(v3.member('v4'), { pool: v3.otherPool })).member.id,
  },
];

for (const row of INVALID_MARKERS) {
  test(
    ...requirementTest('V3-MARKER-INVALID', `${row.what} is refused with a 4xx when limit is given`, row.key),
    async ({ v3 }, testInfo) => {
      testInfo.skip(!!row.otherPool && !v3.otherPool, 'TARGET_V3_OTHER_POOL_ID is not set');
      testInfo.skip(
        !!row.otherPool && v3.target.readOnly,
        'TARGET_READ_ONLY=1: this case needs to create a member',
      );
      const marker = await row.marker(v3);
      await v3.page({ limit: 2, marker }, { expect: v3.target.profile.refusals.invalidQuery });
    },
  );
}

test(
  ...requirementTest(
    'V3-MARKER-WITHOUT-LIMIT',
    'a valid marker without limit gives the same listing as none',
    'v3-marker-without-limit',
  ),
  async ({ v3 }) => {
    await withReadPool(v3, (known) =>
      checkProperty(
        fc.nat(),
        (position) =>
          v3.whileStable(
            async (full) => {
              const marker = full[position % full.length]!.id;
              const page = await v3.page({ marker });
              expectHeld(
                sameOrder('V3-MARKER-WITHOUT-LIMIT', ids(full), ids(page.members)),
                page.response.exchange,
                { context: `marker ${marker} without limit changed the listing` },
              );
            },
            { known },
          ),
        {
          title: 'V3-MARKER-WITHOUT-LIMIT',
          // every member of the read pool as the marker, on every run; a larger pool adds none
          examples: [...readPool(v3.kinds).keys()],
          maxRuns: readPool(v3.kinds).length,
          casesAtOnce: v3.readsAtOnce,
        },
      ),
    );
  },
);

test(
  ...requirementTest(
    'V3-REVERSE-DEFAULT',
    'page_reverse without limit, or false with limit and marker, changes nothing',
    'v3-reverse-default',
  ),
  async ({ v3 }) => {
    // Two members: in reverse they differ from the listing, and the page after the first is not empty.
    const created = await populate(v3, everyKind(v3.kinds).slice(0, 2));
    await v3.whileStable(async (full) => {
      const reversed = await v3.page({ page_reverse: 'true' });
      expectHeld(
        sameOrder('V3-REVERSE-DEFAULT', ids(full), ids(reversed.members)),
        reversed.response.exchange,
        {
          context: 'page_reverse=true without limit changed the listing',
        },
      );
      const marker = full[0]?.id;
      if (marker === undefined) return;
      const plain = await v3.page({ limit: 2, marker });
      const forward = await v3.page({ limit: 2, marker, page_reverse: 'false' });
      expectHeld(
        sameOrder('V3-REVERSE-DEFAULT', ids(plain.members), ids(forward.members)),
        forward.response.exchange,
        { context: `page_reverse=false with limit 2 and marker ${marker} gave another page than without it` },
      );
    });
    await depopulate(v3, created);
  },
);

/**
 * Spellings of page_reverse other than true and false: the page types it Boolean and names those two values
 * (docs/vendor/v3-query-backend-servers.txt:89-99); what a server makes of any other is left open (docs/readings.md
 * §5), refused or read as either.
 */
const REVERSE_SPELLINGS = ['TRUE', 'True', 'FALSE', '1', '0', 'yes', 'no', '', 'maybe'];

test(
  ...requirementTest(
    'V3-REVERSE-VALUES',
    'page_reverse other than true or false, with limit and marker, is refused or gives the page of true or of false',
    'v3-reverse-values',
  ),
  async ({ v3 }) => {
    // Four members: with limit 1 and the third as marker, the page of true, the page of false and the first page
    // are three different members.
    const created = await populate(v3, everyKind(v3.kinds));
    await v3.whileStable(async (full) => {
      const marker = full[Math.min(2, full.length - 1)]?.id;
      if (marker === undefined) return;
      const pageOf = async (value: string) =>
        ids((await v3.page({ limit: 1, marker, page_reverse: value })).members);
      const [asTrue, asFalse] = [await pageOf('true'), await pageOf('false')];
      for (const value of REVERSE_SPELLINGS) {
        const page = await v3.page({ limit: 1, marker, page_reverse: value }, { expect: [200, '4xx'] });
        const got = page.response.status === 200 ? ids(page.members) : undefined;
        expectHeld([reverseSpelling(value, got, asTrue, asFalse)], page.response.exchange);
      }
    });
    await depopulate(v3, created);
  },
);
