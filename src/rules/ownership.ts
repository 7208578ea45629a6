/**
 * Ownership: an identifier a caller gives that names an owner (the v2.0 body's tenant_id, the v3 path's
 * {project_id}) is the project of the token. Another owner's is refused, reveals no member and stores none
 * (docs/vendor/v2.0-add-backend-server.txt:40,84, docs/vendor/v3-query-backend-servers.txt:33-39,345,
 * docs/readings.md §1); that a refused create stored nothing is decided in refused.ts.
 */
import { isRecord } from '../json';
import { membersOf } from './v3-listing';
import { finding, pointer, shown, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** V2-TENANT-ID-DEFAULT: a create that left tenant_id out answers the token's project as its tenant_id. */
export function tenantDefault(member: Record<string, unknown> | undefined, projectId: string): Finding {
  const got = member?.tenant_id;
  return finding(
    'V2-TENANT-ID-DEFAULT',
    got === projectId
      ? []
      : [
          violation(
            'V2-TENANT-ID-DEFAULT',
            pointer('member', 'tenant_id'),
            shown(projectId),
            shown(got),
            `a create without tenant_id answered tenant_id ${shown(got)}, not the token's project ${projectId}`,
          ),
        ],
  );
}

/** V3-PROJECT-FOREIGN: the answer to a listing whose path names another project lists no member. */
export function revealsNoMember(answer: unknown): Finding {
  const members = membersOf(answer) ?? [];
  return finding(
    'V3-PROJECT-FOREIGN',
    members.length === 0
      ? []
      : [
          violation(
            'V3-PROJECT-FOREIGN',
            pointer('members'),
            'no member',
            `${members.length} member(s)`,
            `a listing under another project's path shows ${members.length} member(s): ` +
              members.map((m) => String(m.id)).join(', '),
          ),
        ],
  );
}

/**
 * V3-LISTED-PROJECT: every listed member that shows a project_id shows the project of the path (one without
 * it breaks V3-LIST-SHAPE, not this rule).
 */
export function listedProject(members: readonly unknown[], projectId: string): Finding[] {
  const shown = members
    .map((member, i) => ({ member, i }))
    .filter(({ member }) => isRecord(member) && 'project_id' in member);
  if (shown.length === 0) return [];
  const violations = shown
    .filter(({ member }) => (member as Record<string, unknown>).project_id !== projectId)
    .map(({ member, i }) => {
      const { id, project_id: got } = member as Record<string, unknown>;
      return violation(
        'V3-LISTED-PROJECT',
        pointer('members', i, 'project_id'),
        JSON.stringify(projectId),
        JSON.stringify(got) ?? '(absent)',
        `member ${String(id)} is listed under project ${projectId} with project_id ${JSON.stringify(got)}`,
      );
    });
  return [finding('V3-LISTED-PROJECT', violations)];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const OWNERSHIP_RULES: readonly RuleEntry[] = [
  entry('V2-TENANT-ID-DEFAULT', tenantDefault),
  entry('V3-PROJECT-FOREIGN', revealsNoMember),
  entry('V3-LISTED-PROJECT', listedProject, true),
];
