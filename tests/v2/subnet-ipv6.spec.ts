/**
 * Add a backend server (v2.0): a subnet_id naming an IPv6 subnet. "Only IPv4 subnets are supported."
 * (docs/vendor/v2.0-add-backend-server.txt:56), "IPv6 subnets are not supported." (:96): a create naming
 * TARGET_V2_SUBNET6_ID is refused and stores nothing, with an IPv6 address as with an IPv4 one. One test per
 * family, so that a target that checks only the address's family fails the IPv4 one.
 */
import { requirementTest, test } from '../../src/fixtures';
import type { Endpoint } from '../../src/target/allocator';

/**
 * The endpoint with its IPv4 address carried in the last 32 bits of an IPv6 address of the documentation range
 * (RFC 3849), so that the pair stays the allocator's own; written as a listing shows it (RFC 5952).
 */
function inIpv6(endpoint: Endpoint): Endpoint {
  const [a = 0, b = 0, c = 0, d = 0] = endpoint.address.split('.').map(Number);
  const tail = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return { address: `2001:db8:6::${tail}`, port: endpoint.port };
}

const FAMILIES = [
  { key: 'v2-subnet-ipv6-address-ipv6', address: 'an IPv6 address', endpoint: inIpv6 },
  {
    key: 'v2-subnet-ipv6-address-ipv4',
    address: 'an IPv4 address of TARGET_V2_ADDRESS_CIDR',
    endpoint: (endpoint: Endpoint) => endpoint,
  },
];

for (const family of FAMILIES) {
  test(
    ...requirementTest(
      'V2-SUBNET-IPV6-REFUSED',
      `a create whose subnet_id names an IPv6 subnet (TARGET_V2_SUBNET6_ID), with ${family.address}, is refused with a 4xx and stores nothing`,
      family.key,
    ),
    async ({ v2 }) => {
      const subnetId = v2.subnet6Id;
      if (subnetId === undefined) throw new Error('V2-SUBNET-IPV6-REFUSED needs TARGET_V2_SUBNET6_ID');
      const endpoint = family.endpoint(v2.endpoints.next());
      await v2.refusedCreate(
        'V2-SUBNET-IPV6-REFUSED',
        v2.member({ subnet_id: subnetId }, { endpoint }),
        endpoint,
      );
    },
  );
}
