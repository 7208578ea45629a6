/**
 * The conformance page: one self-contained HTML file (inline CSS, no script, nothing fetched) that opens from
 * disk. Every text from the run is escaped; a Content-Security-Policy forbids any request besides.
 */
import { byMethodText, seconds, type CostSummary } from './cost';
import { escapeHtml } from './escape';
import { LEDGER_STYLE, ledgerSection } from './ledger-html';
import { WAIVERS_STYLE, waiverNote, waiversSection } from './waivers-html';
import type {
  ConformanceReport,
  ReportedFailure,
  RequirementReport,
  RequirementStatus,
  TestStatus,
} from './model';

const STATUS_LABEL: Record<RequirementStatus, string> = {
  passed: 'pass',
  failed: 'fail',
  waived: 'waived',
  inconclusive: 'no verdict',
  skipped: 'skipped',
  'not-applicable': 'not applicable',
  'not-run': 'not run',
};

const VERDICT_LABEL: Record<ConformanceReport['run']['verdict'], string> = {
  conforms: 'Conforms',
  'does-not-conform': 'Does not conform',
  incomplete: 'Incomplete',
};

export { escapeHtml };
const h = escapeHtml;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function badge(status: RequirementStatus): string {
  return `<span class="badge ${status}">${h(STATUS_LABEL[status])}</span>`;
}

/** The page's anchors, stable: other pages (compare) link to them. */
export function failureAnchor(id: string): string {
  return `failure-${id}`;
}

export function requirementAnchor(id: string): string {
  return `requirement-${id}`;
}

/** JSON bodies indented for reading; anything else as it came. */
function readableBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed.length > 50_000 || !/^[[{]/.test(trimmed)) return body;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return body;
  }
}

function headline(report: ConformanceReport): string {
  const { summary, run } = report;
  const checked = summary.passed + summary.failed + summary.waived;
  const unchecked = summary.requirements - checked;
  const rest = unchecked > 0 ? `; ${unchecked} of ${summary.requirements} not checked (see below)` : '';
  const waived = summary.waived > 0 ? `; ${summary.waived} more failed under a waiver (see Waivers)` : '';
  if (run.verdict === 'does-not-conform')
    return `${plural(summary.failed, 'requirement')} of ${checked} checked ${summary.failed === 1 ? 'is' : 'are'} broken${waived}${rest}`;
  if (run.verdict === 'conforms')
    return summary.waived > 0
      ? `of the ${plural(checked, 'requirement')} checked, ${summary.passed} passed and ${summary.waived} failed under a live waiver (see Waivers)${rest}`
      : `every one of the ${plural(checked, 'requirement')} checked passed${rest}`;
  const why =
    run.status === 'interrupted'
      ? 'the run was interrupted'
      : run.status === 'timedout'
        ? 'the run timed out'
        : report.leftovers.length > 0 && run.status === 'passed' && summary.inconclusive === 0
          ? `the target kept ${plural(report.leftovers.length, 'member')} it answered a delete for`
          : 'the run failed outside any requirement';
  return `no requirement failed, but ${why}: the verdict is open`;
}

function runFacts(report: ConformanceReport): string {
  const { run, suite } = report;
  const target = run.target.builtIn
    ? `built-in reference server${run.target.url ? ` (${run.target.url})` : ''}${
        run.target.referenceFaults.length > 0 ? `, fault modes: ${run.target.referenceFaults.join(', ')}` : ''
      }`
    : (run.target.url ?? 'unknown');
  const facts: [string, string][] = [
    ['Target', target],
    ['Profile', `${run.profile}${run.readOnly ? ' (read-only: TARGET_READ_ONLY=1)' : ''}`],
    ['Date', run.date.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')],
    ['Suite', `${suite.name} ${suite.version}`],
    ['Duration', seconds(run.durationMs)],
    ['Exit code', `${run.exitCode} (Playwright status: ${run.status})`],
    [
      'Cost',
      `${plural(report.cost.requests.total, 'request')}, peak ${plural(report.cost.peakMembersAlive, 'member')} alive at once (details below)`,
    ],
  ];
  if (run.shard)
    facts.push(['Shard', `${run.shard.current} of ${run.shard.total}: this report covers one part`]);
  return factList(facts);
}

function factList(facts: readonly [string, string][], className = 'facts'): string {
  return `<dl class="${className}">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

function summaryCounts(report: ConformanceReport): string {
  const order: RequirementStatus[] = [
    'failed',
    'waived',
    'passed',
    'inconclusive',
    'skipped',
    'not-applicable',
    'not-run',
  ];
  return `<ul class="counts">${order
    // Waived only in a run that waived something: most runs have no waivers.
    .filter((status) => status !== 'waived' || report.summary.waived > 0)
    .map(
      (status) =>
        `<li class="count ${status}${report.summary[status] === 0 ? ' zero' : ''}"><b>${report.summary[status]}</b> ${h(STATUS_LABEL[status])}</li>`,
    )
    .join('')}<li class="count total"><b>${report.summary.requirements}</b> requirements</li></ul>`;
}

/** How many of the vendor pages' sentences the suite checks (docs/vendor/sentences.yaml, docs/reports.md). */
function vendorSentencesLine({ vendorSentences: s }: ConformanceReport): string {
  return `<p class="hint" id="vendor-sentences">${h(
    `Vendor sentences: ${s.checkable} checkable, ${s.checked} checked by a requirement, ${s.leftOpen} left open (docs/readings.md §5), ${s.notYetChecked} not yet checked; ${s.notCheckable} not checkable from outside; ${s.nothingCheckable} state nothing checkable.`,
  )}</p>`;
}

function requestText(failure: ReportedFailure): string {
  const request = failure.request;
  if (!request) return '';
  const lines = [`${request.method} ${request.path}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push('', readableBody(request.body));
  return lines.join('\n');
}

function responseText(failure: ReportedFailure): string {
  const response = failure.response;
  if (!response) return '';
  const lines = [`${response.status} ${response.statusText}    (${response.durationMs} ms)`];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  if (response.body !== '') lines.push('', readableBody(response.body));
  return lines.join('\n');
}

function violationsTable(failure: ReportedFailure): string {
  if (failure.violations.length === 0) return '';
  const rows = failure.violations
    .map(
      (v) =>
        `<tr><td><code class="pointer">${h(v.pointer === undefined ? `(${v.kind})` : v.pointer === '' ? '(body)' : v.pointer)}</code></td><td>${h(v.message)}</td><td><code>${h(v.value === undefined ? '' : JSON.stringify(v.value))}</code></td></tr>`,
    )
    .join('');
  return `<h4>Contract errors</h4><table class="violations"><thead><tr><th>JSON pointer</th><th>What is wrong</th><th>Value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function propertyBlock(failure: ReportedFailure): string {
  const p = failure.property;
  if (!p) return '';
  const facts: [string, string][] = [
    ['Counterexample', p.counterexample],
    ['fast-check seed', String(p.seed)],
    ['fast-check path', p.path === '' ? '(empty)' : p.path],
    ['Runs', `failed after ${plural(p.numRuns, 'run')}, shrunk ${plural(p.numShrinks, 'time')}`],
  ];
  return `<h4>Property</h4><dl class="facts small">${facts
    .map(([k, v]) => `<dt>${h(k)}</dt><dd><code>${h(v)}</code></dd>`)
    .join(
      '',
    )}</dl><p class="hint">Replays exactly this case:</p><pre class="command replay">${h(p.replay)}</pre>`;
}

/** The ids a vendor finds the failure's requests by in the server's logs (their `traceparent`). */
function traceLine(failure: ReportedFailure): string {
  if (!failure.traceId) return '';
  const span = failure.spanId
    ? ` · span <code class="span-id">${h(failure.spanId)}</code> (the request shown)`
    : '';
  return `<p class="trace">trace <code class="trace-id">${h(failure.traceId)}</code>${span} <span class="hint">· the ids of the <code>traceparent</code> header, to find the requests in the server's logs</span></p>`;
}

function failureBlock(failure: ReportedFailure, requirementId: string): string {
  const exchange =
    failure.request && failure.response
      ? `<div class="exchange"><div><h4>Request</h4><pre class="request">${h(requestText(failure))}</pre></div><div><h4>Response</h4><pre class="response">${h(responseText(failure))}</pre></div></div>`
      : '';
  const retries =
    failure.retries.length > 0
      ? `<p class="hint">Retried before this response: ${h(failure.retries.map((r) => `${r.status} (waited ${r.waitedMs} ms)`).join(', '))}</p>`
      : '';
  const curl = failure.curl
    ? `<h4>Reproduce</h4><p class="hint">Paste into a shell with <code>TARGET_TOKEN</code> set; the command reads the token from it.</p><pre class="command curl" data-requirement="${h(requirementId)}">${h(failure.curl)}</pre>`
    : '';
  return `<section class="case">
<p class="what">${h(failure.summary)}</p>
<p class="test">in test <q>${h(failure.test)}</q> <span class="where">${failure.testKey ? `<code class="key">${h(failure.testKey)}</code> · ` : ''}${h(failure.location)}</span></p>
${traceLine(failure)}${exchange}${retries}${violationsTable(failure)}${propertyBlock(failure)}${curl}
<details class="message"><summary>Full failure message</summary><pre>${h(failure.message)}</pre></details>
</section>`;
}

/** Where the quotes come from: every source names a file of the suite's own repository. */
const SOURCES_NOTE =
  "Each rule cites files of the suite's repository: the vendor's pages as copied into docs/vendor/ " +
  "(<code>file.txt:line</code>) and the suite's reading of them, docs/readings.md (<code>§section</code>).";

function leftoversSection(report: ConformanceReport): string {
  if (report.leftovers.length === 0) return '';
  const rows = report.leftovers
    .map(
      (l) =>
        `<tr><td>${h(l.api === 'v2' ? 'v2.0' : 'v3')}</td><td><code>${h(l.poolId)}</code></td><td><code>${h(l.id)}</code></td><td>${h(l.address === undefined && l.port === undefined ? '' : `${l.address ?? '?'}:${l.port ?? '?'}`)}</td><td>${h(l.detail)}</td></tr>`,
    )
    .join('');
  return `<section id="leftovers" class="leftovers"><h2>Left behind (${report.leftovers.length})</h2><p class="hint">Members still in their pool after a delete of them was answered (with success or 404). No requirement fails for it, but the run cannot conform.</p><table class="violations"><thead><tr><th>API</th><th>Pool</th><th>Member</th><th>Address:port</th><th>What shows it</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function quoteBlock(req: RequirementReport): string {
  return `<blockquote class="quote">${h(req.quote)}<cite>${h(req.source)}</cite></blockquote>`;
}

/** A failed or waived requirement with its evidence, under the anchor other pages link to. */
function failedRequirement(req: RequirementReport): string {
  return `<article class="failure ${req.status}" id="${h(failureAnchor(req.id))}" data-requirement="${h(req.id)}">
<h3>${badge(req.status)} <span class="id">${h(req.id)}</span> ${h(req.title)}</h3>
<p class="endpoint">${h(req.endpoint)}</p>
${waiverNote(req.waiver, req.status)}
${quoteBlock(req)}
${req.failures.map((f) => failureBlock(f, req.id)).join('\n')}
</article>`;
}

function resendText(cost: CostSummary['retries']): string {
  if (cost.resends === 0) return 'none';
  return `${plural(cost.resends, 'resend')} of ${plural(cost.requests, 'request')}, ${seconds(cost.waitedMs)} waited`;
}

function costRow(req: RequirementReport, methods: readonly string[]): string {
  const { cost } = req;
  const cells = [
    cost.requests.total,
    ...methods.map((m) => cost.requests.byMethod[m] ?? 0),
    cost.writes.total,
    resendText(cost.retries),
    resendText(cost.busy),
    cost.membersCreated,
  ];
  return `<tr data-requirement="${h(req.id)}"><td class="id">${h(req.id)}</td>${cells.map((c) => `<td>${h(String(c))}</td>`).join('')}</tr>`;
}

/** What the run cost the target: in total, then per requirement, the costliest first. */
function costSection(report: ConformanceReport): string {
  const { cost } = report;
  const facts: [string, string][] = [
    ['Requests', `${cost.requests.total} (${byMethodText(cost) || 'none'})`],
    ['Writes', `${cost.writes.total} (${cost.writes.creates} creates, ${cost.writes.deletes} deletes)`],
    ['Retried after 429/503', resendText(cost.retries)],
    ['Resent after a busy 409', resendText(cost.busy)],
    ['Members', `${cost.membersCreated} created, at most ${cost.peakMembersAlive} alive at once`],
    ['Wall time', seconds(cost.wallMs)],
  ];
  const methods = Object.keys(cost.requests.byMethod).sort(
    (a, b) => (cost.requests.byMethod[b] ?? 0) - (cost.requests.byMethod[a] ?? 0),
  );
  const rows = report.requirements
    .filter((r) => r.cost.requests.total > 0)
    .sort((a, b) => b.cost.requests.total - a.cost.requests.total)
    .map((r) => costRow(r, methods))
    .join('');
  const head = [
    'Requirement',
    'Requests',
    ...methods,
    'Writes',
    'Retried (429/503)',
    'Busy (409)',
    'Members created',
  ];
  return `<section id="cost"><h2>Cost of the run</h2><p class="hint">Every request the tests sent, their set-up and clean-up included, resends too; the runner's removal of what a run left, after the tests, is not counted. A member is alive from the send of its create to the answer of its delete; the peak is across all workers.</p>${factList(facts, 'facts cost')}
<h3>Per requirement</h3><p class="hint">A test counts for each requirement it checks, so these can add up to more than the total.</p><table class="violations cost"><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

const TEST_STATUS_CLASS: Record<TestStatus, RequirementStatus> = {
  passed: 'passed',
  failed: 'failed',
  timedOut: 'failed',
  interrupted: 'not-run',
  skipped: 'skipped',
  'not-run': 'not-run',
};

function testsCell(req: RequirementReport): string {
  if (req.tests.length === 0) return '<span class="muted">no test selected</span>';
  const counts = new Map<string, number>();
  for (const t of req.tests) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  const items = req.tests
    .map(
      (t) =>
        `<li><span class="dot ${TEST_STATUS_CLASS[t.status]}"></span>${h(t.title)} <span class="where">${t.key ? `<code class="key">${h(t.key)}</code> · ` : ''}${h(t.project)} · ${h(t.location)}${t.durationMs ? ` · ${t.durationMs} ms` : ''}${t.traceId ? ` · trace <code class="trace-id">${h(t.traceId)}</code>` : ''}</span>${t.skipReason ? `<br><span class="muted">${h(t.skipReason)}</span>` : ''}</li>`,
    )
    .join('');
  return `<details><summary>${h(plural(req.tests.length, 'test'))}: ${h(tally)}</summary><ul class="tests">${items}</ul></details>`;
}

/** Whether the page holds the requirement's evidence under its failure anchor. */
export function hasFailureEvidence(status: RequirementStatus): boolean {
  return status === 'failed' || status === 'waived';
}

function matrixRow(req: RequirementReport): string {
  const id = hasFailureEvidence(req.status)
    ? `<a href="#${h(failureAnchor(req.id))}">${h(req.id)}</a>`
    : `${h(req.id)}`;
  const reason = req.reason ? `<div class="reason">${h(req.reason)}</div>` : '';
  const retried =
    req.retried.length > 0
      ? `<div class="reason">${h(plural(req.retried.length, 'request'))} retried (429/503 with Retry-After, or a busy 409)</div>`
      : '';
  return `<tr class="row ${req.status}" id="${h(requirementAnchor(req.id))}" data-requirement="${h(req.id)}" data-status="${req.status}">
<td class="id">${id}</td>
<td class="status">${badge(req.status)}${reason}${waiverNote(req.waiver, req.status)}${retried}</td>
<td class="rule"><div class="title">${h(req.title)}</div>${quoteBlock(req)}</td>
<td class="tests-cell">${testsCell(req)}</td>
</tr>`;
}

function matrix(report: ConformanceReport): string {
  const endpoints = [...new Set(report.requirements.map((r) => r.endpoint))];
  const body = endpoints
    .map((endpoint) => {
      const rows = report.requirements.filter((r) => r.endpoint === endpoint);
      const failed = rows.filter((r) => r.status === 'failed').length;
      return `<tbody><tr class="group"><th colspan="4">${h(endpoint)} <span class="muted">· ${h(plural(rows.length, 'requirement'))}${failed ? `, ${failed} failed` : ''}</span></th></tr>${rows.map(matrixRow).join('\n')}</tbody>`;
    })
    .join('\n');
  return `<table class="matrix"><thead><tr><th>Requirement</th><th>Status</th><th>Rule and the words it rests on</th><th>Tests</th></tr></thead>${body}</table>`;
}

const STYLE = `
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--waived:#8250df;--waived-bg:#fbefff;--skip:#9a6700;--skip-bg:#fff8c5;--na:#57606a;--na-bg:#eaeef2;--line:#d0d7de;--muted:#57606a;--code-bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
main{max-width:1280px;margin:0 auto;padding:0 24px 48px}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace}
pre{background:var(--code-bg);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0 12px;max-height:420px}
h2{font-size:20px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:17px;margin:0 0 4px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:14px 0 2px}
.verdict{padding:28px 24px 24px;color:#fff}
.verdict .inner{max-width:1280px;margin:0 auto}
.verdict.conforms{background:var(--pass)}
.verdict.does-not-conform{background:var(--fail)}
.verdict.incomplete{background:var(--skip)}
.verdict .kicker{font-size:13px;text-transform:uppercase;letter-spacing:.08em;opacity:.85}
.verdict h1{font-size:40px;line-height:1.15;margin:4px 0 6px}
.verdict p{margin:0;font-size:17px;opacity:.95}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:20px 0 0}
.facts dt{color:var(--muted)}
.facts dd{margin:0;word-break:break-all}
.facts.small{margin-top:6px}
.counts{list-style:none;display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:20px 0 0}
.count{border-radius:999px;padding:4px 14px;border:1px solid var(--line)}
.count b{font-size:18px;margin-right:2px}
.count.passed{background:var(--pass-bg);color:var(--pass);border-color:var(--pass)}
.count.failed{background:var(--fail-bg);color:var(--fail);border-color:var(--fail)}
.count.skipped,.count.inconclusive{background:var(--skip-bg);color:var(--skip);border-color:var(--skip)}
.count.not-applicable,.count.not-run{background:var(--na-bg);color:var(--na)}
.count.zero{opacity:.45}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;vertical-align:2px}
.badge.passed{background:var(--pass);color:#fff}
.badge.failed{background:var(--fail);color:#fff}
.badge.skipped,.badge.inconclusive{background:var(--skip-bg);color:var(--skip);border:1px solid var(--skip)}
.badge.not-applicable,.badge.not-run{background:var(--na-bg);color:var(--na);border:1px solid var(--line)}
.failure{border:2px solid var(--fail);border-radius:8px;padding:16px 18px;margin:0 0 20px;background:#fff}
.failure .id,.matrix td.id{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-weight:600}
.endpoint{margin:0 0 8px;color:var(--muted);font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-size:13px}
.quote{margin:6px 0;padding:4px 12px;border-left:4px solid var(--line);color:#32383f;font-style:italic}
.quote cite{display:block;font-style:normal;font-size:12px;color:var(--muted);margin-top:2px}
.case{border-top:1px solid var(--line);margin-top:14px;padding-top:10px}
.case .what{font-weight:600;font-size:16px;color:var(--fail);margin:0}
.case .test{margin:2px 0 0;color:var(--muted)}
.case .trace{margin:2px 0 0;font-size:13px}
.where{color:var(--muted);font-size:12px}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:900px){.exchange{grid-template-columns:1fr}}
.violations{border-collapse:collapse;width:100%;margin:4px 0 12px}
.violations th,.violations td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.violations th{background:var(--code-bg);font-size:13px}
.pointer{color:var(--fail);font-weight:600}
.hint{margin:2px 0;color:var(--muted);font-size:13px}
.command{user-select:all;-webkit-user-select:all;background:#0d1117;color:#e6edf3;border-color:#0d1117}
details.message summary{cursor:pointer;color:var(--muted);font-size:13px}
.matrix{border-collapse:collapse;width:100%}
.matrix th,.matrix td{padding:8px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
.matrix thead th{font-size:13px;color:var(--muted);border-bottom:2px solid var(--line)}
.matrix tr.group th{background:var(--code-bg);font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-size:13px;padding-top:12px}
.matrix td.id{white-space:nowrap;font-size:13px}
.matrix td.status{white-space:nowrap}
.matrix td.rule .title{font-weight:500}
.matrix td.rule .quote{font-size:13px}
.matrix tr.failed{background:var(--fail-bg)}
.matrix tr.failed td.id a{color:var(--fail)}
.matrix .tests-cell{font-size:13px;min-width:200px}
.reason{font-size:12px;color:var(--muted);white-space:normal;max-width:220px;margin-top:4px}
.tests{margin:4px 0 0;padding-left:0;list-style:none}
.tests li{margin:3px 0}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:var(--na)}
.dot.passed{background:var(--pass)}.dot.failed{background:var(--fail)}.dot.skipped{background:var(--skip)}
.muted{color:var(--muted)}
.errors pre{border-color:var(--fail)}
#cost h3{margin-top:16px}
table.cost td{font-variant-numeric:tabular-nums}
table.cost td.id{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-size:13px}
footer{margin-top:36px;color:var(--muted);font-size:13px}
${LEDGER_STYLE}${WAIVERS_STYLE}`;

/** A page's start, to <body>: the style of these pages, and a policy that lets it fetch and run nothing. */
export function pageStart(title: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
`;
}

export function renderHtml(report: ConformanceReport): string {
  const failed = report.requirements.filter((r) => r.status === 'failed');
  const errors =
    report.errors.length > 0
      ? `<section class="errors"><h2>Errors outside any requirement</h2>${report.errors.map((e) => `<pre>${h(e)}</pre>`).join('')}</section>`
      : '';
  const failures =
    failed.length > 0
      ? `<section id="failures"><h2>Failed requirements (${failed.length})</h2>${failed.map(failedRequirement).join('\n')}</section>`
      : '';
  const waived = report.requirements.filter((r) => r.status === 'waived');
  const waivedFailures =
    waived.length > 0
      ? `<section id="waived-failures"><h2>Waived failures (${waived.length})</h2><p class="hint">These requirements failed, and a live waiver accepts the failure until its last day: they do not fail the run.</p>${waived.map(failedRequirement).join('\n')}</section>`
      : '';
  const verdict = VERDICT_LABEL[report.run.verdict];
  return `${pageStart(`${verdict}: ${report.suite.name} conformance report`)}<header class="verdict ${report.run.verdict}" data-verdict="${report.run.verdict}">
<div class="inner">
<div class="kicker">Conformance verdict</div>
<h1 class="verdict-text">${h(verdict)}</h1>
<p>${h(headline(report))}</p>
</div>
</header>
<main>
${runFacts(report)}
${summaryCounts(report)}
${vendorSentencesLine(report)}
${errors}
${leftoversSection(report)}
${failures}
${waiversSection(report)}
${waivedFailures}
<section id="requirements"><h2>Requirements</h2>${matrix(report)}</section>
${costSection(report)}
${ledgerSection(report.ledger)}
<footer>Written by ${h(report.suite.name)} ${h(report.suite.version)}. The same report as data: <code>conformance.json</code> next to this folder (format: docs/conformance-json.schema.json). ${SOURCES_NOTE}</footer>
</main>
</body>
</html>
`;
}
