/**
 * What a delete, a refused create and a refused duplicate leave behind, judged on every read that follows
 * them: the member's show, listings and filters, markers, counts, and a later create of the same pair.
 */
import { statusMatches, type ExpectedStatus } from '../http/expect';
import { finding, pointer, shown, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';
import { ALWAYS_PRESENT } from './v3-listing';

/** A member as a listing shows it: only what the rules compare. */
export interface Listed {
  id: string;
  [field: string]: unknown;
}

/** The delete's own answer, then one read after it, in the order they were sent. */
export type ReadAfterDelete =
  /** The DELETE itself: a success, when a read had just shown the member there (`shown`). */
  | { kind: 'deleted'; status: number; shown: boolean }
  /** GET of the member: 404 now. */
  | { kind: 'show'; status: number }
  /** A listing (whole, or filtered as `what` says): without the member; a page's count, when given, agrees. */
  | { kind: 'listing'; what: string; members: readonly Listed[]; count?: number }
  /**
   * A listing with limit and the deleted id as its marker: refused, the id naming no member of the pool. A target
   * that takes no marker at all (its page after a valid marker held the marker's own member) may answer it 200
   * (`ignored`: that page's members), as long as it does not hold the member.
   */
  | { kind: 'marker'; status: number; refusal: ExpectedStatus; ignored?: readonly Listed[] }
  /** A create of the deleted member's (address, protocol_port): accepted, the pair being free again. */
  | { kind: 'create'; status: number; success: ExpectedStatus }
  /** A second DELETE of the member: refused with a 4xx (404 expected), there being nothing left to delete. */
  | { kind: 'delete'; status: number };

function statusBroken(
  requirement: string,
  expected: string,
  status: number,
  message: string,
): readonly Violation[] {
  return [violation(requirement, '', expected, String(status), message, 'status')];
}

function judgeRead(requirement: string, id: string, read: ReadAfterDelete): readonly Violation[] {
  switch (read.kind) {
    case 'show':
      return read.status === 404
        ? []
        : statusBroken(
            requirement,
            '404',
            read.status,
            `a read of member ${id} after its delete answered ${read.status}, not 404`,
          );
    case 'marker':
      if (read.ignored && read.status === 200)
        return judgeRead(requirement, id, {
          kind: 'listing',
          what: 'a listing with the deleted id as marker, which the target ignores',
          members: read.ignored,
        });
      return statusMatches(read.refusal, read.status)
        ? []
        : statusBroken(
            requirement,
            'a refusal',
            read.status,
            `a listing with limit and the deleted member ${id} as its marker answered ${read.status}: ` +
              'a deleted id names no member of the pool',
          );
    case 'deleted':
      return !read.shown || read.status !== 404
        ? []
        : statusBroken(
            requirement,
            'a success',
            read.status,
            `the delete of member ${id}, which a read had just shown, answered 404: the member was there to delete`,
          );
    case 'delete':
      return statusMatches('4xx', read.status)
        ? []
        : statusBroken(
            requirement,
            'a 4xx',
            read.status,
            `a second delete of member ${id} answered ${read.status}, not a 4xx: nothing was left to delete`,
          );
    case 'create':
      return statusMatches(read.success, read.status)
        ? []
        : statusBroken(
            requirement,
            'a success',
            read.status,
            `a create of the pair of member ${id} after its delete answered ${read.status}: the pair is still taken`,
          );
    case 'listing': {
      const violations = read.members.flatMap((m, i) =>
        m.id === id
          ? [
              violation(
                requirement,
                pointer('members', i),
                'no deleted member',
                shown(m.id),
                `${read.what} after the delete still holds member ${id} at /members/${i}`,
              ),
            ]
          : [],
      );
      if (read.count !== undefined && read.count !== read.members.length)
        violations.push(
          violation(
            requirement,
            pointer('page_info', 'current_count'),
            String(read.members.length),
            String(read.count),
            `${read.what} after the delete of member ${id} counts ${read.count} members but holds ` +
              `${read.members.length}`,
          ),
        );
      return violations;
    }
  }
}

/**
 * V2-DELETE-GONE, V3-DELETE-GONE: after the delete of member `id` was answered, every read shows it gone. One
 * finding per read, in the order of `reads`, so that a test names the exchange of the first one broken.
 */
export function goneAfterDelete(
  requirement: string,
  id: string,
  reads: readonly ReadAfterDelete[],
): Finding[] {
  return reads.map((read) => finding(requirement, judgeRead(requirement, id, read)));
}

/**
 * The fields every listed member carries (the page's example) that a read of it by id shows alike: not
 * operating_status, which may change between two reads; and subnet_cidr_id, blank or not.
 */
const SHOWN_FIELDS = [...ALWAYS_PRESENT.filter((field) => field !== 'operating_status'), 'subnet_cidr_id'];

/** Absent, null and "" are one blank value (an IP-as-a-backend member's subnet_cidr_id, docs/readings.md §5). */
const blankOrSelf = (value: unknown): unknown => (value === undefined || value === null ? '' : value);

/**
 * V3-DELETE-GONE, before the delete: a read of the member by id answers 200 (`status`) with the member as the
 * listing shows it (`listed`; undefined when the listing does not hold it), field for field, operating_status
 * and the optional fields aside: the read that answers 404 once it is deleted found the member while it was
 * there. `read` is the member of the read's answer.
 */
export function shownAsListed(
  requirement: string,
  id: string,
  status: number,
  read: Listed | undefined,
  listed: Listed | undefined,
): Finding {
  if (status !== 200)
    return finding(
      requirement,
      statusBroken(
        requirement,
        '200',
        status,
        `a read of member ${id} before its delete answered ${status}, not 200`,
      ),
    );
  if (!listed)
    return finding(requirement, [
      violation(
        requirement,
        '',
        'the member listed',
        '(not listed)',
        `member ${id} reads 200 but no listing holds it`,
      ),
    ]);
  const differs = (field: string) =>
    JSON.stringify(blankOrSelf(read?.[field])) !== JSON.stringify(blankOrSelf(listed[field]));
  return finding(
    requirement,
    SHOWN_FIELDS.filter(differs).map((field) =>
      violation(
        requirement,
        pointer('member', field),
        shown(listed[field]),
        shown(read?.[field]),
        `a read of member ${id} shows ${field} ${shown(read?.[field])}, the listing ${shown(listed[field])}`,
      ),
    ),
  );
}

/**
 * V2-REFUSAL-HOLDS-NO-PAIR: a create of the (address, protocol_port) pair that a refused create named, sent
 * after that refusal, is accepted: a refused create holds nothing.
 */
export function pairFreeAfterRefusal(pair: string, status: number, success: ExpectedStatus): Finding {
  if (statusMatches(success, status)) return finding('V2-REFUSAL-HOLDS-NO-PAIR', []);
  return finding('V2-REFUSAL-HOLDS-NO-PAIR', [
    violation(
      'V2-REFUSAL-HOLDS-NO-PAIR',
      '',
      'a success',
      String(status),
      `a valid create of ${pair}, after a refused create of it, answered ${status}: the refusal holds the pair`,
      'status',
    ),
  ]);
}

/**
 * V2-REFUSAL-HOLDS-NO-PAIR: the listing filtered by the (address, protocol_port) pair of a refused create, read
 * after the refusal, lists no member on that pair (`onPair`: the members it lists there).
 */
export function refusalListsNothing(pair: string, onPair: readonly Listed[]): Finding {
  return finding(
    'V2-REFUSAL-HOLDS-NO-PAIR',
    onPair.map((m, i) =>
      violation(
        'V2-REFUSAL-HOLDS-NO-PAIR',
        pointer('members', i),
        'no member',
        shown(m.id),
        `the listing filtered by ${pair}, after a refused create of it, lists member ${m.id} on it`,
      ),
    ),
  );
}

/** The fields a refused duplicate names that the member it collided with keeps. */
const KEPT_FIELDS = ['id', 'name', 'weight', 'admin_state_up'] as const;

/**
 * V2-DUPLICATE-REJECTED, V3-DUPLICATE-REJECTED (`requirement`): after a refused duplicate of its pair, the one
 * member holding the pair is the first (`first`: its id, and the fields its create sent), none of its fields
 * taken from the duplicate. A field `first` leaves out is not compared (v3: admin_state_up, as the cloud reports it).
 */
export function duplicateLeavesFirst(
  requirement: string,
  first: Listed,
  holding: readonly Listed[],
): Finding {
  const member = holding.length === 1 ? holding[0] : undefined;
  if (!member) return finding(requirement, []);
  return finding(
    requirement,
    KEPT_FIELDS.filter(
      (field) => field in first && JSON.stringify(member[field]) !== JSON.stringify(first[field]),
    ).map((field) =>
      violation(
        requirement,
        pointer('members', 0, field),
        shown(first[field]),
        shown(member[field]),
        `after a refused duplicate, the member on the pair has ${field} ${shown(member[field])}, ` +
          `not the ${shown(first[field])} the first member was created with`,
      ),
    ),
  );
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const LIFECYCLE_RULES: readonly RuleEntry[] = [
  entry('V2-DELETE-GONE', goneAfterDelete),
  entry('V3-DELETE-GONE', goneAfterDelete),
  entry('V2-REFUSAL-HOLDS-NO-PAIR', pairFreeAfterRefusal),
  entry('V3-DELETE-GONE', shownAsListed),
  entry('V2-REFUSAL-HOLDS-NO-PAIR', refusalListsNothing),
  entry('V2-DUPLICATE-REJECTED', duplicateLeavesFirst),
  entry('V3-DUPLICATE-REJECTED', duplicateLeavesFirst),
];
