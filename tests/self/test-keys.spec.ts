/**
 * Every conformance test declares a stable key (src/test-key.ts) with its requirement: present, of the key's
 * form, unique across both APIs, and what the fault rows name. The listing maps each key to its title, so a
 * title may be reworded and nothing that names the test by key changes (verdict-model.spec.ts shows the report
 * keeping the key under a reworded title).
 */
import { FAULT_ROWS } from '../../reference-server/modes/faults';
import { KEY_FORM } from '../../src/test-key';
import { testKey, titlesByKey } from './support/conformance-list';
import { expect, test } from './support/harness';

test('every conformance test declares a key of the key form, and no two tests share one', async ({
  listConformanceTests,
}) => {
  const listed = await listConformanceTests();
  expect(listed.length).toBeGreaterThan(0);
  expect(listed.filter((t) => t.key === undefined).map(testKey), 'tests without a key').toEqual([]);
  const keys = listed.map((t) => t.key ?? '');
  expect(
    keys.filter((key) => !KEY_FORM.test(key)),
    `keys not of the form ${KEY_FORM}`,
  ).toEqual([]);
  expect(
    keys.filter((key, i) => keys.indexOf(key) !== i),
    'keys declared twice',
  ).toEqual([]);
  // Each key names one test of its own API's project.
  for (const t of listed) expect(t.key?.slice(0, 3), testKey(t)).toBe(`${t.project}-`);
  expect(titlesByKey(listed).size).toBe(listed.length);
});

test('the fault rows name tests by key, never by title', async ({ listConformanceTests }) => {
  const titles = titlesByKey(await listConformanceTests());
  const named = [...new Set(FAULT_ROWS.flatMap((row) => row.fails))];
  expect(named.filter((key) => !titles.has(key))).toEqual([]);
  const byTitle = new Set(titles.values());
  expect(named.filter((name) => byTitle.has(name))).toEqual([]);
});
