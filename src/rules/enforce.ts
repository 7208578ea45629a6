/**
 * How a test acts on a rule's findings: a violation fails the test through ConformanceFailure, with the
 * exchange that showed it and each violation's JSON pointer as evidence, as every failure of the suite does.
 */
import type { ViolationEvidence } from '../evidence';
import type { ApiResponse } from '../http/client';
import type { Exchange } from '../http/exchange';
import { ConformanceFailure } from '../http/failure';
import type { Answer } from './errors';
import { violationsOf, type Finding, type Violation } from './violation';

/** A response of the API client as the form rules see it. */
export function answerOf(response: ApiResponse): Answer {
  const { status, headers, text, json } = response;
  return { status, contentType: headers['content-type'], text, json };
}

export interface EnforceOptions {
  /** What the message says first: the case, where the violations alone do not tell it. */
  context?: string;
  /**
   * Count the failure against the violated requirement whichever test found it (a cross-cutting rule);
   * by default it counts against the requirement(s) of the test that threw it.
   */
  against?: boolean;
}

function evidenceOf(v: Violation): ViolationEvidence {
  const kind = v.about === 'status' ? 'status' : v.about === 'content-type' ? 'content-type' : 'schema';
  return {
    kind,
    message: v.message,
    ...(kind === 'schema' ? { pointer: v.pointer } : {}),
    value: v.received,
  };
}

/** Fails unless the findings hold: every violation in one message, the first one's requirement counted. */
export function expectHeld(
  findings: readonly Finding[],
  exchange?: Exchange,
  options: EnforceOptions = {},
): void {
  const violations = violationsOf(findings);
  const first = violations[0];
  if (!first) return;
  const text = violations.map((v) => v.message).join('; ');
  const message = options.context ? `${options.context}: ${text}` : text;
  const evidence = violations.map(evidenceOf);
  throw options.against
    ? ConformanceFailure.against(first.requirement, message, exchange, evidence)
    : new ConformanceFailure(message, exchange, evidence);
}
