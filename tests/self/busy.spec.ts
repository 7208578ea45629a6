/**
 * Busy load balancers (docs/readings.md §4, §5; src/http/settle.ts): a correct server that refuses writes with a
 * busy 409 for a while after each write (the busy-after-write choice) passes, under both profiles, and the
 * report shows the waits. The faults that get busy wrong are proven in faults.spec.ts.
 */
import { requirementsWith, writtenReport } from './support/conformance-run';
import { expect, test } from './support/harness';

test.describe.configure({ mode: 'parallel', timeout: 300_000 });

const BUSY = { REFERENCE_CHOICES: 'busy-after-write' };

/** The busy 409s the client waited out, over every requirement of a conformance.json. */
function busyWaits(reportDir: string): number {
  return writtenReport(reportDir)
    .requirements.flatMap((r) => r.retried)
    .flatMap((r) => r.retries)
    .filter((r) => r.status === 409).length;
}

test('huawei: a server busy after each write passes every requirement, and the waits are reported', async ({
  runConformance,
}) => {
  const run = await runConformance(BUSY);
  expect(requirementsWith(run.report, 'failed'), run.stdout.slice(-4000)).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(busyWaits(run.reportDir)).toBeGreaterThan(0);
});

/**
 * The reference server keeps the huawei limits (weight 0..100, IPv4 only), so under the octavia profile only
 * the requirements whose rule both profiles share are run: every kind of write, the duplicate's 409 and the
 * busy one side by side (V2-CONTENT-TYPE, V2-ERROR-BODY), waits after each write, and clean-up.
 */
const SHARED_RULES =
  'V2-CREATE-RESPONSE|V2-CREATE-DEFAULTS|V2-DUPLICATE-SCOPE|V2-PORT-RANGE|V2-NAME-LENGTH|V2-REQUIRED-FIELDS|' +
  'V2-BODY-MALFORMED|V2-CONTENT-TYPE|V2-ERROR-BODY|V2-POOL-UNKNOWN';

test('octavia: a served server busy after each write passes the shared requirements, waits reported', async ({
  serveReference,
  runConformance,
}) => {
  const served = await serveReference({
    ...BUSY,
    REFERENCE_CHOICES: 'busy-after-write,v2-error-octavia-shape',
  });
  const run = await runConformance({ ...served.env, TARGET_PROFILE: 'octavia' }, ['--grep', SHARED_RULES]);
  expect(requirementsWith(run.report, 'failed'), run.stdout.slice(-4000)).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outcomes.filter((o) => o.status === 'passed').length).toBeGreaterThan(10);
  expect(busyWaits(run.reportDir)).toBeGreaterThan(0);
});
