/**
 * What a rule returns. A rule is a pure function of what was observed (one exchange, a create and its
 * read-back, a walk of pages) and the profile's limits; it never sends anything and never throws.
 */

/** One way an observation breaks a requirement. */
export interface Violation {
  requirement: string;
  /** JSON pointer into the response body the violation is about ("" for the body as a whole). */
  pointer: string;
  expected: string;
  received: string;
  /** The sentence a reader gets: built from the fields above, with what the pointer alone does not say. */
  message: string;
  /** What the violation is about: the status, the content type, or the body (by default). */
  about?: 'status' | 'content-type' | 'body';
}

/**
 * A rule's verdict on one observation that shows the requirement: no violations, the rule held; any, it broke.
 * An observation that shows nothing of a requirement gives no finding for it.
 */
export interface Finding {
  requirement: string;
  violations: readonly Violation[];
}

export function held(requirement: string): Finding {
  return { requirement, violations: [] };
}

/** A finding from the violations of one requirement: held when there are none. */
export function finding(requirement: string, violations: readonly Violation[]): Finding {
  return { requirement, violations };
}

export function violation(
  requirement: string,
  pointer: string,
  expected: string,
  received: string,
  message: string,
  about?: Violation['about'],
): Violation {
  return { requirement, pointer, expected, received, message, ...(about ? { about } : {}) };
}

/** Every violation of the findings. */
export function violationsOf(findings: readonly Finding[]): Violation[] {
  return findings.flatMap((f) => f.violations);
}

/** A value as a message shows it. */
export function shown(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** A JSON pointer from its reference tokens (RFC 6901 escaping). */
export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The findings of one observation, one per requirement: a requirement broken by any is broken. */
export function merged(findings: readonly Finding[]): Finding[] {
  const by = new Map<string, Violation[]>();
  for (const f of findings) by.set(f.requirement, [...(by.get(f.requirement) ?? []), ...f.violations]);
  return [...by].map(([requirement, violations]) => ({ requirement, violations }));
}
