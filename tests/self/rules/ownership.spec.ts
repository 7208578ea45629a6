/** The ownership rules (src/rules/ownership.ts), over fabricated creates, answers and listings. */
import { listedProject, revealsNoMember, tenantDefault } from '../../../src/rules';
import { broken, ruleTable } from './table';

const PROJECT = '99a3fff0d03c428eac3678da6a7d0f24';
const OTHER = 'f0'.repeat(16);
const member = (id: string, project_id: unknown = PROJECT) => ({ id, project_id, address: '10.0.0.1' });

ruleTable('tenantDefault', [
  {
    title: "the token's project holds",
    findings: () => [tenantDefault({ id: 'm1', tenant_id: PROJECT }, PROJECT)],
    outcome: 'held',
  },
  ...[
    ['an empty tenant_id', ''],
    ['null', null],
    ['another project', OTHER],
    ['no tenant_id at all', undefined],
  ].map(([what, tenantId]) => ({
    title: `${String(what)} breaks it`,
    findings: () => [tenantDefault({ id: 'm1', tenant_id: tenantId }, PROJECT)],
    outcome: [broken('V2-TENANT-ID-DEFAULT', '/member/tenant_id')],
  })),
  {
    title: 'an answer without a member breaks it',
    findings: () => [tenantDefault(undefined, PROJECT)],
    outcome: [broken('V2-TENANT-ID-DEFAULT', '/member/tenant_id')],
  },
]);

ruleTable('revealsNoMember', [
  {
    title: 'an error body holds',
    findings: () => [revealsNoMember({ error_msg: 'forbidden', error_code: 'ELB.1001' })],
    outcome: 'held',
  },
  {
    title: 'an empty listing holds',
    findings: () => [revealsNoMember({ members: [], page_info: { current_count: 0 } })],
    outcome: 'held',
  },
  {
    title: 'a listing that shows members breaks it',
    findings: () => [revealsNoMember({ members: [member('a'), member('b')] })],
    outcome: [broken('V3-PROJECT-FOREIGN', '/members')],
  },
]);

ruleTable('listedProject', [
  {
    title: "members of the path's project hold",
    findings: () => listedProject([member('a'), member('b')], PROJECT),
    outcome: 'held',
  },
  { title: 'an empty page shows nothing', findings: () => listedProject([], PROJECT), outcome: 'nothing' },
  {
    title: 'a member without project_id shows nothing (V3-LIST-SHAPE decides it)',
    findings: () => listedProject([{ id: 'a' }], PROJECT),
    outcome: 'nothing',
  },
  {
    title: 'members of another project, or with an empty or null project_id, break it at each',
    findings: () =>
      listedProject([member('a'), member('b', OTHER), member('c', ''), member('d', null)], PROJECT),
    outcome: [
      broken('V3-LISTED-PROJECT', '/members/1/project_id'),
      broken('V3-LISTED-PROJECT', '/members/2/project_id'),
      broken('V3-LISTED-PROJECT', '/members/3/project_id'),
    ],
  },
]);
