/**
 * The heart of the project's own tests: every check of the suite bites. The conformance suite runs against
 * the reference server once correct (it must pass, with nothing skipped) and once per fault mode (it must
 * fail on exactly the requirements that fault breaks).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../reference-server/src/index';
import { catalogue } from '../../src/catalogue/requirements';
import type { ConformanceReport } from '../../src/reporter/model';
import { FAULT_VERDICTS } from './fault-catalogue';
import { runConformance, requirementsWith } from './support/conformance-run';

// A fault that breaks every property makes fast-check shrink each one: such a run takes up to a minute alone.
test.describe.configure({ mode: 'parallel', timeout: 400_000 });

test('every fault mode of the reference server has a verdict here, and every verdict a fault', () => {
  expect(Object.keys(FAULT_VERDICTS).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  for (const verdict of Object.values(FAULT_VERDICTS)) {
    for (const id of [...verdict.catches, ...(verdict.collateral ?? [])])
      expect(catalogue().has(id), id).toBe(true);
  }
});

test('the correct reference server passes every requirement, none skipped', async () => {
  const run = await runConformance({});
  const failed = requirementsWith(run.report, 'failed');
  expect(failed, run.stdout).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outcomes.filter((o) => o.status === 'skipped').map((o) => o.title)).toEqual([]);
  const tested = new Set(run.outcomes.flatMap((o) => o.requirements));
  expect([...catalogue().keys()].filter((id) => !tested.has(id))).toEqual([]);
});

for (const [fault, verdict] of Object.entries(FAULT_VERDICTS)) {
  test(`fault ${fault} is caught by ${verdict.catches.join(', ') || 'what it leaves behind'}`, async () => {
    // Each fault mode touches one API only (reference-server/src/faults.ts), so only that API's project runs;
    // one that breaks no requirement is caught by the leftovers its report names, on both APIs.
    const project = fault.startsWith('v3-') ? 'v3' : 'v2';
    const reportDir =
      verdict.catches.length === 0 ? mkdtempSync(path.join(os.tmpdir(), 'fault-report-')) : undefined;
    // A busy answer is waited out for 2 s here, not the default 60 s: the reference server's busy spells are short.
    const env = { REFERENCE_FAULTS: fault, CONFORMANCE_WORKERS: '1', CONFORMANCE_SETTLE_TIMEOUT: '2' };
    const run = await runConformance(env, reportDir ? [] : ['--project', project], { reportDir });
    const failed = requirementsWith(run.report, 'failed');
    expect(run.exitCode, `exit code; output:\n${run.stdout.slice(-3000)}`).toBe(1);
    for (const id of verdict.catches) expect(failed, `${id} must fail`).toContain(id);
    const allowed = new Set([...verdict.catches, ...(verdict.collateral ?? [])]);
    expect(
      failed.filter((id) => !allowed.has(id)),
      'requirements that failed without reason',
    ).toEqual([]);
    if (!reportDir) return;
    const report = JSON.parse(
      readFileSync(path.join(reportDir, 'conformance.json'), 'utf8'),
    ) as ConformanceReport;
    rmSync(reportDir, { recursive: true, force: true });
    expect(report.run.verdict).toBe('incomplete');
    expect(new Set(report.leftovers.map((l) => l.api))).toEqual(new Set(['v2', 'v3']));
    for (const leftover of report.leftovers) expect(run.stderr).toContain(`member ${leftover.id}`);
  });
}
