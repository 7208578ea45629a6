/**
 * The page's "Clean-up ledger": the totals of the members the tests created, then (collapsed) one row per
 * member, leftovers and members not confirmed gone first. Every text from the run is escaped.
 */
import { escapeHtml as h } from './escape';
import { confirmedGone, type Absence, type Ledger, type LedgerMember } from './ledger';

const RANK: Record<Absence, number> = {
  leftover: 0,
  'not-confirmed': 1,
  'not-deleted': 1,
  'read-404-after-delete': 2,
  'listing-without-it': 2,
};

function absenceText(member: LedgerMember): string {
  const answered = `its delete answered ${member.deleteStatus ?? '?'}`;
  switch (member.absence) {
    case 'read-404-after-delete':
      return `${answered}; a read of it then answered 404`;
    case 'listing-without-it':
      return `${answered}; a read of it answered neither 200 nor 404, the pool's listing lacks it`;
    case 'leftover':
      return `left over: ${answered}, yet it was still there`;
    case 'not-confirmed':
      return `${answered}; not confirmed gone`;
    case 'not-deleted':
      return 'not deleted during the tests';
  }
}

/** Time of day (UTC, to the millisecond) of an ISO 8601 instant. */
const timeOfDay = (instant: string | undefined): string => (instant ? instant.slice(11, 23) : '—');

const many = (n: number, one: string, more = `${one}s`): string => `${n} ${n === 1 ? one : more}`;

function row(member: LedgerMember): string {
  const left = member.absence === 'leftover';
  const where =
    member.address === undefined && member.port === undefined
      ? ''
      : `${member.address ?? '?'}:${member.port ?? '?'}`;
  const api = member.api === undefined ? '' : member.api === 'v2' ? 'v2.0' : 'v3';
  const test = `${member.test.title}${member.test.requirements.length > 0 ? ` (${member.test.requirements.join(', ')})` : ''}`;
  const state = confirmedGone(member.absence) ? 'gone' : left ? 'leftover' : 'unconfirmed';
  return `<tr class="${state}" data-member="${h(member.id)}" data-absence="${h(member.absence)}"><td><code>${h(member.id)}</code>${left ? ' <span class="mark">left over</span>' : ''}</td><td>${h(api)}</td><td><code>${h(member.poolId ?? '')}</code></td><td>${h(where)}</td><td>${h(test)}<div class="where">${h(member.test.location)}</div></td><td>${h(timeOfDay(member.createdAt))}</td><td>${h(timeOfDay(member.deletedAt))}</td><td>${h(absenceText(member))}</td></tr>`;
}

/** The totals in one line: "12 members created, 12 deleted and confirmed gone, 0 left over (0 expected), ...". */
export function ledgerTotals(ledger: Ledger): string {
  return [
    `${many(ledger.created, 'member')} created`,
    `${ledger.deleted} deleted and confirmed gone`,
    `${ledger.leftovers} left over (0 expected)`,
    ...(ledger.unconfirmed > 0 ? [`${ledger.unconfirmed} not confirmed gone`] : []),
    `peak ${ledger.peakAlive} alive at once`,
  ].join(', ');
}

export function ledgerSection(ledger: Ledger | undefined): string {
  if (!ledger) return '';
  const ordered = [...ledger.members].sort((a, b) => RANK[a.absence] - RANK[b.absence]);
  const rows = ordered.map(row).join('');
  const table =
    ledger.members.length === 0
      ? ''
      : `<details class="ledger-members"${ledger.leftovers > 0 ? ' data-leftovers' : ''}><summary>${h(many(ledger.members.length, 'member'))}, one row each${ledger.leftovers > 0 ? ', leftovers first' : ''}</summary><table class="violations ledger"><thead><tr><th>Member</th><th>API</th><th>Pool</th><th>Address:port</th><th>Created by</th><th>Created (UTC)</th><th>Deleted (UTC)</th><th>How it is known gone</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  return `<section id="ledger"><h2>Clean-up ledger</h2><p class="hint">Every member the tests created: created when its create was sent, deleted when its first delete was answered; after a delete answered with success or 404, a read of it must answer 404 (or, when the read answers neither 200 nor 404, the pool's listing must lack it). The runner's removal of what a run left in an external target, after the tests, is not in it.</p><p class="ledger-totals${ledger.leftovers > 0 ? ' left' : ''}">${h(ledgerTotals(ledger))}</p>${table}</section>`;
}

export const LEDGER_STYLE = `.ledger-totals{font-weight:600}
.ledger-totals.left{color:var(--fail)}
table.ledger td{font-size:13px}
table.ledger tr.leftover{background:var(--fail-bg)}
table.ledger tr.unconfirmed{background:var(--skip-bg)}
table.ledger .mark{color:var(--fail);font-weight:600;white-space:nowrap}
`;
