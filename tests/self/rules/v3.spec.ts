/** The v3 listing and paging rules (src/rules/v3-listing.ts, v3-paging.ts), over fabricated pages and walks. */
import {
  ipVersion,
  listsAll,
  listShape,
  pageAfterMarker,
  pageInfo,
  reverseSpelling,
  sameOrder,
  walkBackward,
  walkForward,
} from '../../../src/rules';
import { broken, ruleTable } from './table';

const v4 = {
  id: 'a',
  name: '',
  project_id: 'p',
  address: '10.0.0.1',
  protocol_port: 80,
  weight: 1,
  admin_state_up: true,
  operating_status: 'ONLINE',
  ip_version: 'v4',
  member_type: 'instance',
  subnet_cidr_id: 's',
};
const v6 = { ...v4, id: 'b', address: '2001:db8::1', ip_version: 'v6' };
const ipMember = { ...v4, id: 'c', member_type: 'ip', subnet_cidr_id: undefined };

ruleTable('ipVersion', [
  {
    title: 'v4 and v6 members whose ip_version agrees hold',
    findings: () => ipVersion([v4, v6]),
    outcome: 'held',
  },
  { title: 'an empty page shows nothing', findings: () => ipVersion([]), outcome: 'nothing' },
  {
    title: 'swapped ip_versions break it at each member',
    findings: () => ipVersion([{ ...v4, ip_version: 'v6' }, v4, { ...v6, ip_version: 'v4' }]),
    outcome: [
      broken('V3-IP-VERSION', '/members/0/ip_version'),
      broken('V3-IP-VERSION', '/members/2/ip_version'),
    ],
  },
  {
    title: 'an absent ip_version breaks it',
    findings: () => ipVersion([{ ...v4, ip_version: undefined }]),
    outcome: [broken('V3-IP-VERSION', '/members/0/ip_version')],
  },
]);

const { subnet_cidr_id: _s, ...ipOnly } = ipMember;
const { project_id: _p, ...noProject } = v4;
const { subnet_cidr_id: _t, member_type: _k, ...untyped } = v4;

ruleTable('listShape', [
  { title: 'members of every kind hold', findings: () => listShape([v4, v6, ipOnly]), outcome: 'held' },
  {
    title: 'a member without project_id breaks it',
    findings: () => listShape([v6, noProject]),
    outcome: [broken('V3-LIST-SHAPE', '/members/1/project_id')],
  },
  {
    title: 'a member of a subnet without subnet_cidr_id breaks it',
    findings: () => listShape([{ ...ipOnly, member_type: 'instance' }]),
    outcome: [broken('V3-LIST-SHAPE', '/members/0/subnet_cidr_id')],
  },
  {
    title: 'a member of unknown kind may lack subnet_cidr_id',
    findings: () => listShape([untyped]),
    outcome: 'held',
  },
  {
    title: 'the kind it was created as tells where member_type is absent',
    findings: () => listShape([untyped], () => 'v4'),
    outcome: [broken('V3-LIST-SHAPE', '/members/0/subnet_cidr_id')],
  },
]);

ruleTable('listsAll', [
  {
    title: 'every created member listed holds',
    findings: () => listsAll(['x', 'a', 'b'], ['a', 'b']),
    outcome: 'held',
  },
  {
    title: 'a created member missing breaks it',
    findings: () => listsAll(['a'], ['a', 'b']),
    outcome: [broken('V3-LIST-SHAPE', '/members')],
  },
]);

ruleTable('pageInfo', [
  {
    title: 'a middle page naming its first and last holds',
    findings: () => pageInfo(['a', 'b'], { current_count: 2, previous_marker: 'a', next_marker: 'b' }, true),
    outcome: 'held',
  },
  {
    title: 'the last page without next_marker holds',
    findings: () => pageInfo(['c'], { current_count: 1, previous_marker: 'c' }, false),
    outcome: 'held',
  },
  {
    title: 'an empty page counts 0',
    findings: () => pageInfo([], { current_count: 0 }, false),
    outcome: 'held',
  },
  {
    title: 'where it is not known whether more follow, a next_marker may be absent',
    findings: () => pageInfo(['a'], { current_count: 1, previous_marker: 'a' }, undefined),
    outcome: 'held',
  },
  {
    title: 'current_count as the total breaks it',
    findings: () => pageInfo(['a', 'b'], { current_count: 5, previous_marker: 'a', next_marker: 'b' }, true),
    outcome: [broken('V3-PAGE-INFO', '/page_info/current_count')],
  },
  {
    title: 'previous_marker naming the last member breaks it',
    findings: () =>
      pageInfo(['a', 'b'], { current_count: 2, previous_marker: 'b', next_marker: 'b' }, undefined),
    outcome: [broken('V3-PAGE-INFO', '/page_info/previous_marker')],
  },
  {
    title: 'a next_marker on the last page breaks it',
    findings: () => pageInfo(['c'], { current_count: 1, previous_marker: 'c', next_marker: 'c' }, false),
    outcome: [broken('V3-PAGE-INFO', '/page_info/next_marker')],
  },
  {
    title: 'no next_marker while more follow breaks it',
    findings: () => pageInfo(['a'], { current_count: 1, previous_marker: 'a' }, true),
    outcome: [broken('V3-PAGE-INFO', '/page_info/next_marker')],
  },
  {
    title: 'a next_marker that is not the last member breaks it, known or not whether more follow',
    findings: () =>
      pageInfo(['a', 'b'], { current_count: 2, previous_marker: 'a', next_marker: 'a' }, undefined),
    outcome: [broken('V3-PAGE-INFO', '/page_info/next_marker')],
  },
  {
    title: 'no page_info at all breaks the count',
    findings: () => pageInfo(['a'], undefined, undefined),
    outcome: [
      broken('V3-PAGE-INFO', '/page_info/current_count'),
      broken('V3-PAGE-INFO', '/page_info/previous_marker'),
    ],
  },
]);

ruleTable('walkForward', [
  {
    title: 'every member once holds',
    findings: () => walkForward([['a', 'b'], ['c']], ['a', 'b', 'c']),
    outcome: 'held',
  },
  {
    title: 'without the listing, pages without repeats hold',
    findings: () => walkForward([['a'], ['b']]),
    outcome: 'held',
  },
  {
    title: 'a member on two pages breaks it',
    findings: () =>
      walkForward([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    outcome: [broken('V3-WALK-FORWARD', '/members')],
  },
  {
    title: 'a member skipped and one not listed break it twice',
    findings: () => walkForward([['a'], ['x']], ['a', 'b']),
    outcome: [broken('V3-WALK-FORWARD', '/members'), broken('V3-WALK-FORWARD', '/members')],
  },
]);

ruleTable('pageAfterMarker', [
  {
    title: 'the members after the marker hold',
    findings: () => pageAfterMarker('a', ['b', 'c'], ['b', 'c']),
    outcome: 'held',
  },
  {
    title: 'without the listing, a page without the marker holds',
    findings: () => pageAfterMarker('a', ['b']),
    outcome: 'held',
  },
  {
    title: 'a page holding the marker breaks it',
    findings: () => pageAfterMarker('a', ['a', 'b']),
    outcome: [broken('V3-MARKER-CONTINUITY', '/members/0')],
  },
  {
    title: 'a page skipping one breaks it',
    findings: () => pageAfterMarker('a', ['c'], ['b']),
    outcome: [broken('V3-MARKER-CONTINUITY', '/members')],
  },
]);

ruleTable('sameOrder', [
  {
    title: 'the same order holds',
    findings: () => sameOrder('V3-STABLE-ORDER', ['a', 'b'], ['a', 'b']),
    outcome: 'held',
  },
  {
    title: 'another order breaks it',
    findings: () => sameOrder('V3-STABLE-ORDER', ['a', 'b'], ['b', 'a']),
    outcome: [broken('V3-STABLE-ORDER', '/members')],
  },
  {
    title: 'a shorter listing breaks it',
    findings: () => sameOrder('V3-MARKER-WITHOUT-LIMIT', ['a', 'b'], ['b']),
    outcome: [broken('V3-MARKER-WITHOUT-LIMIT', '/members')],
  },
  {
    title: 'a listing in reverse breaks it',
    findings: () => sameOrder('V3-REVERSE-DEFAULT', ['a', 'b'], ['b', 'a']),
    outcome: [broken('V3-REVERSE-DEFAULT', '/members')],
  },
]);

ruleTable('walkBackward', [
  {
    title: 'the forward pages but the last, reversed, hold',
    findings: () => walkBackward([['a'], ['b'], ['c']], [['b'], ['a']]),
    outcome: 'held',
  },
  { title: 'one page forward, none back, holds', findings: () => walkBackward([['a']], []), outcome: 'held' },
  {
    title: 'pages each reversed break it',
    findings: () =>
      walkBackward(
        [['a', 'b'], ['c', 'd'], ['e']],
        [
          ['d', 'c'],
          ['b', 'a'],
        ],
      ),
    outcome: [broken('V3-WALK-BACKWARD', '/members')],
  },
  {
    title: 'no page back breaks it',
    findings: () => walkBackward([['a'], ['b']], []),
    outcome: [broken('V3-WALK-BACKWARD', '/members')],
  },
]);

ruleTable('reverseSpelling', [
  {
    title: 'a refusal holds',
    findings: () => [reverseSpelling('maybe', undefined, ['a'], ['c'])],
    outcome: 'held',
  },
  {
    title: 'the page of true holds',
    findings: () => [reverseSpelling('TRUE', ['a'], ['a'], ['c'])],
    outcome: 'held',
  },
  {
    title: 'the page of false holds',
    findings: () => [reverseSpelling('yes', ['c'], ['a'], ['c'])],
    outcome: 'held',
  },
  {
    title: 'the first page, neither, breaks it',
    findings: () => [reverseSpelling('maybe', ['x'], ['a'], ['c'])],
    outcome: [broken('V3-REVERSE-VALUES', '/members')],
  },
  {
    title: 'an empty page where both pages hold members breaks it',
    findings: () => [reverseSpelling('', [], ['a'], ['c'])],
    outcome: [broken('V3-REVERSE-VALUES', '/members')],
  },
]);
