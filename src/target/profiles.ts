import type { ProfileName } from '../catalogue/requirements';

/** The limits that differ between vendors (docs/readings.md §4); every rule not here is common. */
export interface Profile {
  name: ProfileName;
  v2WeightMax: number;
  /** huawei: subnet_id is mandatory and IPv4 only; octavia: optional, IPv6 accepted. */
  v2SubnetRequired: boolean;
  v2Ipv6Allowed: boolean;
  /** Whether the vendor offers the v3 API at all. */
  v3Offered: boolean;
  /** Octavia answers 409 "immutable" while the load balancer is PENDING_*: wait for ACTIVE between writes. */
  waitForActiveBetweenWrites: boolean;
}

export const PROFILE_TABLE: Record<ProfileName, Profile> = {
  huawei: {
    name: 'huawei',
    v2WeightMax: 100,
    v2SubnetRequired: true,
    v2Ipv6Allowed: false,
    v3Offered: true,
    waitForActiveBetweenWrites: false,
  },
  octavia: {
    name: 'octavia',
    v2WeightMax: 256,
    v2SubnetRequired: false,
    v2Ipv6Allowed: true,
    v3Offered: false,
    waitForActiveBetweenWrites: true,
  },
};
