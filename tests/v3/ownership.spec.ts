/**
 * Query backend servers (v3): whose members a listing shows. The path's {project_id} is the token's project
 * (docs/vendor/v3-query-backend-servers.txt:33-39): another project's is refused and lists nothing, and every
 * member listed belongs to the path's project (docs/vendor/v3-query-backend-servers.txt:345).
 */
import { requirementTest, test } from '../../src/fixtures';
import { depopulate, everyKind, populate } from '../../src/generators/pool';
import { listsAll, revealsNoMember } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { ids } from '../../src/v3/members';
import { forOtherProjects } from '../common/other-projects';

test(
  ...requirementTest(
    'V3-PROJECT-FOREIGN',
    "a listing whose path names another project than the token's is refused with a 4xx and lists no member",
    'v3-project-foreign',
  ),
  async ({ v3 }) =>
    forOtherProjects(
      'V3-PROJECT-FOREIGN',
      v3.target.projectId,
      { casesAtOnce: v3.readsAtOnce, cases: 1 },
      async (other) => {
        const response = await v3.listAs(other, '4xx');
        expectHeld([revealsNoMember(response.json)], response.exchange);
      },
    ),
);

test(
  ...requirementTest(
    'V3-LISTED-PROJECT',
    "every listed member's project_id is the project_id of the path",
    'v3-listed-project',
  ),
  async ({ v3 }) => {
    // Read-only: the members the pool already holds (the v3 fixture skips the test when it holds none).
    // V3Members checks project_id against the path in every listing it reads; this test makes sure a member
    // is there to be checked.
    const created = await populate(v3, everyKind(['ip']).slice(0, 1));
    const { response, members } = await v3.page();
    expectHeld(listsAll(ids(members), ids(created)), response.exchange, { against: true });
    await depopulate(v3, created);
  },
);
