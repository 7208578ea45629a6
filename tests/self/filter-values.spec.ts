/**
 * The fixed filter values every run sends (src/generators/filter-values.ts), over a fabricated listing shaped
 * like the v3 read pool: for each parameter a value that tells an applied filter from an ignored one, one that
 * no member holds, and the near misses; and the walks that a server filtering after paging cannot pass.
 */
import { expect, test } from './support/harness';
import { FILTER_PARAMS, fixedFilters, lastMemberFilters } from '../../src/generators/filter-values';
import { filterMatch } from '../../src/rules';
import type { V3Member } from '../../src/v3/members';

const SUBNET = '6f0e5a4c-1b2d-4e3f-8a9b-0c1d2e3f4a50';

function member(n: number, fields: Partial<V3Member>): V3Member {
  return {
    id: `1c0a7e1e-0000-4000-8000-0000000000${n}0`,
    name: `run-${['a', 'ab', 'b', 'B'][n % 4]}`,
    project_id: 'p',
    address: `10.0.0.${10 + n}`,
    protocol_port: 8080 + (n % 2),
    weight: [0, 1, 7, 100][n % 4]!,
    admin_state_up: n % 2 === 0,
    subnet_cidr_id: SUBNET,
    operating_status: 'NO_MONITOR',
    ip_version: 'v4',
    member_type: 'instance',
    instance_id: '',
    ...fields,
  };
}

const IP = { subnet_cidr_id: null, member_type: 'ip' } as const;
const LISTING = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => member(n, n % 2 === 1 ? IP : {}));
const FIXED = fixedFilters(LISTING);
const matching = (filters: Record<string, string[]>) =>
  LISTING.filter((m) => filterMatch(m, filters) === true).length;
const of = (name: string) => FIXED.filter((f) => name in f);

for (const param of FILTER_PARAMS) {
  test(`${param.name}: every run sends a value no member holds, or every value of its type`, () => {
    const everyValue = param.values?.every((v) => of(param.name).some((f) => f[param.name]![0] === v));
    expect(everyValue || of(param.name).some((f) => matching(f) === 0)).toBe(true);
  });
}

// instance_id: no member the suite creates holds one, so no value of it is held.
for (const param of FILTER_PARAMS.filter(
  (p) => !['operating_status', 'ip_version', 'instance_id'].includes(p.name),
)) {
  test(`${param.name}: every run sends a held value that leaves members out`, () => {
    expect(of(param.name).some((f) => matching(f) > 0 && matching(f) < LISTING.length)).toBe(true);
  });
}

test('the near misses of the held values are sent: a prefix, a substring, another case, neighbours', () => {
  const sent = (name: string) => of(name).map((f) => f[name]![0]);
  expect(sent('name')).toEqual(expect.arrayContaining(['run-', 'un-a', 'RUN-A']));
  expect(sent('weight')).toEqual(expect.arrayContaining(['2', '0', '100']));
  expect(sent('address')).toEqual(expect.arrayContaining(['10.0.0.1', '10.0.0.9']));
  expect(sent('protocol_port')).toEqual(expect.arrayContaining(['8079', '1', '65535']));
  expect(sent('id')).toEqual(
    expect.arrayContaining([LISTING[0]!.id.slice(0, -1) + '1', LISTING[0]!.id.toUpperCase()]),
  );
  expect(sent('member_type').sort()).toEqual(['instance', 'ip']);
});

test('a paged filter example leaves out the first member and holds the last', () => {
  const examples = lastMemberFilters(LISTING, 2);
  expect(examples).toHaveLength(2);
  for (const filters of examples) {
    expect(filterMatch(LISTING[0]!, filters)).toBe(false);
    expect(filterMatch(LISTING[LISTING.length - 1]!, filters)).toBe(true);
  }
});
