/**
 * The conformance reporter: writes reports/conformance.json (docs/conformance-json.schema.json), the page
 * reports/conformance/index.html, one self-contained file, and reports/exchanges.har, every request of the run
 * (run-har.ts). CONFORMANCE_REPORT_DIR (or the reporter option outputDir) moves them. It reads what Playwright
 * hands every reporter (tests, results, errors, annotations, attachments, the config's metadata), so it works on
 * merged blob reports as well:
 * `npx playwright merge-reports --reporter=./src/reporter/conformance-reporter.ts blob-report`. The one thing
 * it reads besides is the runner's: the preflight's requests, kept in the run's directory while the run lasts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError } from '@playwright/test/reporter';
import { CONFIGURATION_ANNOTATION, runConfigurations } from '../settings/configurations';
import { renderHtml } from './html';
import { scrubSecrets } from '../http/redact';
import { runSecrets } from '../settings/client';
import { suiteInfo } from '../suite-info';
import { buildReport, type ConformanceReport } from './model';
import { keptPreflightExchanges, writeRunHar } from './run-har';
import { METADATA_KEY, type RunMetadata } from './run-info';
import { CODE_ROOT } from '../package-paths';

/** The tests of one configuration of a run against several targets, and what it says about its target. */
interface Configuration {
  tests: TestCase[];
  metadata: Partial<RunMetadata>;
  env: Record<string, string | undefined>;
}

export interface ConformanceReporterOptions {
  /** Where conformance.json and conformance/index.html go; default reports/ of the working folder. */
  outputDir?: string;
}

export function reportDir(
  options: ConformanceReporterOptions,
  env: Record<string, string | undefined> = process.env,
): string {
  return path.resolve(env.CONFORMANCE_REPORT_DIR || options.outputDir || 'reports');
}

function errorText(error: TestError): string {
  return error.message ?? error.value ?? 'unknown error';
}

export default class ConformanceReporter implements Reporter {
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private readonly globalErrors: string[] = [];

  constructor(private readonly options: ConformanceReporterOptions = {}) {}

  printsToStdio(): boolean {
    return false;
  }

  onConfigure(config: FullConfig): void {
    this.config = config;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
  }

  onError(error: TestError): void {
    this.globalErrors.push(errorText(error));
  }

  async onEnd(result: FullResult): Promise<void> {
    const dir = reportDir(this.options);
    const configurations = this.configurations();
    if (configurations.size === 0) {
      writeReport(dir, this.report(result));
      // The runner's preflight read the one target of the run, before Playwright started.
      const preflight = keptPreflightExchanges(process.env.CONFORMANCE_RUN_ID);
      return writeRunHar(dir, this.suite?.allTests() ?? [], preflight);
    }
    for (const [name, configuration] of configurations) {
      const folder = path.join(dir, name);
      writeReport(folder, this.report(this.resultOf(result, configuration.tests), configuration));
      writeRunHar(folder, configuration.tests);
    }
  }

  /** The model, with the target's token scrubbed from every string (the exchanges are redacted already). */
  report(result: FullResult, configuration?: Configuration): ConformanceReport {
    const env = configuration?.env ?? process.env;
    const metadata =
      configuration?.metadata ?? ((this.config?.metadata?.[METADATA_KEY] ?? {}) as Partial<RunMetadata>);
    const shard = this.config?.shard;
    const report = buildReport({
      suite: suiteInfo(),
      metadata,
      env,
      tests: configuration?.tests ?? this.suite?.allTests() ?? [],
      result,
      shard: shard ? { current: shard.current, total: shard.total } : null,
      globalErrors: this.globalErrors,
      rootDir: CODE_ROOT,
    });
    return scrubSecrets(report, runSecrets(env));
  }

  /**
   * The run's result as far as these tests go: an interrupted or timed-out run, or one with an error outside
   * the tests, stays so for every configuration; otherwise a configuration passed when each of its tests passed
   * or was skipped. A failed test whose worker went on (keepWorkerAfterFailure, src/settings/configurations.ts)
   * is still a failure: Playwright counts it as expected, the verdict does not.
   */
  private resultOf(result: FullResult, tests: readonly TestCase[]): FullResult {
    if (this.globalErrors.length > 0 || (result.status !== 'failed' && result.status !== 'passed'))
      return result;
    const passed = tests.every((t) => ['passed', 'skipped'].includes(t.results.at(-1)?.status ?? 'skipped'));
    return { ...result, status: passed ? 'passed' : 'failed' };
  }

  /**
   * The run's tests by their configuration (src/settings/configurations.ts), each with its settings and metadata;
   * empty in a run of one target.
   */
  private configurations(): Map<string, Configuration> {
    const groups = new Map<string, Configuration>();
    const configurations = runConfigurations();
    for (const test of this.suite?.allTests() ?? []) {
      const name = test.annotations.find((a) => a.type === CONFIGURATION_ANNOTATION)?.description;
      const configuration = configurations.find((c) => c.name === name);
      if (!name || !configuration) continue;
      const group = groups.get(name) ?? {
        tests: [],
        metadata: configuration.metadata,
        env: { ...process.env, ...configuration.settings },
      };
      group.tests.push(test);
      groups.set(name, group);
    }
    return groups;
  }
}

function writeReport(dir: string, report: ConformanceReport): void {
  mkdirSync(path.join(dir, 'conformance'), { recursive: true });
  writeFileSync(path.join(dir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, 'conformance', 'index.html'), renderHtml(report));
}
