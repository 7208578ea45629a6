import { failureEvidence, recordFailure, type ViolationEvidence } from '../evidence';
import { formatExchange, type Exchange } from './exchange';

/** A response that breaks the rules: the message names the requirement first as [ID] when it is a cross-cutting one. */
export class ConformanceFailure extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
    /** The contract violations behind a contract failure, with their JSON pointers. */
    readonly violations?: readonly ViolationEvidence[],
  ) {
    super(exchange ? `${message}\n${formatExchange(exchange)}` : message);
    this.name = 'ConformanceFailure';
    recordFailure(
      failureEvidence(this.message, {
        ...(exchange ? { exchange } : {}),
        ...(violations ? { violations: [...violations] } : {}),
      }),
    );
  }
}
