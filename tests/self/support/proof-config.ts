/**
 * The proof config: the conformance config's projects once per lane of a proof plan (support/proof-plan.ts, named
 * by CONFORMANCE_PROOF_PLAN). Every conformance test is registered once per configuration of the run (listed in
 * the file CONFORMANCE_CONFIGURATIONS names: src/fixtures/configurations.ts), and a lane's project of an API
 * selects, by grep, the tests of its configurations that run that API. So one worker runs the tests of many
 * configurations, each with its own settings (src/settings/configurations.ts), and a proof run starts a worker per
 * lane and API rather than per configuration. The reference servers run in the process that wrote the plan
 * (support/proof-run.ts), so there is no global set-up; the conformance reporter writes one conformance.json per
 * configuration, in a folder named after it.
 */
import path from 'node:path';
import { defineConfig, type Project } from '@playwright/test';
import conformance from '../../../playwright.config';
import { configurationTitle } from '../../../src/fixtures/configurations';
import { KEEP_WORKER_OPTION } from '../../../src/settings/configurations';
import { ROOT } from './paths';
import { PROOF_PLAN_VARIABLE, readProofPlan, type ProofConfiguration } from './proof-plan';

const planFile = process.env[PROOF_PLAN_VARIABLE];
if (!planFile) throw new Error(`${PROOF_PLAN_VARIABLE} must name a proof plan`);
const plan = readProofPlan(planFile);

const baseProjects = conformance.projects ?? [];

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A grep that selects the tests of these configurations, each within its own grep when it has one. */
function selecting(configurations: readonly ProofConfiguration[]): RegExp {
  const each = configurations.map(
    (c) =>
      `(?=[\\s\\S]*${escaped(configurationTitle(c.name))})` + (c.grep ? `(?=[\\s\\S]*(?:${c.grep}))` : ''),
  );
  return new RegExp(`^(?:${each.join('|')})`);
}

function laneProjects(lane: number): Project[] {
  const own = plan.configurations.filter((_, i) => i % plan.lanes === lane);
  return baseProjects.flatMap((project) => {
    const running = own.filter((c) => project.name !== undefined && c.projects.includes(project.name));
    if (running.length === 0) return [];
    return [
      {
        ...project,
        name: `lane-${lane + 1}/${project.name}`,
        workers: 1,
        use: { ...project.use, [KEEP_WORKER_OPTION]: true },
        grep: selecting(running),
      },
    ];
  });
}

export default defineConfig({
  ...conformance,
  testDir: path.join(ROOT, 'tests'),
  outputDir: path.join(ROOT, 'reports/proof-results'),
  // The proof run names its reporters (json, the conformance reporter) on its command line.
  reporter: 'dot',
  globalSetup: undefined,
  projects: Array.from({ length: plan.lanes }, (_, lane) => laneProjects(lane)).flat(),
  metadata: {},
});
