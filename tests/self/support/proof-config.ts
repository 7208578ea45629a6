/**
 * The proof config: the conformance config's projects once per configuration of a proof plan (support/proof-plan.ts,
 * named by CONFORMANCE_PROOF_PLAN), each project's workers given their configuration's target and settings
 * through the conformance fixtures' worker option (src/settings/worker-settings.ts). The reference servers run
 * in the process that wrote the plan (support/proof-run.ts), so there is no global set-up; the conformance
 * reporter writes one conformance.json per configuration, in a folder named after it.
 */
import path from 'node:path';
import { defineConfig, type Project } from '@playwright/test';
import conformance from '../../../playwright.config';
import { METADATA_KEY } from '../../../src/reporter/run-info';
import { KEEP_WORKER_OPTION, WORKER_SETTINGS_OPTION } from '../../../src/settings/worker-settings';
import { ROOT } from './paths';
import { CONFIGURATION_KEY, PROOF_PLAN_VARIABLE, readProofPlan, type ProofConfiguration } from './proof-plan';

const planFile = process.env[PROOF_PLAN_VARIABLE];
if (!planFile) throw new Error(`${PROOF_PLAN_VARIABLE} must name a proof plan`);

const baseProjects = conformance.projects ?? [];

function projectsOf(configuration: ProofConfiguration): Project[] {
  const chosen = baseProjects.filter((p) => p.name !== undefined && configuration.projects.includes(p.name));
  const common = {
    use: {
      [WORKER_SETTINGS_OPTION]: configuration.settings,
      [KEEP_WORKER_OPTION]: true,
    },
    metadata: { [CONFIGURATION_KEY]: configuration.name, [METADATA_KEY]: configuration.metadata },
    workers: 1,
    ...(configuration.grep !== undefined ? { grep: new RegExp(configuration.grep) } : {}),
  };
  if (configuration.oneWorker) {
    const testMatch = chosen.flatMap((p) => (p.testMatch === undefined ? [] : [p.testMatch].flat()));
    return [{ ...common, name: configuration.name, testMatch: testMatch as string[] }];
  }
  return chosen.map((p) => ({ ...p, ...common, name: `${configuration.name}/${p.name}` }));
}

export default defineConfig({
  ...conformance,
  testDir: path.join(ROOT, 'tests'),
  outputDir: path.join(ROOT, 'reports/proof-results'),
  // The proof run names its reporters (json, the conformance reporter) on its command line.
  reporter: 'dot',
  globalSetup: undefined,
  projects: readProofPlan(planFile).flatMap(projectsOf),
  metadata: {},
});
