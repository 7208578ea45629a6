/**
 * Add a backend server (v2.0): whose member it is. "The value must be the same as the value of project_id in
 * the token." (docs/vendor/v2.0-add-backend-server.txt:40): another project's tenant_id is refused and stores
 * nothing, whether a fresh id or the token's own spelled in full-width characters, which is not the same value
 * though Unicode compatibility folding makes it so; a create without one answers the token's project.
 */
import { requirementTest, test } from '../../src/fixtures';
import { tenantDefault } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { foldingTo } from '../../src/generators/values';
import { forOtherProjects } from '../common/other-projects';

/** A couple of fresh ids decide it: a server that checks tenant_id refuses each, one that does not, none. */
const FOREIGN_CASES = 2;

test(
  ...requirementTest(
    'V2-TENANT-ID-FOREIGN',
    "a tenant_id naming another project than the token's is refused with a 4xx and stores nothing",
    'v2-tenant-id-foreign',
  ),
  async ({ v2 }) =>
    forOtherProjects(
      'V2-TENANT-ID-FOREIGN',
      v2.target.projectId,
      { casesAtOnce: v2.casesAtOnce, cases: FOREIGN_CASES, examples: foldingTo(v2.target.projectId) },
      async (tenantId) => {
        const endpoint = v2.endpoints.next();
        await v2.refusedCreate(
          'V2-TENANT-ID-FOREIGN',
          v2.member({ tenant_id: tenantId }, { endpoint }),
          endpoint,
        );
      },
    ),
);

test(
  ...requirementTest(
    'V2-TENANT-ID-DEFAULT',
    "a create without tenant_id answers the token's project (TARGET_PROJECT_ID) as its tenant_id",
    'v2-tenant-id-default',
  ),
  async ({ v2 }) => {
    const { response, member } = await v2.create(v2.member({ tenant_id: undefined }));
    expectHeld([tenantDefault(member, v2.target.projectId ?? '')], response.exchange);
    await v2.delete(member.id);
  },
);
