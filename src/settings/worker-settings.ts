/**
 * Settings a Playwright project gives its workers. The conformance config gives none: its workers read the
 * environment they inherit. A config that runs the suite against several targets at once (the self-tests' proof
 * runs, tests/self/support/proof-config.ts) gives each project the TARGET_*, CONFORMANCE_* and FC_* settings of
 * its own target through the worker option named here.
 */
export const WORKER_SETTINGS_OPTION = 'conformanceSettings';

export type WorkerSettings = Readonly<Record<string, string>>;

/**
 * Whether a project's worker goes on after a test fails. Playwright starts a fresh worker after every unexpected
 * failure, about a second of CPU each; a proof run, whose configurations fail tests by design, keeps its workers
 * (the test's fixtures are torn down all the same, and what the worker holds is the target and its contract).
 * It changes no verdict: the report reads what each test did, never what Playwright expected of it. A test that
 * timed out still ends its worker. The conformance config keeps none.
 */
export const KEEP_WORKER_OPTION = 'keepWorkerAfterFailure';

/**
 * Puts a project's settings into its worker's environment before any fixture reads a setting. A worker runs the
 * tests of one project only (Playwright starts another for another project), so the settings of one project
 * never reach the tests of another; every reader of a setting (the target, the property runs, the settle time,
 * the request gate, the run id of the journal) sees them without being told where they came from.
 */
export function applyWorkerSettings(settings: WorkerSettings): void {
  Object.assign(process.env, settings);
}

/** The settings a project gives its workers, read from its `use` (reporters see the projects' `use`). */
export function workerSettingsOf(use: object | undefined): WorkerSettings {
  const settings = (use as Record<string, unknown> | undefined)?.[WORKER_SETTINGS_OPTION];
  return settings && typeof settings === 'object' ? (settings as WorkerSettings) : {};
}
