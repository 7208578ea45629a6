import { parseCidr, type Cidr } from './ip';
import { addressesIn } from './plays/ip';
import type { MemberDraft, MemberStore } from './store';

const NAMES = ['web', 'api', 'cache', 'db', 'worker', 'quark-neutron', 'edge'];
const STATUSES = ['NO_MONITOR', 'ONLINE', 'NO_MONITOR', 'OFFLINE', 'NO_MONITOR'];

/**
 * Adds `count` generated members to the pool before the server serves: distinct (address, port) pairs from the
 * pool's address ranges, with varied names, weights, ports and statuses; pools with an IPv6 range also get IPv6
 * and IP-as-a-backend members.
 */
export function preloadMembers(store: MemberStore, poolId: string, count: number): void {
  for (const { draft, at } of generatedMembers(store, poolId, count)) store.insert(poolId, draft, at);
}

/** How many addresses the range holds, capped where a double stops counting exactly. */
function cidrSize(cidr: Cidr): number {
  const hostBits = (cidr.kind === 'ipv4' ? 32 : 128) - cidr.range[1];
  return hostBits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** hostBits;
}

function* generatedMembers(
  store: MemberStore,
  poolId: string,
  count: number,
): Generator<{ draft: MemberDraft; at: number }> {
  const definition = store.pool(poolId);
  if (!definition) throw new Error(`unknown pool ${poolId}`);
  const v4Range = parseCidr(definition.v4.addressCidr);
  const v4At = addressesIn(v4Range);
  const v4Usable = Math.max(1, cidrSize(v4Range) - 2); // neither the network nor the broadcast address
  const v6 = definition.v6;
  const v6At = v6 && addressesIn(parseCidr(v6.addressCidr));
  const start = Date.now() - count * 1000;
  let v4Count = 0;
  let v6Count = 0;
  for (let i = 0, made = 0; made < count; i++) {
    const variant = i % 10;
    let address: { address: string; key: string };
    let subnetId: string | null;
    let port: number;
    if (v6 && v6At && (variant === 3 || variant === 7)) {
      const k = v6Count++;
      address = v6At(1 + k);
      subnetId = v6.subnetId;
      port = 1024 + ((k * 37) % 64000);
    } else {
      const k = v4Count++;
      if (k >= v4Usable * 64000) throw new Error(`pool ${poolId} has no room for ${count} more members`);
      const offset = 1 + (k % v4Usable);
      // 4099 is coprime with 64000, so one address never gets the same port twice.
      port = 1024 + ((offset * 37 + Math.floor(k / v4Usable) * 4099) % 64000);
      address = v4At(offset);
      subnetId = v6 && variant === 5 ? null : definition.v4.subnetId;
    }
    if (store.hasPair(poolId, address.key, port)) continue;
    const draft: MemberDraft = {
      tenantId: definition.projectId,
      name: `${NAMES[i % NAMES.length]}-${Math.floor(i / NAMES.length) % 100}`,
      address: address.address,
      addressKey: address.key,
      protocolPort: port,
      subnetId,
      adminStateUp: i % 4 !== 3,
      weight: (i * 13) % 101,
      operatingStatus: STATUSES[i % STATUSES.length],
    };
    yield { draft, at: start + made * 1000 };
    made++;
  }
}
