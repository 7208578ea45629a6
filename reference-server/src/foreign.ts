import type { PoolDefinition } from './defaults';
import { addressesIn, parseCidr } from './ip';
import type { MemberStore } from './store';

const FOREIGN_MEMBERS_PER_POOL = 25;

const STATUSES = ['ONLINE', 'NO_MONITOR', 'OFFLINE'];
const DAY = 24 * 60 * 60 * 1000;

/**
 * The foreign-members choice: every pool already holds members another team created a day ago. Their
 * addresses count down from just below the last address of each range (never the broadcast address), far
 * from where a client allocating from the start of the range begins. In pools with an IPv6 range every fifth
 * member is IPv6 and every fifth one an IP-as-a-backend member.
 */
export function addForeignMembers(
  store: MemberStore,
  pools: readonly PoolDefinition[],
  now = Date.now(),
): void {
  for (const pool of pools) {
    const v4At = addressesIn(parseCidr(pool.v4.addressCidr), 'end');
    const v6 = pool.v6 && { ...pool.v6, at: addressesIn(parseCidr(pool.v6.addressCidr), 'end') };
    let v4Count = 0;
    let v6Count = 0;
    for (let i = 0; i < FOREIGN_MEMBERS_PER_POOL; i++) {
      const variant = v6 ? i % 5 : 0;
      const address = v6 && variant === 1 ? v6.at(1 + v6Count++) : v4At(1 + v4Count++);
      const subnetId = v6 && variant === 1 ? v6.subnetId : variant === 3 ? null : pool.v4.subnetId;
      store.insert(
        pool.id,
        {
          tenantId: pool.projectId,
          name: `other-team-${i + 1}`,
          address: address.address,
          addressKey: address.key,
          protocolPort: 80 + i,
          subnetId,
          adminStateUp: i % 6 !== 5,
          weight: (i * 7) % 101,
          operatingStatus: STATUSES[i % STATUSES.length],
        },
        now - DAY + i * 60_000,
      );
    }
  }
}
