import { isDeepStrictEqual } from 'node:util';
import { expect, test } from './support/harness';
import { FAULT_ROWS, type FaultRow } from '../../reference-server/modes/faults';
import { FAULTS, startReferenceServer } from '../../reference-server/src/index';
import { withServer } from './support/reference-fixture';

/*
 * The reference server's fault modes, one test pair per row of reference-server/modes/faults.ts: the fault
 * changes what its probe looks at, and leaves every other row's probe as the correct server answers it.
 */

test.describe.configure({ mode: 'parallel' });

const observe = (row: FaultRow, faults: string[]): Promise<unknown> =>
  withServer({ faults, preload: row.preload }, row.probe);

test('each fault has a description and its overlaps name other faults', () => {
  const names = FAULTS.map((f) => f.name);
  for (const f of FAULTS) expect(f.description.length, f.name).toBeGreaterThan(10);
  for (const row of FAULT_ROWS) {
    expect(
      (row.overlaps ?? []).filter((o) => o === row.name || !names.includes(o)),
      row.name,
    ).toEqual([]);
  }
});

test('an unknown fault is refused with the known ones listed', async () => {
  await expect(startReferenceServer({ faults: ['weight-upper-off-by-one', 'nope'] })).rejects.toThrow(
    /unknown fault "nope".*known faults: .*weight-upper-off-by-one/,
  );
});

for (const row of FAULT_ROWS) {
  test(`${row.name} changes what it names`, async () => {
    expect(await observe(row, []), 'the correct server').toEqual(row.correct);
    expect(await observe(row, [row.name]), `the server with ${row.name}`).toEqual(row.faulty);
  });

  test(`${row.name} leaves every other probe correct`, async () => {
    test.setTimeout(120_000);
    const others = FAULT_ROWS.filter((o) => o !== row && !(row.overlaps ?? []).includes(o.name));
    const seen = await Promise.all(others.map((o) => observe(o, [row.name])));
    const changed = others.filter((o, i) => !isDeepStrictEqual(seen[i], o.correct)).map((o) => o.name);
    expect(changed, `probes changed by ${row.name}`).toEqual([]);
  });
}
