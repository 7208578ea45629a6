/**
 * The conformance reporter: writes reports/conformance.json (docs/conformance-json.schema.json) and the page
 * reports/conformance/index.html, one self-contained file. CONFORMANCE_REPORT_DIR (or the reporter option
 * outputDir) moves both. It reads only what Playwright hands every reporter (tests, results, errors,
 * annotations, attachments with a body, the config's metadata), so it works on merged blob reports as well:
 * `npx playwright merge-reports --reporter=./src/reporter/conformance-reporter.ts blob-report`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestError } from '@playwright/test/reporter';
import { renderHtml } from './html';
import { runSecrets, scrubSecrets } from '../http/redact';
import { buildReport, type ConformanceReport } from './model';
import { METADATA_KEY, type RunMetadata } from './run-info';

const ROOT = path.resolve(__dirname, '../..');

export interface ConformanceReporterOptions {
  /** Where conformance.json and conformance/index.html go; default reports/ of the repository. */
  outputDir?: string;
}

export function reportDir(
  options: ConformanceReporterOptions,
  env: Record<string, string | undefined> = process.env,
): string {
  return path.resolve(ROOT, env.CONFORMANCE_REPORT_DIR || options.outputDir || 'reports');
}

export function suiteInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
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
    const report = this.report(result);
    const dir = reportDir(this.options);
    mkdirSync(path.join(dir, 'conformance'), { recursive: true });
    writeFileSync(path.join(dir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(dir, 'conformance', 'index.html'), renderHtml(report));
  }

  /** The model, with the target's token scrubbed from every string (the exchanges are redacted already). */
  report(result: FullResult): ConformanceReport {
    const env = process.env;
    const metadata = (this.config?.metadata?.[METADATA_KEY] ?? {}) as Partial<RunMetadata>;
    const shard = this.config?.shard;
    const report = buildReport({
      suite: suiteInfo(),
      metadata,
      env,
      tests: this.suite?.allTests() ?? [],
      result,
      shard: shard ? { current: shard.current, total: shard.total } : null,
      globalErrors: this.globalErrors,
      rootDir: ROOT,
    });
    return scrubSecrets(report, runSecrets(env));
  }
}
