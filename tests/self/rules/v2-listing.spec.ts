/** The rules of the v2.0 listing's pages and filters (src/rules/v2-listing.ts, src/rules/v2-filters.ts). */
import {
  afterReversePage,
  backwardWalk,
  filteredAfterMarker,
  filteredListing,
  filterUse,
  forwardWalk,
  invalidLimit,
  oddPageReverse,
  pageAfter,
  pageLinks,
  unknownMarker,
  wholeHolds,
} from '../../../src/rules';
import { expect, test } from '../support/harness';
import { broken, ruleTable } from './table';

const WHOLE = ['a', 'b', 'c', 'd'];
const PAGES = 'V2-LIST-PAGES';
const FILTERS = 'V2-LIST-FILTERS';

ruleTable('pageLinks', [
  { title: 'no members_links holds', findings: () => pageLinks(undefined), outcome: 'held' },
  {
    title: 'a next and a previous link hold',
    findings: () =>
      pageLinks([
        { rel: 'next', href: 'http://x/?marker=b' },
        { rel: 'previous', href: 'http://x/?marker=a&page_reverse=True' },
      ]),
    outcome: 'held',
  },
  {
    title: 'a bare href, an entry without rel and an empty href break it, each at its entry',
    findings: () => pageLinks(['http://x/', { href: 'http://x/' }, { rel: 'next', href: '' }]),
    outcome: [
      broken(PAGES, '/members_links/0'),
      broken(PAGES, '/members_links/1'),
      broken(PAGES, '/members_links/2'),
    ],
  },
  {
    title: 'members_links that is no array breaks it',
    findings: () => pageLinks({ next: 'x' }),
    outcome: [broken(PAGES, '/members_links')],
  },
]);

ruleTable('forwardWalk', [
  {
    title: 'pages of one member each, then an empty page, hold',
    findings: () => forwardWalk(WHOLE, 1, [['a'], ['b'], ['c'], ['d'], []], true),
    outcome: 'held',
  },
  {
    title: 'one page of the whole listing, from a target that does not page, holds',
    findings: () => forwardWalk(WHOLE, 2, [WHOLE], true),
    outcome: 'held',
  },
  {
    title: 'a page over its limit that is not the whole listing breaks it',
    findings: () => forwardWalk(WHOLE, 2, [['a', 'b', 'c'], ['d']], true),
    outcome: [broken(PAGES, '/members')],
  },
  {
    title: 'a walk that repeats a page breaks it, for the repeat and for what it never reaches',
    findings: () =>
      forwardWalk(
        WHOLE,
        2,
        [
          ['a', 'b'],
          ['a', 'b'],
        ],
        true,
      ),
    outcome: [broken(PAGES, '/members'), broken(PAGES, '/members')],
  },
  {
    title: 'a walk in another order than the listing breaks it',
    findings: () =>
      forwardWalk(
        WHOLE,
        2,
        [
          ['b', 'a'],
          ['c', 'd'],
        ],
        true,
      ),
    outcome: [broken(PAGES, '/members')],
  },
  {
    title: 'a walk that does not end breaks it at members_links',
    findings: () =>
      forwardWalk(
        WHOLE,
        2,
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        false,
      ),
    outcome: [broken(PAGES, '/members_links')],
  },
]);

ruleTable('backwardWalk', [
  {
    title: 'pages back one by one, as Neutron pages, hold',
    findings: () => backwardWalk(WHOLE, 1, ['d'], [['c'], ['b'], ['a'], []]),
    outcome: 'held',
  },
  {
    title: 'the first page at once, as Octavia pages back, holds',
    findings: () => backwardWalk(WHOLE, 1, ['d'], [['a'], []]),
    outcome: 'held',
  },
  {
    title: 'a walk from the first page needs no step',
    findings: () => backwardWalk(WHOLE, 2, ['a', 'b'], []),
    outcome: 'held',
  },
  {
    title: 'a page after the marker breaks it, and so does stopping before the first member',
    findings: () => backwardWalk(WHOLE, 1, ['c'], [['d']]),
    outcome: [broken(PAGES, '/members'), broken(PAGES, '/members_links')],
  },
  {
    title: 'a page that ignores the limit breaks it',
    findings: () => backwardWalk(WHOLE, 1, ['d'], [['a', 'b', 'c'], []]),
    outcome: [broken(PAGES, '/members')],
  },
  {
    title: 'no previous link from a later page breaks it',
    findings: () => backwardWalk(WHOLE, 2, ['c', 'd'], []),
    outcome: [broken(PAGES, '/members_links')],
  },
]);

ruleTable('afterReversePage', [
  {
    title: 'a full reverse page whose next link leads right after it holds',
    findings: () => afterReversePage(WHOLE, 2, ['a', 'b'], true, ['c', 'd']),
    outcome: 'held',
  },
  {
    title: 'a short reverse page needs no next link',
    findings: () => afterReversePage(WHOLE, 2, ['a'], false),
    outcome: 'held',
  },
  {
    title: 'a full reverse page without a next link breaks it',
    findings: () => afterReversePage(WHOLE, 2, ['a', 'b'], false),
    outcome: [broken(PAGES, '/members_links')],
  },
  {
    title: 'a next link that leads back breaks it',
    findings: () => afterReversePage(WHOLE, 1, ['b'], true, ['a']),
    outcome: [broken(PAGES, '/members')],
  },
]);

ruleTable('pageAfter', [
  {
    title: 'nothing after the last member holds',
    findings: () => pageAfter(WHOLE, 1, 'd', [], true, 'p'),
    outcome: 'held',
  },
  {
    title: 'the whole listing from a target that does not page holds',
    findings: () => pageAfter(WHOLE, 1, 'd', WHOLE, false, 'p'),
    outcome: 'held',
  },
  {
    title: 'the last member again breaks it',
    findings: () => pageAfter(WHOLE, 1, 'd', ['d'], true, 'p'),
    outcome: [broken(PAGES, '/members')],
  },
]);

ruleTable('invalidLimit', [
  {
    title: 'a refusal holds',
    findings: () => invalidLimit(WHOLE, 'abc', { status: 400, ids: [], hasNext: false }),
    outcome: 'held',
  },
  {
    title: 'the whole listing, or a page that links on, holds',
    findings: () => [
      ...invalidLimit(WHOLE, '-1', { status: 200, ids: WHOLE, hasNext: false }),
      ...invalidLimit(WHOLE, '1.5', { status: 200, ids: ['a'], hasNext: true }),
    ],
    outcome: 'held',
  },
  {
    title: 'part of the listing and no way on breaks it',
    findings: () => invalidLimit(WHOLE, '1.5', { status: 200, ids: ['a'], hasNext: false }),
    outcome: [broken(PAGES, '/members')],
  },
  {
    title: 'a 5xx breaks it',
    findings: () => invalidLimit(WHOLE, 'abc', { status: 500, ids: [], hasNext: false }),
    outcome: [broken(PAGES)],
  },
]);

ruleTable('unknownMarker', [
  {
    title: 'a 400 or a 404 holds',
    findings: () => [...unknownMarker(400, true), ...unknownMarker(404, true)],
    outcome: 'held',
  },
  {
    title: 'a 200 from a target that does not page holds',
    findings: () => unknownMarker(200, false),
    outcome: 'held',
  },
  {
    title: 'a 200 from a target that pages breaks it',
    findings: () => unknownMarker(200, true),
    outcome: [broken(PAGES)],
  },
]);

ruleTable('oddPageReverse', [
  {
    title: 'a refusal, or the page after the marker, holds',
    findings: () => [
      ...oddPageReverse(WHOLE, 1, 'a', { status: 400, ids: [], hasNext: false }, true),
      ...oddPageReverse(WHOLE, 1, 'a', { status: 200, ids: ['b'], hasNext: true }, true),
    ],
    outcome: 'held',
  },
  {
    title: 'a page read backwards breaks it',
    findings: () => oddPageReverse(WHOLE, 1, 'b', { status: 200, ids: ['a'], hasNext: true }, true),
    outcome: [broken(PAGES, '/members')],
  },
  {
    title: 'a 5xx breaks it',
    findings: () => oddPageReverse(WHOLE, 1, 'b', { status: 500, ids: [], hasNext: false }, true),
    outcome: [broken(PAGES)],
  },
]);

ruleTable('wholeHolds', [
  {
    title: 'a listing that holds the own members holds',
    findings: () => wholeHolds(['b'], WHOLE),
    outcome: 'held',
  },
  {
    title: 'a listing without one breaks it',
    findings: () => wholeHolds(['e'], WHOLE),
    outcome: [broken(PAGES, '/members')],
  },
]);

/** The test's members: two on one address, one more on one of its ports, one elsewhere; two names across them. */
const M1 = { id: 'm1', address: '10.0.0.1', protocol_port: 80, name: 'one' };
const M2 = { id: 'm2', address: '10.0.0.1', protocol_port: 81, name: 'two' };
const M3 = { id: 'm3', address: '10.0.0.2', protocol_port: 80, name: 'two' };
const M4 = { id: 'm4', address: '10.0.0.3', protocol_port: 82, name: 'one' };
const OWN = [M1, M2, M3, M4];
const OTHER = { id: 'x', address: '10.0.0.9', protocol_port: 80, name: 'other' };
const ALL = new Set(['address', 'protocol_port', 'name']);

test('filterUse: a listing of the matching members is applied, of them all ignored, else mixed', () => {
  expect(filterUse('address', '10.0.0.1', OWN, [M1, M2])).toBe('applied');
  expect(filterUse('protocol_port', '80', OWN, [M1, M3, OTHER])).toBe('applied');
  expect(filterUse('name', 'one', OWN, [...OWN, OTHER])).toBe('ignored');
  expect(filterUse('name', 'one', OWN, [M1])).toBe('mixed');
  expect(filterUse('address', '10.0.0.1', OWN, [M1, M2, OTHER])).toBe('mixed');
});

ruleTable('filteredListing', [
  {
    title: 'the members that match every applied parameter hold, with others that match',
    findings: () => filteredListing({ address: '10.0.0.1', protocol_port: '80' }, ALL, OWN, [M1]),
    outcome: 'held',
  },
  {
    title: 'a parameter the target ignores widens the listing to what the applied ones match',
    findings: () =>
      filteredListing({ address: '10.0.0.1', protocol_port: '80' }, new Set(['protocol_port']), OWN, [
        M1,
        M3,
        OTHER,
      ]),
    outcome: 'held',
  },
  {
    title: 'any-of instead of all-of breaks it',
    findings: () =>
      filteredListing({ address: '10.0.0.1', protocol_port: '80' }, ALL, OWN, [M1, M2, M3, OTHER]),
    outcome: [broken(FILTERS, '/members')],
  },
  {
    title: 'a listing that lacks a match, or holds one twice, breaks it',
    findings: () => [
      ...filteredListing({ name: 'one' }, ALL, OWN, [M1]),
      ...filteredListing({ name: 'one' }, ALL, OWN, [M1, M4, M4]),
    ],
    outcome: [broken(FILTERS, '/members'), broken(FILTERS, '/members')],
  },
]);

ruleTable('filteredAfterMarker', [
  {
    title: 'the first match after a marker the filter leaves out holds',
    findings: () => filteredAfterMarker({ name: 'one' }, ALL, OWN, 'm2', 1, ['m4']),
    outcome: 'held',
  },
  {
    title: 'nothing after the last match, or every match from a target that does not page, holds',
    findings: () => [
      ...filteredAfterMarker({ address: '10.0.0.1' }, ALL, OWN, 'm3', 1, []),
      ...filteredAfterMarker({ name: 'one' }, ALL, OWN, 'm2', 1, ['m1', 'm4']),
    ],
    outcome: 'held',
  },
  {
    title: 'a filter the target ignores shows nothing',
    findings: () => filteredAfterMarker({ name: 'one' }, new Set(), OWN, 'm2', 1, ['m3']),
    outcome: 'nothing',
  },
  {
    title: 'skipping the first match breaks it',
    findings: () => filteredAfterMarker({ name: 'one' }, ALL, OWN, 'm2', 1, []),
    outcome: [broken(FILTERS, '/members')],
  },
]);
