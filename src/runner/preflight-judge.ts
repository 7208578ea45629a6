/**
 * What the preflight's reads (preflight-reads.ts) say about the settings. Only an answer that pins a setting
 * becomes a problem: a refused token, a pool the target does not know, a project the token does not serve, a
 * URL where no read got any answer. Where the evidence cannot tell two settings apart, the problem names both,
 * the likelier first. Anything else (a 5xx, a 400, a read that failed for another reason) is not a settings
 * error: the run goes on and judges the target.
 */
import type { ReadResult } from './preflight-reads';

export interface TargetProblem {
  /** The variables that may be wrong, the likelier first: one when the evidence pins it. */
  variables: string[];
  /** What the target answered, quoted, and what it means. */
  problem: string;
}

export interface Judgement {
  problems: TargetProblem[];
  /** Answers that are no settings error but are worth a line before the run goes on. */
  notes: string[];
}

const answered = (r: ReadResult) => (r.outcome.kind === 'answer' ? r.outcome : undefined);
const statusOf = (r: ReadResult): number | undefined => answered(r)?.status;
const isOk = (r: ReadResult) => {
  const status = statusOf(r);
  return status !== undefined && status >= 200 && status < 300;
};
const isRefused = (r: ReadResult) => statusOf(r) === 401 || statusOf(r) === 403;
const isUnknown = (r: ReadResult) => statusOf(r) === 404;
const allRefused = (reads: readonly ReadResult[]) => reads.length > 0 && reads.every(isRefused);

/**
 * `GET url answered "HTTP/1.1 404 Not Found" (traceparent 00-…-01): {...}`, or what kept the read from an
 * answer.
 */
export function quote(r: ReadResult): string {
  const { outcome } = r;
  if (outcome.kind === 'answer') {
    const traced = outcome.traceparent === undefined ? '' : ` (traceparent ${outcome.traceparent})`;
    return `GET ${r.read.url} answered "${outcome.statusLine}"${traced}: ${outcome.excerpt}`;
  }
  return `GET ${r.read.url}: ${outcome.why}`;
}

/** The first read quoted whole, the others by their status line alone: they said the same. */
function quoteAll(reads: readonly ReadResult[]): string {
  const [first, ...others] = reads;
  if (!first) return '';
  const short = (r: ReadResult) => {
    const line = answered(r)?.statusLine;
    return line === undefined ? quote(r) : `GET ${r.read.url} answered "${line}"`;
  };
  return [quote(first), ...others.map(short)].join('; ');
}

/** `v3 pool X`. */
const pool = (r: ReadResult) => `${r.read.api} pool ${r.read.poolId}`;

export function judgeReads(results: readonly ReadResult[], projectId: string | undefined): Judgement {
  const problems: TargetProblem[] = [];
  if (!results.some((r) => answered(r))) {
    const unreachable = results.find((r) => r.outcome.kind === 'unreachable');
    if (unreachable) {
      const why = unreachable.outcome.kind === 'unreachable' ? unreachable.outcome.why : '';
      problems.push({
        variables: ['TARGET_URL'],
        problem: `${why} (GET ${unreachable.read.url}); no read got an answer`,
      });
      return { problems, notes: [] };
    }
  }
  if (results.length >= 2 && results.every(isUnknown)) {
    // Every read, whatever its pool and API, says 404: the URL they share is the likelier mistake.
    const project = results.some((r) => r.read.api === 'v3') ? ['TARGET_PROJECT_ID'] : [];
    problems.push({
      variables: ['TARGET_URL', ...project, ...results.map((r) => r.read.variable)],
      problem:
        `every read answered 404: ${quoteAll(results)}; either TARGET_URL is not the base URL of the APIs, ` +
        `or the target knows none of these pools${project.length > 0 ? ' (or not the project)' : ''}`,
    });
    return { problems, notes: [] };
  }
  const v2 = results.filter((r) => r.read.api === 'v2.0');
  const v3 = results.filter((r) => r.read.api === 'v3');
  const accounted = new Set<ReadResult>();
  const project = `project ${projectId ?? '(none)'}`;

  // v2.0 paths name no project: a refusal of every v2.0 read leaves only the token.
  if (allRefused(v2)) {
    const v3Too = allRefused(v3) ? v3 : [];
    const v3Read = v3.find(isOk);
    const despite = v3Read
      ? `, although the v3 read with the same token was answered "${statusLine(v3Read)}"`
      : '';
    problems.push({
      variables: ['TARGET_TOKEN'],
      problem: `the target refuses the token: ${quoteAll([...v2, ...v3Too])}${despite}`,
    });
    for (const r of [...v2, ...v3Too]) accounted.add(r);
  }
  if (allRefused(v3) && !v3.every((r) => accounted.has(r))) {
    const v2Read = v2.find(isOk);
    problems.push(
      v2Read
        ? {
            variables: ['TARGET_PROJECT_ID'],
            problem:
              `the target accepts the token (GET ${v2Read.read.url} answered "${statusLine(v2Read)}") but refuses ` +
              `it for ${project}: ${quoteAll(v3)}; the token does not serve that project, or may not use ` +
              `its v3 API`,
          }
        : {
            variables: ['TARGET_TOKEN', 'TARGET_PROJECT_ID'],
            problem:
              `the target refuses the v3 reads: ${quoteAll(v3)}; with no v2.0 read answered 2xx, the ` +
              `suite cannot tell whether the token is refused or ${project} is not one it serves`,
          },
    );
    for (const r of v3) accounted.add(r);
  }

  const nothingRead = !results.some(isOk);
  const orUrl = (variables: string[]) => (nothingRead ? [...variables, 'TARGET_URL'] : variables);
  const urlText = nothingRead
    ? ', or TARGET_URL is not the base URL of the APIs (no read was answered 2xx)'
    : '';
  for (const reads of [v2, v3]) {
    const open = reads.filter((r) => !accounted.has(r) && (isUnknown(r) || isRefused(r)));
    const readable = reads.find(isOk);
    if (readable) {
      // The same token reads another pool of this API (and, for v3, of the same project): the pool is wrong.
      for (const r of open) {
        const what = isUnknown(r)
          ? `the target knows no ${pool(r)}`
          : `the target refuses ${pool(r)} to the token`;
        problems.push({
          variables: [r.read.variable],
          problem: `${what}: ${quote(r)}; it reads ${pool(readable)} ("${statusLine(readable)}")`,
        });
      }
    } else if (reads === v3 && open.length >= 2 && open.length === reads.length) {
      // Every v3 pool read refused or unknown: the project they share is the likelier mistake.
      problems.push({
        variables: orUrl(['TARGET_PROJECT_ID', ...open.map((r) => r.read.variable)]),
        problem:
          `${quoteAll(open)}: either ${project} is not one the token serves, or the target knows ` +
          `none of these pools${urlText}`,
      });
    } else {
      for (const r of open) {
        const other = r.read.api === 'v3' ? 'TARGET_PROJECT_ID' : 'TARGET_TOKEN';
        const otherText =
          r.read.api === 'v3' ? `${project} is not one the token serves` : 'the token is refused';
        const what = isUnknown(r)
          ? `the target knows no ${pool(r)}`
          : `the target refuses ${pool(r)} to the token`;
        const sure = r.read.api === 'v2.0' && isUnknown(r);
        problems.push({
          variables: orUrl(sure ? [r.read.variable] : [r.read.variable, other]),
          problem: `${quote(r)}: ${sure ? what : `either ${what}, or ${otherText}`}${urlText}`,
        });
      }
    }
    for (const r of open) accounted.add(r);
  }

  const notes = results
    .filter((r) => !accounted.has(r) && !isOk(r))
    .map((r) => `${quote(r)}: not a settings error; the run goes on and judges the target`);
  return { problems, notes };
}

function statusLine(r: ReadResult): string {
  return answered(r)?.statusLine ?? '';
}
