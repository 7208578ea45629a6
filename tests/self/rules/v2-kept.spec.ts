/** The rule of values the pages leave open (src/rules/v2-kept.ts), over fabricated creates and reads. */
import { keptOrRefused, KEPT_OR_REFUSED } from '../../../src/rules';
import { broken, ruleTable } from './table';

const NAME = 'web-\u{1F600}e\u0301\u0000\ud800';
const member = (name: string) => ({ id: 'm-1', name });
const seen = { field: 'name', sent: NAME };
const weight1e2 = { field: 'weight', sent: 100, spelling: '1e2' };
const weighing = (weight: number) => ({ id: 'm-1', weight });

ruleTable('keptOrRefused', [
  ...[400, 404, 422].map((status) => ({
    title: `a ${status} keeps it`,
    findings: () => [keptOrRefused({ ...seen, status })],
    outcome: 'held' as const,
  })),
  {
    title: 'a success whose answer and read show the very value sent keeps it',
    findings: () => [keptOrRefused({ ...seen, status: 201, answered: member(NAME), read: member(NAME) })],
    outcome: 'held',
  },
  ...[500, 502, 429, 302].map((status) => ({
    title: `a ${status} breaks it`,
    findings: () => [keptOrRefused({ ...seen, status })],
    outcome: [broken(KEPT_OR_REFUSED)],
  })),
  {
    title: 'an answer that cuts the name at U+0000 breaks it at /member/name',
    findings: () => [keptOrRefused({ ...seen, status: 201, answered: member('web-\u{1F600}e\u0301') })],
    outcome: [broken(KEPT_OR_REFUSED, '/member/name')],
  },
  {
    title: 'a read that shows the name in normal form C breaks it at /member/name',
    findings: () => [
      keptOrRefused({ ...seen, status: 200, answered: member(NAME), read: member(NAME.normalize('NFC')) }),
    ],
    outcome: [broken(KEPT_OR_REFUSED, '/member/name')],
  },
  {
    title: 'an address stored without its leading zeros breaks it at /member/address',
    findings: () => [
      keptOrRefused({
        field: 'address',
        sent: '192.168.1.05',
        status: 201,
        answered: { id: 'm-1', address: '192.168.1.5' },
      }),
    ],
    outcome: [broken(KEPT_OR_REFUSED, '/member/address')],
  },
  // Integers written with an exponent or a fraction part: the integer they equal is the value sent.
  {
    title: 'a weight written 1e2, answered and read as 100, keeps it',
    findings: () => [
      keptOrRefused({ ...weight1e2, status: 201, answered: weighing(100), read: weighing(100) }),
    ],
    outcome: 'held',
  },
  {
    title: 'a weight written -0, answered as 0, keeps it',
    findings: () => [
      keptOrRefused({ field: 'weight', sent: -0, spelling: '-0', status: 201, answered: weighing(0) }),
    ],
    outcome: 'held',
  },
  {
    title: 'a weight written 1e2 and read as 1 (parsed up to its exponent) breaks it at /member/weight',
    findings: () => [
      keptOrRefused({ ...weight1e2, status: 201, answered: weighing(100), read: weighing(1) }),
    ],
    outcome: [broken(KEPT_OR_REFUSED, '/member/weight')],
  },
  {
    title: 'a protocol_port written 80.0 answered with 500 breaks it',
    findings: () => [keptOrRefused({ field: 'protocol_port', sent: 80, spelling: '80.0', status: 500 })],
    outcome: [broken(KEPT_OR_REFUSED)],
  },
  {
    title: 'a success whose answer lacks the field breaks it',
    findings: () => [keptOrRefused({ ...seen, status: 201, answered: { id: 'm-1' } })],
    outcome: [broken(KEPT_OR_REFUSED, '/member/name')],
  },
]);
