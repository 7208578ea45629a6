/**
 * What the proxy observed, as the conformance report of a run (docs/reports.md): conformance.json and the page
 * conformance/index.html, written by the same renderer. A requirement is passed when the traffic showed it
 * kept and never broken, failed with each exchange that broke it, and not run when the traffic never showed
 * it; one the profile does not have is not applicable. No credential any client sent or any answer set is in
 * it: each exchange is redacted (src/http/redact.ts), and every credential value the proxy saw pass is
 * scrubbed from the whole report. A failure names the trace and span of the client's request when it carried a
 * `traceparent` (src/http/trace.ts), which the proxy passes on unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogue, type ProfileName } from '../catalogue/requirements';
import { vendorSentences } from '../catalogue/sentences';
import { summariseBody, toCurl, type Exchange } from '../http/exchange';
import { credentialsIn, redactExchange, scrubSecrets } from '../http/redact';
import { parseTraceparent, TRACEPARENT_HEADER } from '../http/trace';
import { traceOf } from '../reporter/failure-record';
import { suiteInfo } from '../suite-info';
import { emptySummary } from '../reporter/cost';
import { renderHtml } from '../reporter/html';
import {
  catalogueEntry,
  FORMAT_VERSION,
  reportedExchange,
  summarise,
  verdictOf,
  type ConformanceReport,
  type ReportedFailure,
  type RequirementReport,
  type RequirementStatus,
} from '../reporter/model';
import type { ObservedExchange } from './forwarder';
import type { ProxyVerdict } from './judge';

/** Failures kept per requirement: a client repeating one broken call would otherwise fill the memory. */
const KEPT_FAILURES = 20;

/** Distinct credential values remembered for the report's scrub; past this, the oldest are forgotten first. */
const KEPT_SECRETS = 10_000;

/** The verdicts so far, by requirement. */
export class Observations {
  private readonly byRequirement = new Map<
    string,
    { passed: number; failed: number; failures: ReportedFailure[] }
  >();
  readonly requests: Record<string, number> = {};
  readonly started = new Date();

  constructor(private readonly upstream: URL) {}

  /** Every credential value seen in the traffic, scrubbed from the report wherever it shows. */
  private readonly secrets = new Set<string>();

  exchange(exchange: ObservedExchange): void {
    this.requests[exchange.method] = (this.requests[exchange.method] ?? 0) + 1;
    for (const secret of [
      ...credentialsIn(exchange.requestHeaders, exchange.path),
      ...credentialsIn(exchange.responseHeaders),
    ]) {
      this.secrets.delete(secret);
      this.secrets.add(secret);
      if (this.secrets.size > KEPT_SECRETS) this.secrets.delete(this.secrets.values().next().value!);
    }
  }

  add(verdict: ProxyVerdict): void {
    const row = this.byRequirement.get(verdict.requirement) ?? { passed: 0, failed: 0, failures: [] };
    this.byRequirement.set(verdict.requirement, row);
    if (verdict.passed) row.passed++;
    else {
      row.failed++;
      if (row.failures.length < KEPT_FAILURES) row.failures.push(this.failure(verdict));
    }
  }

  get failed(): number {
    return [...this.byRequirement.values()].filter((r) => r.failed > 0).length;
  }

  private failure({ requirement, message = '', exchange }: ProxyVerdict): ReportedFailure {
    const url = new URL(exchange.path, this.upstream).toString();
    const shown: Exchange = redactExchange({
      method: exchange.method,
      url,
      requestHeaders: exchange.requestHeaders,
      requestBody: exchange.requestBody.length ? summariseBody(exchange.requestBody) : undefined,
      status: exchange.status,
      statusText: exchange.statusText,
      responseHeaders: exchange.responseHeaders,
      responseBody: summariseBody(exchange.responseBody) ?? '',
      durationMs: exchange.durationMs,
      retries: [],
      ...parseTraceparent(exchange.requestHeaders[TRACEPARENT_HEADER]),
    });
    return {
      test: `observed ${exchange.method} ${shown.url.slice(new URL(url).origin.length)}`,
      location: 'proxy',
      summary: `${requirement}: ${message.split('\n')[0]}`,
      message: `${requirement}: ${message}`,
      ...reportedExchange(shown),
      violations: [],
      curl: toCurl(shown),
      ...traceOf(shown),
    };
  }

  report(profile: ProfileName): ConformanceReport {
    const requirements: RequirementReport[] = [...catalogue().values()].map((req) => {
      const row = this.byRequirement.get(req.id);
      const applies = req.profiles.includes(profile);
      const status: RequirementStatus = !applies
        ? 'not-applicable'
        : row?.failed
          ? 'failed'
          : row?.passed
            ? 'passed'
            : 'not-run';
      const reason = !applies
        ? `not a rule of the ${profile} profile`
        : status === 'not-run'
          ? 'not observed: no exchange the proxy saw shows this rule'
          : `${row?.passed ?? 0} observed exchange(s) kept it, ${row?.failed ?? 0} broke it`;
      return {
        ...catalogueEntry(req),
        status,
        reason,
        tests: [],
        failures: applies ? (row?.failures ?? []) : [],
        retried: [],
        cost: emptySummary(),
      };
    });
    const summary = summarise(requirements);
    const verdict = verdictOf(summary, 0, 'passed');
    const total = Object.values(this.requests).reduce((a, b) => a + b, 0);
    const target = `${this.upstream.origin}${this.upstream.pathname.replace(/\/$/, '')}`;
    return scrubSecrets<ConformanceReport>(
      {
        formatVersion: FORMAT_VERSION,
        suite: suiteInfo(),
        run: {
          target: { url: target, builtIn: false, referenceFaults: [] },
          profile,
          readOnly: false,
          date: this.started.toISOString(),
          durationMs: Date.now() - this.started.getTime(),
          status: 'passed',
          shard: null,
          verdict,
          exitCode: verdict === 'does-not-conform' ? 1 : 0,
        },
        summary,
        vendorSentences: vendorSentences(),
        requirements,
        errors: [],
        leftovers: [],
        cost: {
          ...emptySummary(),
          requests: { total, byMethod: { ...this.requests } },
          peakMembersAlive: 0,
          wallMs: Date.now() - this.started.getTime(),
        },
        ledger: { members: [], created: 0, deleted: 0, leftovers: 0, unconfirmed: 0, peakAlive: 0 },
      },
      [...this.secrets],
    );
  }
}

/** Writes conformance.json and conformance/index.html under `dir`; returns the page's path. */
export function writeProxyReport(report: ConformanceReport, dir: string): string {
  mkdirSync(path.join(dir, 'conformance'), { recursive: true });
  writeFileSync(path.join(dir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  const page = path.join(dir, 'conformance', 'index.html');
  writeFileSync(page, renderHtml(report));
  return page;
}
