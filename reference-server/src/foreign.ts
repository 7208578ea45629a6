import type { PoolDefinition } from './defaults';
import { parseCidr } from './ip';
import { addressesIn } from './plays/ip';
import type { MemberStore } from './store';

/** How many members of another team each pool holds under the foreign-members choice, unless told otherwise. */
export const DEFAULT_FOREIGN_MEMBERS = 25;
/** Ports count up from 80, one per member: this many keeps them below 65536. */
const MAX_FOREIGN_MEMBERS = 50_000;

const STATUSES = ['ONLINE', 'NO_MONITOR', 'OFFLINE'];
const DAY = 24 * 60 * 60 * 1000;

/**
 * The foreign-members choice: every pool already holds members another team created a day ago. Most of their
 * addresses count down from just below the last address of each range (never the broadcast address); every
 * fifth member sits on one of the first usable addresses of the range (from its third on, as a client that
 * leaves out network and gateway allocates them), on a port below 1024, so that a client's own members share
 * their addresses with others' and an address filter finds both. In pools with an IPv6 range every fifth
 * member is IPv6 and every fifth one an IP-as-a-backend member.
 */
export function addForeignMembers(
  store: MemberStore,
  pools: readonly PoolDefinition[],
  count = DEFAULT_FOREIGN_MEMBERS,
  now = Date.now(),
): void {
  // Created a minute apart, or closer when there are so many that a day would not hold them.
  const spacing = Math.min(60_000, Math.floor(DAY / Math.max(count, 1)));
  for (const pool of pools) {
    const v4Range = parseCidr(pool.v4.addressCidr);
    const v4At = addressesIn(v4Range, 'end');
    const v4Start = addressesIn(v4Range, 'start');
    const v6 = pool.v6 && { ...pool.v6, at: addressesIn(parseCidr(pool.v6.addressCidr), 'end') };
    let v4Count = 0;
    let startCount = 0;
    let v6Count = 0;
    for (let i = 0; i < count; i++) {
      const v6Member = v6 !== undefined && i % 5 === 1;
      const ipMember = v6 !== undefined && i % 5 === 3;
      const address = v6Member
        ? v6.at(1 + v6Count++)
        : i % 5 === 4
          ? v4Start(2 + startCount++)
          : v4At(1 + v4Count++);
      store.insert(
        pool.id,
        {
          tenantId: pool.projectId,
          name: `other-team-${i + 1}`,
          address: address.address,
          addressKey: address.key,
          protocolPort: 80 + i,
          subnetId: v6Member ? v6.subnetId : ipMember ? null : pool.v4.subnetId,
          adminStateUp: i % 6 !== 5,
          weight: (i * 7) % 101,
          operatingStatus: STATUSES[i % STATUSES.length],
        },
        now - DAY + i * spacing,
      );
    }
  }
}

export type ForeignMembersResult =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly variable: string; readonly problem: string };

/** REFERENCE_FOREIGN_MEMBERS: members per pool under the foreign-members choice (default 25). */
export function foreignMembersFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  choices: readonly string[],
): ForeignMembersResult {
  const text = env.REFERENCE_FOREIGN_MEMBERS ?? '';
  if (text === '') return { ok: true, count: DEFAULT_FOREIGN_MEMBERS };
  const fail = (problem: string): ForeignMembersResult => ({
    ok: false,
    variable: 'REFERENCE_FOREIGN_MEMBERS',
    problem,
  });
  if (!/^[0-9]{1,6}$/.test(text) || Number(text) > MAX_FOREIGN_MEMBERS)
    return fail(
      `expected a number of members per pool from 0 to ${MAX_FOREIGN_MEMBERS}, got ${JSON.stringify(text)}`,
    );
  if (!choices.includes('foreign-members'))
    return fail('takes effect only with the foreign-members choice: add it to REFERENCE_CHOICES');
  return { ok: true, count: Number(text) };
}
