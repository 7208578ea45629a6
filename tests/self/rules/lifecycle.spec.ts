/** The rules of what a delete, a refused create and a refused duplicate leave (src/rules/lifecycle.ts). */
import {
  duplicateLeavesFirst,
  goneAfterDelete,
  pairFreeAfterRefusal,
  shownAsListed,
  refusalListsNothing,
  type ReadAfterDelete,
} from '../../../src/rules';
import { broken, ruleTable } from './table';

const ID = 'm-1';
const OTHER = { id: 'm-2' };
const GONE: ReadAfterDelete[] = [
  { kind: 'deleted', status: 204, shown: true },
  { kind: 'show', status: 404 },
  { kind: 'listing', what: 'the listing', members: [OTHER] },
  { kind: 'listing', what: 'the listing filtered by id', members: [], count: 0 },
  { kind: 'marker', status: 400, refusal: '4xx' },
  { kind: 'create', status: 201, success: '2xx' },
];

ruleTable('goneAfterDelete', [
  {
    title: 'a 404, listings without it, a refused marker and an accepted create hold',
    findings: () => goneAfterDelete('V3-DELETE-GONE', ID, GONE),
    outcome: 'held',
  },
  {
    title: 'a read that still answers 200 breaks it',
    findings: () => goneAfterDelete('V2-DELETE-GONE', ID, [{ kind: 'show', status: 200 }]),
    outcome: [broken('V2-DELETE-GONE')],
  },
  {
    title: 'a listing that still holds it breaks it at the member',
    findings: () =>
      goneAfterDelete('V2-DELETE-GONE', ID, [
        { kind: 'listing', what: 'the listing', members: [OTHER, { id: ID }] },
      ]),
    outcome: [broken('V2-DELETE-GONE', '/members/1')],
  },
  {
    title: 'a filtered listing that counts a member it does not hold breaks it at current_count',
    findings: () =>
      goneAfterDelete('V3-DELETE-GONE', ID, [{ kind: 'listing', what: 'by id', members: [], count: 1 }]),
    outcome: [broken('V3-DELETE-GONE', '/page_info/current_count')],
  },
  {
    title: 'a listing that takes its id as a marker breaks it',
    findings: () => goneAfterDelete('V3-DELETE-GONE', ID, [{ kind: 'marker', status: 200, refusal: '4xx' }]),
    outcome: [broken('V3-DELETE-GONE')],
  },
  {
    title: 'a 404 to the delete of a member a read had not shown holds',
    findings: () => goneAfterDelete('V2-DELETE-GONE', ID, [{ kind: 'deleted', status: 404, shown: false }]),
    outcome: 'held',
  },
  {
    title: 'a 404 to the delete of a member a read had just shown breaks it',
    findings: () => goneAfterDelete('V2-DELETE-GONE', ID, [{ kind: 'deleted', status: 404, shown: true }]),
    outcome: [broken('V2-DELETE-GONE')],
  },
  {
    title: 'a 200 to its id as marker, from a target that takes no marker, holds if it does not list it',
    findings: () =>
      goneAfterDelete('V2-DELETE-GONE', ID, [
        { kind: 'marker', status: 200, refusal: '4xx', ignored: [OTHER] },
      ]),
    outcome: 'held',
  },
  {
    title:
      'a 200 to its id as marker, from a target that takes no marker, that lists it breaks it at the member',
    findings: () =>
      goneAfterDelete('V2-DELETE-GONE', ID, [
        { kind: 'marker', status: 200, refusal: '4xx', ignored: [{ id: ID }] },
      ]),
    outcome: [broken('V2-DELETE-GONE', '/members/0')],
  },
  {
    title: 'a create of its pair refused as a duplicate breaks it',
    findings: () => goneAfterDelete('V2-DELETE-GONE', ID, [{ kind: 'create', status: 409, success: '2xx' }]),
    outcome: [broken('V2-DELETE-GONE')],
  },
  {
    title: 'of several reads, only the one that shows it still there breaks it',
    findings: () => goneAfterDelete('V2-DELETE-GONE', ID, [...GONE, { kind: 'show', status: 200 }]),
    outcome: [broken('V2-DELETE-GONE')],
  },
]);

ruleTable('refusalListsNothing', [
  {
    title: 'a listing of the pair without a member on it holds',
    findings: () => [refusalListsNothing('192.168.0.10:80', [])],
    outcome: 'held',
  },
  {
    title: 'a listing of the pair that lists a member on it breaks it at the member',
    findings: () => [refusalListsNothing('192.168.0.10:80', [OTHER])],
    outcome: [broken('V2-REFUSAL-HOLDS-NO-PAIR', '/members/0')],
  },
]);

ruleTable('pairFreeAfterRefusal', [
  {
    title: 'an accepted create after the refusal holds',
    findings: () => [pairFreeAfterRefusal('192.168.0.10:80', 201, '2xx')],
    outcome: 'held',
  },
  {
    title: 'a create refused as a duplicate after the refusal breaks it',
    findings: () => [pairFreeAfterRefusal('192.168.0.10:80', 409, '2xx')],
    outcome: [broken('V2-REFUSAL-HOLDS-NO-PAIR')],
  },
  {
    title: 'under octavia, a 200 where 201 is named breaks it',
    findings: () => [pairFreeAfterRefusal('192.168.0.10:80', 200, 201)],
    outcome: [broken('V2-REFUSAL-HOLDS-NO-PAIR')],
  },
]);

const FIRST = { id: ID, name: 'first', weight: 0, admin_state_up: true, address: '192.168.0.10' };

ruleTable('duplicateLeavesFirst', [
  {
    title: 'the first member, as it was created, holds',
    findings: () => [
      duplicateLeavesFirst('V2-DUPLICATE-REJECTED', FIRST, [{ ...FIRST, operating_status: 'ONLINE' }]),
    ],
    outcome: 'held',
  },
  ...(['name', 'weight', 'admin_state_up'] as const).map((field) => ({
    title: `the first member with the duplicate's ${field} breaks it at /members/0/${field}`,
    findings: () => [duplicateLeavesFirst('V2-DUPLICATE-REJECTED', FIRST, [{ ...FIRST, [field]: 'second' }])],
    outcome: [broken('V2-DUPLICATE-REJECTED', `/members/0/${field}`)],
  })),
  {
    title: 'the duplicate in the place of the first breaks it at /members/0/id and each field it changed',
    findings: () => [
      duplicateLeavesFirst('V2-DUPLICATE-REJECTED', FIRST, [{ ...FIRST, id: 'm-3', name: 'second' }]),
    ],
    outcome: [
      broken('V2-DUPLICATE-REJECTED', '/members/0/id'),
      broken('V2-DUPLICATE-REJECTED', '/members/0/name'),
    ],
  },
]);

ruleTable('duplicateLeavesFirst, a field the first leaves out', [
  {
    title: 'admin_state_up, not given, is not compared',
    findings: () => [
      duplicateLeavesFirst('V3-DUPLICATE-REJECTED', { id: ID, name: 'first', weight: 0 }, [
        { ...FIRST, admin_state_up: false },
      ]),
    ],
    outcome: 'held',
  },
  {
    title: 'a weight taken from the duplicate breaks it at /members/0/weight',
    findings: () => [
      duplicateLeavesFirst('V3-DUPLICATE-REJECTED', { id: ID, name: 'first', weight: 0 }, [
        { ...FIRST, weight: 100 },
      ]),
    ],
    outcome: [broken('V3-DUPLICATE-REJECTED', '/members/0/weight')],
  },
]);

const LISTED = {
  id: ID,
  name: 'web',
  project_id: 'p',
  address: '10.0.0.1',
  protocol_port: 80,
  weight: 1,
  admin_state_up: true,
  subnet_cidr_id: null,
  ip_version: 'v4',
  operating_status: 'NO_MONITOR',
};

ruleTable('shownAsListed', [
  {
    title: 'a 200 with the member as listed holds',
    findings: () => [shownAsListed('V3-DELETE-GONE', ID, 200, LISTED, LISTED)],
    outcome: 'held',
  },
  {
    title: 'another operating_status, another blank form of subnet_cidr_id and no optional fields hold',
    findings: () => [
      shownAsListed(
        'V3-DELETE-GONE',
        ID,
        200,
        { ...LISTED, operating_status: 'ONLINE', subnet_cidr_id: undefined },
        { ...LISTED, subnet_cidr_id: '', member_type: 'ip', created_at: '2026-01-01T00:00:00Z' },
      ),
    ],
    outcome: 'held',
  },
  {
    title: 'a 404 before the delete breaks it',
    findings: () => [shownAsListed('V3-DELETE-GONE', ID, 404, undefined, LISTED)],
    outcome: [broken('V3-DELETE-GONE')],
  },
  {
    title: 'a member no listing holds breaks it',
    findings: () => [shownAsListed('V3-DELETE-GONE', ID, 200, LISTED, undefined)],
    outcome: [broken('V3-DELETE-GONE')],
  },
  {
    title: 'a read that shows another name and weight breaks it at each',
    findings: () => [shownAsListed('V3-DELETE-GONE', ID, 200, { ...LISTED, name: '', weight: 5 }, LISTED)],
    outcome: [broken('V3-DELETE-GONE', '/member/name'), broken('V3-DELETE-GONE', '/member/weight')],
  },
]);
