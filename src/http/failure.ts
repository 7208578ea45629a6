import { requirement as catalogued } from '../catalogue/requirements';
import { failureEvidence, recordFailure, type ViolationEvidence } from '../evidence';
import { formatExchange, type Exchange } from './exchange';

/**
 * A response that breaks the rules. It counts against the requirement of the test that threw it, unless it was
 * made with `against`: a cross-cutting check (the contract of every response, its content type) names the
 * requirement it breaks as data, and the report attributes it from that field alone. The `[ID]` in front of
 * such a message is for the reader; nothing parses it back.
 */
export class ConformanceFailure extends Error {
  /** The requirement this failure counts against; undefined: the requirement(s) of the test that threw it. */
  readonly requirement: string | undefined;

  constructor(
    message: string,
    readonly exchange?: Exchange,
    /** The contract violations behind a contract failure, with their JSON pointers. */
    readonly violations?: readonly ViolationEvidence[],
    requirement?: string,
  ) {
    const text = requirement ? `[${requirement}] ${message}` : message;
    super(exchange ? `${text}\n${formatExchange(exchange)}` : text);
    this.name = 'ConformanceFailure';
    this.requirement = requirement;
    recordFailure(
      failureEvidence(this.message, {
        kind: 'violation',
        ...(requirement ? { requirement } : {}),
        ...(exchange ? { exchange } : {}),
        ...(violations ? { violations: [...violations] } : {}),
      }),
    );
  }

  /** A failure of a cross-cutting check, counted against `requirement` whichever test found it. */
  static against(
    requirement: string,
    message: string,
    exchange?: Exchange,
    violations?: readonly ViolationEvidence[],
  ): ConformanceFailure {
    return new ConformanceFailure(message, exchange, violations, catalogued(requirement).id);
  }
}
