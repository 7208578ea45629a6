/**
 * A run against several targets at once: the self-tests' proof runs (tests/self/support/proof-config.ts) run the
 * suite against many reference servers in one Playwright invocation. The file that CONFORMANCE_CONFIGURATIONS
 * names lists the run's configurations, each with its own TARGET_*, CONFORMANCE_* and FC_* settings. Every
 * conformance test is then registered once per configuration (src/fixtures/configurations.ts), so that one
 * worker runs the tests of many configurations, one test at a time, with the settings of the test's
 * configuration in its environment: every reader of a setting (the target, the property runs, the settle time,
 * the request gate, the run id of the journal) sees them without being told where they came from. Without the
 * variable a run has one configuration: the environment its processes inherit.
 */
import { readFileSync } from 'node:fs';
import type { RunMetadata } from '../reporter/run-info';

/** The variable naming the configurations file of a run against several targets. */
export const CONFIGURATIONS_VARIABLE = 'CONFORMANCE_CONFIGURATIONS';

/** The annotation that names a test's configuration, for the reporter. */
export const CONFIGURATION_ANNOTATION = 'configuration';

export type Settings = Readonly<Record<string, string>>;

export interface RunConfiguration {
  /** Unique in the run: names the configuration's tests and its report folder. */
  name: string;
  /** Its target's TARGET_* settings, CONFORMANCE_*, FC_*. */
  settings: Settings;
  /** What its conformance report says about the target. */
  metadata: Partial<RunMetadata>;
}

const read = new Map<string, RunConfiguration[]>();

/** The run's configurations; none in a run of one target. */
export function runConfigurations(env: Record<string, string | undefined> = process.env): RunConfiguration[] {
  const file = env[CONFIGURATIONS_VARIABLE];
  if (!file) return [];
  let configurations = read.get(file);
  if (!configurations) {
    configurations = JSON.parse(readFileSync(file, 'utf8')) as RunConfiguration[];
    read.set(file, configurations);
  }
  return configurations;
}

/**
 * Puts the settings of the configuration `name` into this process's environment, and takes out those that only
 * other configurations set. A worker runs one test at a time, so the settings of one configuration never reach
 * the test of another.
 */
export function applyConfiguration(name: string, configurations: readonly RunConfiguration[]): void {
  const own = configurations.find((c) => c.name === name);
  if (!own) throw new Error(`the run has no configuration ${name}`);
  for (const other of configurations)
    for (const variable of Object.keys(other.settings))
      if (!(variable in own.settings)) delete process.env[variable];
  Object.assign(process.env, own.settings);
}

/**
 * Whether a project's worker goes on after a test fails. Playwright starts a fresh worker after every unexpected
 * failure, about a second of CPU each; a proof run, whose configurations fail tests by design, keeps its workers
 * (the test's fixtures are torn down all the same, and what the worker holds is the targets and their contracts).
 * It changes no verdict: the report reads what each test did, never what Playwright expected of it. A test that
 * timed out still ends its worker. The conformance config keeps none.
 */
export const KEEP_WORKER_OPTION = 'keepWorkerAfterFailure';
