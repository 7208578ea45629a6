/** The rules of requests outside the documented operations (src/rules/routing.ts), over fabricated answers. */
import { keptAsIs, methodRefused, pathRefused } from '../../../src/rules';
import { broken, ruleTable } from './table';

const PATCH = { method: 'PATCH', path: '/v2.0/lbaas/pools/p/members' };
const OFFERED = ['GET', 'POST'];
const refusedWith = (status: number, allow?: string) => () => [
  methodRefused('V2-METHOD-REFUSED', PATCH, { status, allow }, OFFERED),
];

ruleTable('methodRefused', [
  {
    title: 'a 405 whose Allow names the offered methods holds',
    findings: refusedWith(405, 'GET, POST'),
    outcome: 'held',
  },
  {
    title: 'more methods, any order and spacing, hold',
    findings: refusedWith(405, 'DELETE,POST , GET,PUT'),
    outcome: 'held',
  },
  { title: 'a 404 without Allow holds', findings: refusedWith(404), outcome: 'held' },
  { title: 'a 400 holds', findings: refusedWith(400), outcome: 'held' },
  { title: 'a 200 breaks it', findings: refusedWith(200), outcome: [broken('V2-METHOD-REFUSED')] },
  { title: 'a 500 breaks it', findings: refusedWith(500), outcome: [broken('V2-METHOD-REFUSED')] },
  {
    title: 'a 405 without Allow breaks it',
    findings: refusedWith(405),
    outcome: [broken('V2-METHOD-REFUSED')],
  },
  {
    title: 'an Allow that is no list of method names breaks it, and names none of them',
    findings: refusedWith(405, 'GET POST'),
    outcome: [broken('V2-METHOD-REFUSED'), broken('V2-METHOD-REFUSED')],
  },
  {
    title: 'an Allow that leaves an offered method out breaks it',
    findings: refusedWith(405, 'GET'),
    outcome: [broken('V2-METHOD-REFUSED')],
  },
  {
    title: 'an Allow that names the refused method breaks it',
    findings: refusedWith(405, 'GET, POST, PATCH'),
    outcome: [broken('V2-METHOD-REFUSED')],
  },
  {
    title: 'an empty Allow names no method and none offered',
    findings: refusedWith(405, ''),
    outcome: [broken('V2-METHOD-REFUSED'), broken('V2-METHOD-REFUSED')],
  },
]);

const GET = { method: 'GET', path: '/v3/p/elb/pool/q/members' };
const pathAnswered = (status: number, allow?: string) => () => [
  pathRefused('V3-PATH-UNKNOWN', GET, { status, allow }),
];

ruleTable('pathRefused', [
  { title: 'a 404 holds', findings: pathAnswered(404), outcome: 'held' },
  { title: 'a 400 holds', findings: pathAnswered(400), outcome: 'held' },
  { title: 'a 405 that names a method holds', findings: pathAnswered(405, 'POST'), outcome: 'held' },
  { title: 'a 200 breaks it', findings: pathAnswered(200), outcome: [broken('V3-PATH-UNKNOWN')] },
  { title: 'a 500 breaks it', findings: pathAnswered(500), outcome: [broken('V3-PATH-UNKNOWN')] },
  {
    title: 'a 405 with an empty Allow breaks it',
    findings: pathAnswered(405, ''),
    outcome: [broken('V3-PATH-UNKNOWN')],
  },
  {
    title: 'a 405 without Allow breaks it',
    findings: pathAnswered(405),
    outcome: [broken('V3-PATH-UNKNOWN')],
  },
]);

const MEMBER = { id: 'm1', name: 'web', weight: 1, admin_state_up: true };
const readBack = (after: Record<string, unknown>) => () => [
  keptAsIs('V3-METHOD-REFUSED', 'm1', MEMBER, after, ['name', 'weight']),
];

ruleTable('keptAsIs', [
  { title: 'the same name and weight hold', findings: readBack(MEMBER), outcome: 'held' },
  {
    title: 'a field it is not asked about may change',
    findings: readBack({ ...MEMBER, admin_state_up: false }),
    outcome: 'held',
  },
  {
    title: 'a new name breaks it',
    findings: readBack({ ...MEMBER, name: 'new' }),
    outcome: [broken('V3-METHOD-REFUSED', '/member/name')],
  },
  {
    title: 'a new weight and a lost name break it twice',
    findings: readBack({ id: 'm1', weight: 2 }),
    outcome: [broken('V3-METHOD-REFUSED', '/member/name'), broken('V3-METHOD-REFUSED', '/member/weight')],
  },
]);
