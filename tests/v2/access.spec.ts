/**
 * Add a backend server (v2.0): the pool must exist, to be written or listed, and the caller must be authenticated.
 */
import { requirementTest, test } from '../../src/fixtures';
import { badTokens, skipWithoutToken, unknownPools } from '../common/access';

const unknownPool = unknownPools('v2');
test(
  ...unknownPool.declared(
    'a create in, or a listing of, a pool that does not exist is refused with a 4xx (404 under octavia)',
  ),
  async ({ v2 }) =>
    unknownPool.check(v2, async (pool) => {
      const expect = v2.target.profile.refusals.unknownPool;
      await v2.create(v2.member(), { expect, pool });
      await v2.listRaw({}, { expect, pool });
    }),
);

for (const row of badTokens('v2')) {
  test(
    ...requirementTest('V2-AUTH', `a create ${row.what} is refused with a 4xx and stores nothing`, row.key),
    async ({ v2 }, testInfo) => {
      skipWithoutToken(testInfo, v2.target);
      const member = v2.member();
      await v2.create(member, { expect: v2.target.profile.refusals.badToken, token: row.token });
      await v2.expectNoneStored([member]);
    },
  );
}
