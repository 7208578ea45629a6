/**
 * Requests outside the documented operations (docs/readings.md §1 "Every response"): a method a member path does
 * not offer, and a path that names nothing, are refused with a 4xx; a 405 names in `Allow` the methods its path
 * offers (RFC 9110 §15.5.6, §10.2.1); and a refused request changes nothing.
 */
import { finding, held, shown, violation, type Finding, type Violation } from './violation';
import { statusMatches } from '../http/expect';
import { entry, type RuleEntry } from './entry';

/** A request as the routing rules see it: its method and what it was sent to. */
export interface RoutedRequest {
  method: string;
  /** The path as sent, for the message. */
  path: string;
}

/** The answer as the routing rules see it. */
export interface RoutedAnswer {
  status: number;
  /** The Allow header, if any. */
  allow: string | undefined;
}

/** A method name (RFC 9110 §9.1: a token, §5.6.2). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The members of a field's list (RFC 9110 §5.6.1: comma-separated, empty members ignored). */
const listMembers = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A refusal is a 4xx (docs/readings.md §1 "Refusals"): never a 2xx, a 3xx or a 5xx. */
function refusal(requirement: string, sent: RoutedRequest, routed: RoutedAnswer): Violation[] {
  if (statusMatches('4xx', routed.status)) return [];
  return [
    violation(
      requirement,
      '',
      'a 4xx',
      String(routed.status),
      `${sent.method} ${sent.path} got ${routed.status}, where a refusal (a 4xx) was due`,
      'status',
    ),
  ];
}

/**
 * The Allow header of a 405 (RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405
 * response"): a list of method names (§10.2.1), at least one, holding each of `offered` and not the method the
 * 405 refused.
 */
function allowOf405(
  requirement: string,
  sent: RoutedRequest,
  routed: RoutedAnswer,
  offered: readonly string[],
): Violation[] {
  if (routed.status !== 405) return [];
  const at = `the 405 to ${sent.method} ${sent.path}`;
  const broken = (expected: string, received: string, message: string) =>
    violation(requirement, '', expected, received, `${at} ${message}`);
  if (routed.allow === undefined)
    return [broken('an Allow header', '(absent)', 'has no Allow header naming the methods the path offers')];
  const methods = listMembers(routed.allow);
  const violations: Violation[] = [];
  const notTokens = methods.filter((m) => !TOKEN.test(m));
  if (notTokens.length > 0)
    violations.push(
      broken(
        'a comma-separated list of method names',
        shown(routed.allow),
        `has Allow ${shown(routed.allow)}`,
      ),
    );
  else if (methods.length === 0)
    violations.push(broken('at least one method', shown(routed.allow), 'names no method in Allow'));
  const missing = offered.filter((m) => !methods.includes(m));
  if (missing.length > 0)
    violations.push(
      broken(
        `Allow naming ${offered.join(', ')}`,
        shown(routed.allow),
        `leaves ${missing.join(', ')} out of Allow ${shown(routed.allow)}, which the path offers`,
      ),
    );
  if (methods.includes(sent.method))
    violations.push(
      broken(
        `Allow without ${sent.method}`,
        shown(routed.allow),
        `names ${sent.method}, the method it refused, in Allow ${shown(routed.allow)}`,
      ),
    );
  return violations;
}

/**
 * V2-METHOD-REFUSED, V3-METHOD-REFUSED: a method the path does not offer is refused with a 4xx, and a 405 names
 * in Allow the methods the path does offer (`offered`: those of the pages and of docs/readings.md §2 on it).
 */
export function methodRefused(
  requirement: string,
  sent: RoutedRequest,
  routed: RoutedAnswer,
  offered: readonly string[],
): Finding {
  return finding(requirement, [
    ...refusal(requirement, sent, routed),
    ...allowOf405(requirement, sent, routed, offered),
  ]);
}

/** V2-PATH-UNKNOWN, V3-PATH-UNKNOWN: a path that names nothing is refused with a 4xx; a 405 still names a method. */
export function pathRefused(requirement: string, sent: RoutedRequest, routed: RoutedAnswer): Finding {
  return finding(requirement, [
    ...refusal(requirement, sent, routed),
    ...allowOf405(requirement, sent, routed, []),
  ]);
}

/**
 * After refused requests that named a member: it still reads back with the values it had (`before`), each of
 * `fields`.
 */
export function keptAsIs(
  requirement: string,
  id: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Finding {
  const changed = fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (changed.length === 0) return held(requirement);
  return finding(
    requirement,
    changed.map((field) =>
      violation(
        requirement,
        `/member/${field}`,
        shown(before[field]),
        shown(after[field]),
        `member ${id} reads ${field} ${shown(after[field])} after refused requests named it, not ${shown(before[field])}`,
      ),
    ),
  );
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const ROUTING_RULES: readonly RuleEntry[] = [
  entry('V2-METHOD-REFUSED', methodRefused),
  entry('V2-METHOD-REFUSED', keptAsIs),
  entry('V3-METHOD-REFUSED', methodRefused),
  entry('V3-METHOD-REFUSED', keptAsIs),
  entry('V2-PATH-UNKNOWN', pathRefused),
  entry('V3-PATH-UNKNOWN', pathRefused),
];
