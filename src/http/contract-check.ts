/**
 * The contract check of an answer: the status the test demands first (its own verdict), then the contract's
 * status list, content type and body schema (ajv, contract/validator.ts). Each breach throws a ConformanceFailure
 * that names the requirement it counts against, where it is not the test's own.
 */
import type { Contract } from '../contract/spec';
import { validateResponse, type ContractViolation } from '../contract/validator';
import type { Exchange } from './exchange';
import { requirementForViolation, successRequirement } from './attribution';
import { describeExpected, expectsSuccess, statusMatches, type ExpectedStatus } from './expect';
import { ConformanceFailure } from './failure';
import type { OperationId } from './layer';

/** A failure message lists this many contract violations; the evidence keeps them all. */
export const SHOWN_VIOLATIONS = 10;

/** An answer as the checks read it. */
export interface CheckedAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The text's JSON value; undefined when it is empty or not JSON. */
  json?: unknown;
  exchange: Exchange;
}

/** Fails unless the answer has the status the test demands. */
export function checkStatus(operationId: OperationId, expected: ExpectedStatus, answer: CheckedAnswer): void {
  if (statusMatches(expected, answer.status)) return;
  // A success answered with another success status breaks the operation's success rule, not the test's.
  const bothSuccess = expectsSuccess(expected) && answer.status >= 200 && answer.status <= 299;
  throw new ConformanceFailure(
    `expected status ${describeExpected(expected)}, got ${answer.status}`,
    answer.exchange,
    undefined,
    bothSuccess ? successRequirement(operationId) : undefined,
  );
}

/** Fails unless the answer is one the contract lists for the operation, with its content type and body schema. */
export function checkContract(contract: Contract, operationId: OperationId, answer: CheckedAnswer): void {
  const violations = validateResponse(contract, {
    operationId,
    status: answer.status,
    contentType: answer.headers['content-type'],
    body: answer.text,
    parsed: answer.json,
  });
  const first = violations[0];
  if (!first) return;
  const shown = violations.slice(0, SHOWN_VIOLATIONS).map((v: ContractViolation) => `  - ${v.message}`);
  const more = violations.length - shown.length;
  const lines = [...shown, ...(more > 0 ? [`  … and ${more} more`] : [])].join('\n');
  throw new ConformanceFailure(
    `the response breaks the contract of ${operationId}:\n${lines}`,
    answer.exchange,
    violations.map((v) => ({
      kind: v.kind,
      message: v.message,
      ...(v.pointer !== undefined ? { pointer: v.pointer } : {}),
      ...(v.value !== undefined ? { value: v.value } : {}),
    })),
    requirementForViolation(operationId, first),
  );
}
