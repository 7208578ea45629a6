/**
 * The waivers file of CONFORMANCE_WAIVERS (src/settings/waivers.ts), as a table: what reads as waivers, and
 * every way a file is wrong, each a ConfigError naming the variable, the file, the entry and the problem; when
 * a waiver is live (through its last day, in UTC); a relative path is the user's, whatever folder Playwright
 * runs in.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../src/settings/config-error';
import {
  parseWaivers,
  waiverLiveOn,
  waiversFromEnv,
  withWaiversPathResolved,
  type Waiver,
} from '../../src/settings/waivers';
import { expect, test } from './support/harness';

const FILE = 'ci/waivers.yaml';

const entry = (requirement: string, reason: string, expires: string): string =>
  `- requirement: ${requirement}\n  reason: ${reason}\n  expires: ${expires}\n`;

const READS: { name: string; text: string; waivers: Waiver[] }[] = [
  { name: 'an empty file', text: '', waivers: [] },
  { name: 'a file of comments only', text: '# no known deviation\n', waivers: [] },
  { name: 'an empty list', text: '[]\n', waivers: [] },
  {
    name: 'one waiver, its date unquoted',
    text: entry('V2-WEIGHT-RANGE', 'accepts weight 101 (ELB-1234)', '2026-12-31'),
    waivers: [
      { requirement: 'V2-WEIGHT-RANGE', reason: 'accepts weight 101 (ELB-1234)', expires: '2026-12-31' },
    ],
  },
  {
    name: 'two waivers, a date quoted, the fields in another order',
    text:
      entry('V2-WEIGHT-RANGE', 'accepts weight 101', '"2026-02-28"') +
      '- expires: 2028-02-29\n  reason: "  answers 500 to malformed bodies  "\n  requirement: V2-BODY-MALFORMED\n',
    waivers: [
      { requirement: 'V2-WEIGHT-RANGE', reason: 'accepts weight 101', expires: '2026-02-28' },
      { requirement: 'V2-BODY-MALFORMED', reason: 'answers 500 to malformed bodies', expires: '2028-02-29' },
    ],
  },
];

for (const c of READS)
  test(`reads ${c.name}`, () => {
    expect(parseWaivers(c.text, FILE)).toEqual(c.waivers);
  });

const REFUSED: { name: string; text: string; problem: string }[] = [
  { name: 'text that is not YAML', text: '- requirement: [V2-WEIGHT-RANGE\n', problem: 'not YAML: ' },
  {
    name: 'a mapping key given twice',
    text: entry('V2-WEIGHT-RANGE', 'r', '2026-12-31') + '  reason: again\n',
    problem: 'not YAML: ',
  },
  {
    name: 'one waiver not in a list',
    text: 'requirement: V2-WEIGHT-RANGE\nreason: r\nexpires: 2026-12-31\n',
    problem: 'must be a YAML list of waivers, each {requirement, reason, expires}; it is a mapping',
  },
  {
    name: 'an entry that is not a mapping',
    text: entry('V2-PORT-RANGE', 'r', '2026-12-31') + '- V2-WEIGHT-RANGE\n',
    problem: 'entry 2 must be a mapping {requirement, reason, expires}; it is the string "V2-WEIGHT-RANGE"',
  },
  {
    name: 'an entry that is a list',
    text: '- [V2-WEIGHT-RANGE, r, 2026-12-31]\n',
    problem: 'entry 1 must be a mapping {requirement, reason, expires}; it is a list',
  },
  {
    name: 'a missing reason',
    text: '- requirement: V2-WEIGHT-RANGE\n  expires: 2026-12-31\n',
    problem: 'entry 1 (V2-WEIGHT-RANGE): "reason" is missing',
  },
  {
    name: 'a missing expires',
    text: '- requirement: V2-WEIGHT-RANGE\n  reason: r\n',
    problem: 'entry 1 (V2-WEIGHT-RANGE): "expires" is missing',
  },
  {
    name: 'a missing requirement',
    text: '- reason: r\n  expires: 2026-12-31\n',
    problem: 'entry 1: "requirement" is missing',
  },
  {
    name: 'a misspelt field',
    text: '- requirement: V2-WEIGHT-RANGE\n  reason: r\n  expire: 2026-12-31\n',
    problem:
      'entry 1 (V2-WEIGHT-RANGE): "expire" is not a field of a waiver; its fields are requirement, reason, expires',
  },
  {
    name: 'a requirement the catalogue does not have',
    text: entry('V2-WEIGHT-RANGES', 'r', '2026-12-31'),
    problem: 'entry 1: "V2-WEIGHT-RANGES" is not a requirement of requirements.yaml',
  },
  {
    name: 'a requirement that is not a string',
    text: entry('42', 'r', '2026-12-31'),
    problem: 'entry 1: "requirement" must be a requirement id (it is the number 42)',
  },
  {
    name: 'a requirement waived twice',
    text:
      entry('V2-WEIGHT-RANGE', 'r', '2026-12-31') +
      entry('V2-PORT-RANGE', 'r', '2026-12-31') +
      entry('V2-WEIGHT-RANGE', 's', '2027-06-30'),
    problem: 'entry 3 (V2-WEIGHT-RANGE): V2-WEIGHT-RANGE is waived twice (entry 1 waives it too)',
  },
  {
    name: 'an empty reason',
    text: entry('V2-WEIGHT-RANGE', '"  "', '2026-12-31'),
    problem: 'entry 1 (V2-WEIGHT-RANGE): "reason" must be a sentence saying why (it is the string "  ")',
  },
  {
    name: 'a reason left blank',
    text: entry('V2-WEIGHT-RANGE', '', '2026-12-31'),
    problem: 'entry 1 (V2-WEIGHT-RANGE): "reason" must be a sentence saying why (it is empty)',
  },
  ...[
    ['2026-02-30', 'a day February does not have'],
    ['2027-02-29', 'the 29th of February of a common year'],
    ['2026-13-01', 'a thirteenth month'],
    ['2026-04-31', 'the 31st of a month of 30 days'],
    ['2026-00-10', 'a month 0'],
  ].map(([date, name]) => ({
    name: `an impossible date: ${name}`,
    text: entry('V2-WEIGHT-RANGE', 'r', date ?? ''),
    problem: `entry 1 (V2-WEIGHT-RANGE): "expires" "${date}" is not a day of the calendar`,
  })),
  ...[
    ['31/12/2026', 'the string "31/12/2026"'],
    ['2026-12-31T23:59:59Z', 'the string "2026-12-31T23:59:59Z"'],
    ['2026-1-5', 'the string "2026-1-5"'],
    ['20261231', 'the number 20261231'],
    ['', 'empty'],
  ].map(([date, kind]) => ({
    name: `a date not written YYYY-MM-DD: ${date || '(blank)'}`,
    text: entry('V2-WEIGHT-RANGE', 'r', date ?? ''),
    problem: `entry 1 (V2-WEIGHT-RANGE): "expires" must be a date written YYYY-MM-DD, such as 2026-12-31 (it is ${kind})`,
  })),
];

for (const c of REFUSED)
  test(`refuses ${c.name}, naming the variable, the file and the problem`, () => {
    let thrown: unknown;
    try {
      parseWaivers(c.text, FILE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe('CONFORMANCE_WAIVERS');
    expect((thrown as ConfigError).message).toContain(`CONFORMANCE_WAIVERS: ${FILE}: ${c.problem}`);
  });

test('CONFORMANCE_WAIVERS unset or empty waives nothing; a file missing or unreadable is named', ({
  scratch,
}) => {
  const dir = scratch('waivers');
  expect(waiversFromEnv({})).toEqual([]);
  expect(waiversFromEnv({ CONFORMANCE_WAIVERS: ' ' })).toEqual([]);
  const missing = path.join(dir, 'missing.yaml');
  expect(() => waiversFromEnv({ CONFORMANCE_WAIVERS: missing })).toThrow(
    `CONFORMANCE_WAIVERS: ${missing}: no such file`,
  );
  const folder = path.join(dir, 'a-folder.yaml');
  mkdirSync(folder);
  expect(() => waiversFromEnv({ CONFORMANCE_WAIVERS: folder })).toThrow(
    `CONFORMANCE_WAIVERS: ${folder}: cannot be read (EISDIR)`,
  );
  const file = path.join(dir, 'waivers.yaml');
  writeFileSync(file, entry('V2-WEIGHT-RANGE', 'r', '2026-12-31'));
  expect(waiversFromEnv({ CONFORMANCE_WAIVERS: file })).toEqual([
    { requirement: 'V2-WEIGHT-RANGE', reason: 'r', expires: '2026-12-31' },
  ]);
});

const LIVE: [instant: string, live: boolean][] = [
  ['2026-12-30T12:00:00.000Z', true],
  ['2026-12-31T00:00:00.000Z', true],
  ['2026-12-31T23:59:59.999Z', true],
  ['2027-01-01T00:00:00.000Z', false],
  ['2027-06-30T12:00:00.000Z', false],
];

for (const [instant, live] of LIVE)
  test(`a waiver that expires 2026-12-31 is ${live ? 'live' : 'expired'} for a run started ${instant}`, () => {
    expect(waiverLiveOn({ expires: '2026-12-31' }, new Date(instant))).toBe(live);
  });

test("the waivers file is the user's path, resolved against the folder the run was started in", () => {
  const started = path.resolve('/', 'home-of-the-user', 'project-ci');
  expect(withWaiversPathResolved({ CONFORMANCE_WAIVERS: 'ci/waivers.yaml', X: '1' }, started)).toEqual({
    CONFORMANCE_WAIVERS: path.join(started, 'ci', 'waivers.yaml'),
    X: '1',
  });
  expect(withWaiversPathResolved({ X: '1' }, started)).toEqual({ X: '1' });
});
