/**
 * A proof run: the whole conformance suite against many reference-server configurations in one Playwright
 * invocation whose workers each run the tests of many configurations (support/proof-config.ts), so that start-up
 * (node, the config, the module graph, a worker) is paid once per lane, not once per configuration.
 * Each configuration gets its own reference server in this process, on loopback, its own run id (so its journal
 * of leftovers is its own) and its own conformance.json; what each yields is the RunResult a separate
 * `npm run conformance` with the same variables yields, judged the same way: the verdict's exit code, and the
 * leftovers the runner names after the run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startReferenceServer, targetEnv, type ReferenceServer } from '../../../reference-server/src/index';
import { removeWhatTheRunLeft } from '../../../src/cleanup/after-run';
import { plainText } from '../../../src/evidence';
import { runMetadata } from '../../../src/reporter/run-info';
import { referenceOptionsFromEnv } from '../../../src/runner/global-setup';
import { readConformanceReport } from '../../../src/runner/verdict';
import type { ChildProcesses } from './child-process';
import type { RunResult } from './conformance-run';
import { CONFORMANCE_REPORTER, PLAYWRIGHT_CLI } from './paths';
import { readJsonReport, type TestOutcome } from './playwright-json';
import { CONFIGURATION_ANNOTATION, CONFIGURATIONS_VARIABLE } from '../../../src/settings/configurations';
import { PROOF_PLAN_VARIABLE, type ProofConfiguration, type ProofPlan } from './proof-plan';

const PROOF_CONFIG = path.join(__dirname, 'proof-config.ts');

/** One configuration: the variables a user would give `npm run conformance` for it. */
export interface ProofRequest {
  name: string;
  /** REFERENCE_* for its server; CONFORMANCE_*, FC_* for its tests. */
  env: Record<string, string>;
  /** The APIs to run (`--project`); both by default. */
  projects?: readonly string[];
  /** Only the tests whose title or tags match (as `--grep`). */
  grep?: string;
  /**
   * Judged as a run with CONFORMANCE_WORKERS=1, which it sets (one worker's share of the requests in flight, one
   * test after another); else as a run with the default two workers. Either way its tests of each API run one
   * after another, in its lane's worker of that API.
   */
  oneWorker: boolean;
}

export interface ProofRunOptions {
  processes: ChildProcesses;
  /** An empty folder for the plan, the reports and the test output. */
  dir: string;
  /** Playwright workers for the whole run, and lanes of configurations: several lanes run side by side. */
  workers: number;
}

/** The settings a configuration's workers get: its own target, run id and suite settings, never REFERENCE_*. */
function settingsOf(request: ProofRequest, server: ReferenceServer): Record<string, string> {
  const suite = Object.entries(request.env).filter(([name]) => !name.startsWith('REFERENCE_'));
  return {
    ...Object.fromEntries(suite),
    ...(request.oneWorker ? { CONFORMANCE_WORKERS: '1' } : {}),
    ...targetEnv(server),
    CONFORMANCE_EMBEDDED_TARGET: '1',
    CONFORMANCE_RUN_ID: randomBytes(4).toString('hex'),
  };
}

/** What a failed test of the configuration said: the output a failure message shows. */
function summaryOf(outcomes: readonly TestOutcome[]): string {
  return outcomes
    .filter((o) => o.status !== 'passed')
    .map(
      (o) =>
        `${o.status}: ${o.file} ${o.title}\n${o.errors.map((e) => plainText(e).slice(0, 600)).join('\n')}`,
    )
    .join('\n');
}

/** Runs every configuration in one Playwright invocation; the result of each, by name. */
export async function runProof(
  requests: readonly ProofRequest[],
  options: ProofRunOptions,
): Promise<Map<string, RunResult>> {
  const servers: ReferenceServer[] = [];
  const plan: ProofConfiguration[] = [];
  const jsonReport = path.join(options.dir, 'report.json');
  const reportRoot = path.join(options.dir, 'reports');
  let run;
  try {
    for (const request of requests) {
      const server = await startReferenceServer(referenceOptionsFromEnv(request.env));
      servers.push(server);
      plan.push({
        name: request.name,
        settings: settingsOf(request, server),
        projects: [...(request.projects ?? ['v3', 'v2'])],
        ...(request.grep !== undefined ? { grep: request.grep } : {}),
        metadata: runMetadata(request.env),
      });
    }
    const planFile = path.join(options.dir, 'plan.json');
    const proofPlan: ProofPlan = { lanes: Math.min(options.workers, plan.length), configurations: plan };
    writeFileSync(planFile, JSON.stringify(proofPlan, null, 2));
    const configurationsFile = path.join(options.dir, 'configurations.json');
    writeFileSync(configurationsFile, JSON.stringify(plan, null, 2));
    run = await options.processes.run(
      process.execPath,
      [
        PLAYWRIGHT_CLI,
        'test',
        '-c',
        PROOF_CONFIG,
        `--reporter=json,${CONFORMANCE_REPORTER}`,
        `--output=${path.join(options.dir, 'test-results')}`,
        `--workers=${options.workers}`,
      ],
      {
        env: {
          [PROOF_PLAN_VARIABLE]: planFile,
          [CONFIGURATIONS_VARIABLE]: configurationsFile,
          PLAYWRIGHT_JSON_OUTPUT_FILE: jsonReport,
          CONFORMANCE_REPORT_DIR: reportRoot,
        },
      },
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  // 0 or 1 is a run that ended (with failed tests or not); anything else (killed, a broken config) proves nothing.
  if (run.exitCode !== 0 && run.exitCode !== 1)
    throw new Error(`the proof run ended with ${run.exitCode}: ${run.stderr.slice(-3000)}`);
  const outcomes = existsSync(jsonReport) ? readJsonReport(jsonReport) : [];
  const results = new Map<string, RunResult>();
  for (const [i, request] of requests.entries()) {
    const configuration = plan[i];
    if (!configuration) continue;
    const own = outcomes
      .filter((o) =>
        o.annotations.some((a) => a.type === CONFIGURATION_ANNOTATION && a.description === request.name),
      )
      .map((o) => ({ ...o, project: o.file.split('/')[0] ?? o.project }));
    const reportDir = path.join(reportRoot, request.name);
    const report = readConformanceReport(reportDir);
    const log: string[] = [];
    const runId = configuration.settings.CONFORMANCE_RUN_ID ?? '';
    const { clean } = await removeWhatTheRunLeft(request.env, runId, (line) =>
      log.push(`conformance: ${plainText(line)}`),
    );
    results.set(request.name, {
      exitCode: report?.run.exitCode === 0 && clean ? 0 : 1,
      // The run's own output is shared by every configuration: it goes with the summary, for failure messages,
      // never into stderr, where only this configuration's clean-up speaks (as the runner's does).
      stdout: `${summaryOf(own)}\n--- the proof run's output ---\n${run.stdout.slice(-1500)}${run.stderr.slice(-1500)}`,
      stderr: log.join('\n'),
      outcomes: own,
      report,
      reportDir,
    });
  }
  return results;
}
