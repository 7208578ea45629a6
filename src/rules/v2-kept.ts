/**
 * Add a backend server (v2.0): a value whose fate the pages leave open (docs/readings.md §5: other spellings of
 * IPv4, names beyond ASCII, integers written with a fraction part or an exponent) is refused with a 4xx, or kept
 * exactly as sent: the create's answer and a later read show the very value sent (a number: the integer its
 * spelling equals). Never a 5xx, never another form.
 */
import { isSuccess } from './status';
import { finding, pointer, shown, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';

export const KEPT_OR_REFUSED = 'V2-KEPT-OR-REFUSED';

/**
 * A create that sent an open value in `field`: its status, the member it answered and the member read back;
 * `spelling`, the JSON text of a number sent as JSON.stringify does not write it (`1e2` for 100).
 */
export interface OpenValueSeen {
  field: string;
  sent: unknown;
  spelling?: string;
  status: number;
  answered?: Record<string, unknown>;
  read?: Record<string, unknown>;
}

const isClientError = (status: number) => status >= 400 && status < 500 && status !== 429;

/** A string with every character beyond printable ASCII escaped, so that a message shows what differs. */
function escaped(value: unknown): string {
  return shown(value).replace(/[^\x20-\x7e]/gu, (c) =>
    [...c].map((u) => `\\u{${(u.codePointAt(0) ?? 0).toString(16)}}`).join(''),
  );
}

/** The value as it was sent: a spelled number, its spelling and the integer it equals. */
function sentAs(seen: OpenValueSeen): string {
  return seen.spelling === undefined ? escaped(seen.sent) : `${seen.spelling} (${escaped(seen.sent)})`;
}

function changed(seen: OpenValueSeen, where: 'answer' | 'read'): Violation[] {
  const member = where === 'answer' ? seen.answered : seen.read;
  const got = member?.[seen.field];
  if (got === seen.sent) return [];
  const label = where === 'answer' ? 'the answer to the create' : 'a read of the member';
  return [
    violation(
      KEPT_OR_REFUSED,
      pointer('member', seen.field),
      escaped(seen.sent),
      escaped(got),
      `${seen.field} was sent as ${sentAs(seen)} and accepted, but ${label} shows ${escaped(got)}: ` +
        'a value the pages leave open must be refused or kept exactly as sent',
    ),
  ];
}

/** V2-KEPT-OR-REFUSED: a 4xx holds; a success holds when answer and read-back show the value sent. */
export function keptOrRefused(seen: OpenValueSeen): Finding {
  if (isClientError(seen.status)) return finding(KEPT_OR_REFUSED, []);
  if (!isSuccess(seen.status))
    return finding(KEPT_OR_REFUSED, [
      violation(
        KEPT_OR_REFUSED,
        '',
        'a 4xx, or a success that keeps the value',
        String(seen.status),
        `${seen.field} ${sentAs(seen)} got ${seen.status}; it must be refused with a 4xx or kept as sent`,
        'status',
      ),
    ]);
  return finding(KEPT_OR_REFUSED, [...changed(seen, 'answer'), ...(seen.read ? changed(seen, 'read') : [])]);
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const KEPT_RULES: readonly RuleEntry[] = [entry(KEPT_OR_REFUSED, keptOrRefused)];
