import type { ProfileName } from '../catalogue/requirements';
import type { OneStatus } from '../http/expect';

/**
 * The status each kind of refusal must have: the one a source of the profile names, or '4xx' (any client
 * error) where none does. The vendor pages name no status of a refusal; the OpenStack Octavia API reference
 * names 400 for invalid input and 404 for what it cannot find (docs/readings.md §4, §5).
 */
export interface Refusals {
  /** A v2.0 create whose body is not JSON, holds no member object, or a member with an invalid value. */
  invalidMember: OneStatus;
  /** A request naming a pool that does not exist. */
  unknownPool: OneStatus;
  /** A v2.0 create of an (address, protocol_port) pair the pool already holds. */
  duplicate: OneStatus;
  /** A request without X-Auth-Token, or with a token that is not valid. */
  badToken: OneStatus;
  /** A v3 listing with an invalid limit, or with limit and an invalid marker. */
  invalidQuery: OneStatus;
}

/** An inclusive range of integers. */
export interface IntegerRange {
  min: number;
  max: number;
}

/** The bounds of the values a request may carry: the one table every rule and generator reads them from. */
export interface Limits {
  /** v2.0 member weight (docs/readings.md §4: 0..100 huawei, 0..256 octavia). */
  weight: IntegerRange;
  /** protocol_port of both APIs. */
  port: IntegerRange;
  /** The longest name, in characters. */
  nameLength: number;
  /** The longest tenant_id, in characters. */
  tenantIdLength: number;
  /** The longest address, in characters. */
  addressLength: number;
  /** A v2.0 create body over this many bytes may be refused for its size (docs/readings.md §5). */
  bodyBytes: number;
  /** The v3 listing's limit parameter; its maximum is also the page a request without limit gets. */
  pageLimit: IntegerRange;
}

const COMMON_LIMITS: Omit<Limits, 'weight'> = {
  port: { min: 1, max: 65535 },
  nameLength: 255,
  tenantIdLength: 255,
  addressLength: 64,
  bodyBytes: 1024 * 1024,
  pageLimit: { min: 0, max: 2000 },
};

/** The limits every profile shares (the ones a rule needs before a profile is chosen). */
export const SHARED_LIMITS: Readonly<Omit<Limits, 'weight'>> = COMMON_LIMITS;

/** The limits that differ between vendors (docs/readings.md §4); every rule not here is common. */
export interface Profile {
  name: ProfileName;
  limits: Limits;
  /** huawei: subnet_id is mandatory and IPv4 only; octavia: optional, IPv6 accepted. */
  v2SubnetRequired: boolean;
  v2Ipv6Allowed: boolean;
  /** Whether the vendor offers the v3 API at all. */
  v3Offered: boolean;
  /** Octavia answers 409 "immutable" while the load balancer is PENDING_*: wait for ACTIVE between writes. */
  waitForActiveBetweenWrites: boolean;
  /**
   * The status of a valid v2.0 create: the one a source of the profile names, or '2xx' (any success) where none
   * does. The vendor's v2.0 page names no status at all; the Octavia API reference names 201
   * (docs/readings.md §4, §5).
   */
  v2CreateSuccess: OneStatus;
  refusals: Refusals;
}

export const PROFILE_TABLE: Record<ProfileName, Profile> = {
  huawei: {
    name: 'huawei',
    limits: { ...COMMON_LIMITS, weight: { min: 0, max: 100 } },
    v2SubnetRequired: true,
    v2Ipv6Allowed: false,
    v3Offered: true,
    waitForActiveBetweenWrites: false,
    v2CreateSuccess: '2xx',
    refusals: {
      invalidMember: '4xx',
      unknownPool: '4xx',
      duplicate: '4xx',
      badToken: '4xx',
      invalidQuery: '4xx',
    },
  },
  octavia: {
    name: 'octavia',
    limits: { ...COMMON_LIMITS, weight: { min: 0, max: 256 } },
    v2SubnetRequired: false,
    v2Ipv6Allowed: true,
    v3Offered: false,
    waitForActiveBetweenWrites: true,
    // Its Create Member lists one success code, 201, "Resource was created and is ready to use."
    v2CreateSuccess: 201,
    // Its Create Member: "If the API cannot fulfill the request due to insufficient data or data that is not
    // valid, the service returns the HTTP Bad Request (400) response code", and among its error codes 404,
    // "The requested resource could not be found."; it names no status for a duplicate (docs/readings.md §4).
    refusals: {
      invalidMember: 400,
      unknownPool: 404,
      duplicate: '4xx',
      badToken: '4xx',
      invalidQuery: '4xx',
    },
  },
};
