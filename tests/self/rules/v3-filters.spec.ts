/** The filter rule (src/rules/v3-filters.ts), over a fabricated listing and answers. */
import { expect, test } from '../support/harness';
import { filterMatch, filterResult, type Filters } from '../../../src/rules';
import { broken, ruleTable } from './table';

const A = {
  id: 'a',
  name: 'web',
  weight: 1,
  address: '10.0.0.1',
  protocol_port: 80,
  member_type: 'instance',
};
const B = { id: 'b', name: 'Web', weight: 2, address: '10.0.0.10', protocol_port: 80 };
const C = { id: 'c', name: 'db', weight: 1, address: '10.0.0.2', protocol_port: 5432, member_type: 'ip' };
const LISTING = [A, B, C];

/** Each row: a filter, and what each member of the listing is to it (true, false, or left open). */
const MATCHES: {
  filters: Filters;
  a: boolean | undefined;
  b: boolean | undefined;
  c: boolean | undefined;
}[] = [
  { filters: { weight: ['1'] }, a: true, b: false, c: true },
  { filters: { weight: ['1', '2'] }, a: true, b: true, c: true },
  { filters: { weight: ['1'], protocol_port: ['80'] }, a: true, b: false, c: false },
  { filters: { address: ['10.0.0.1'] }, a: true, b: false, c: false },
  { filters: { name: ['web'] }, a: true, b: undefined, c: false },
  { filters: { member_type: ['ip'] }, a: false, b: undefined, c: true },
];

for (const row of MATCHES)
  test(`filterMatch: ${JSON.stringify(row.filters)}`, () => {
    expect([A, B, C].map((m) => filterMatch(m, row.filters))).toEqual([row.a, row.b, row.c]);
  });

ruleTable('filterResult', [
  {
    title: 'exactly the matching members hold',
    findings: () => filterResult('V3-FILTER-MATCH', LISTING, { weight: ['1'] }, ['a', 'c']),
    outcome: 'held',
  },
  {
    title: 'a member left open may be in the answer or not',
    findings: () => [
      ...filterResult('V3-FILTER-MATCH', LISTING, { name: ['web'] }, ['a']),
      ...filterResult('V3-FILTER-MATCH', LISTING, { name: ['web'] }, ['a', 'b']),
    ],
    outcome: 'held',
  },
  {
    title: 'a matching member missing breaks it',
    findings: () => filterResult('V3-FILTER-REPEATED', LISTING, { weight: ['1', '2'] }, ['a', 'b']),
    outcome: [broken('V3-FILTER-REPEATED', '/members')],
  },
  {
    title: 'a member that does not match breaks it',
    findings: () =>
      filterResult('V3-FILTER-COMBINED', LISTING, { weight: ['1'], protocol_port: ['80'] }, ['a', 'c']),
    outcome: [broken('V3-FILTER-COMBINED', '/members')],
  },
  {
    title: 'a member twice on a filtered walk breaks it',
    findings: () => filterResult('V3-FILTER-PAGINATED', LISTING, { weight: ['1'] }, ['a', 'c', 'c']),
    outcome: [broken('V3-FILTER-PAGINATED', '/members')],
  },
  {
    title: 'a prefix of an address does not match',
    findings: () => filterResult('V3-FILTER-MATCH', LISTING, { address: ['10.0.0.1'] }, ['a', 'b']),
    outcome: [broken('V3-FILTER-MATCH', '/members')],
  },
]);
