/** The seeded account every reference server starts with (ids taken from the vendor pages' examples). */
export interface ReferenceDefaults {
  readonly token: string;
  readonly projectId: string;
  readonly v2PoolId: string;
  readonly v2OtherPoolId: string;
  readonly v2SubnetId: string;
  readonly v2SubnetCidr: string;
  readonly v2AddressCidr: string;
  /** An IPv6 subnet of the project, which a v2.0 create must refuse ("Only IPv4 subnets are supported."). */
  readonly v2Subnet6Id: string;
  readonly v2Subnet6Cidr: string;
  readonly v3PoolId: string;
  readonly v3OtherPoolId: string;
  /** A v3 pool of protocol UDP, which refuses IP-as-a-backend members ("the protocol ... must be TCP, HTTP, or HTTPS"). */
  readonly v3UdpPoolId: string;
  readonly v3SubnetId: string;
  readonly v3SubnetCidr: string;
  readonly v3AddressCidr: string;
  readonly v3Subnet6Id: string;
  readonly v3Subnet6Cidr: string;
  readonly v3Address6Cidr: string;
}

export const DEFAULTS: ReferenceDefaults = {
  token: 'reference-token',
  projectId: '99a3fff0d03c428eac3678da6a7d0f24',
  v2PoolId: '5a9a3e9e-d1aa-448e-af37-a70171f2a332',
  v2OtherPoolId: '8f1c2d3e-4b5a-4c6d-9e7f-0a1b2c3d4e5f',
  v2SubnetId: '33d8b01a-bbe6-41f4-bc45-78a1d284d503',
  v2SubnetCidr: '192.168.0.0/16',
  v2AddressCidr: '192.168.128.0/17',
  v2Subnet6Id: 'e5a3c2f0-7b1d-4c8e-9f6a-2d4b8c0e1f37',
  v2Subnet6Cidr: '2001:db8:6::/48',
  v3PoolId: '36ce7086-a496-4666-9064-5ba0e6840c75',
  v3OtherPoolId: '4d2e6f80-91a2-4b3c-8d4e-5f6a7b8c9d0e',
  v3UdpPoolId: '7b3f9a21-5c4d-4e8f-a1b2-c3d4e5f60718',
  v3SubnetId: 'c09f620e-3492-4429-ac15-445d5dd9ca74',
  v3SubnetCidr: '120.10.0.0/16',
  v3AddressCidr: '120.10.128.0/17',
  v3Subnet6Id: '27e4ab69-a5ed-46c6-921a-5212be19ce87',
  v3Subnet6Cidr: '2001:db8:a583::/48',
  v3Address6Cidr: '2001:db8:a583:6a::/64',
};

export interface SubnetDefinition {
  readonly id: string;
  readonly cidr: string;
}

/** Where preloaded members of a pool take their addresses from. */
export interface PoolDefinition {
  readonly id: string;
  readonly projectId: string;
  /** The pool's protocol: only TCP, HTTP and HTTPS pools take IP-as-a-backend members. */
  readonly protocol: 'TCP' | 'UDP';
  readonly v4: { readonly subnetId: string; readonly addressCidr: string };
  readonly v6?: { readonly subnetId: string; readonly addressCidr: string };
}

export function subnetsOf(d: ReferenceDefaults): SubnetDefinition[] {
  return [
    { id: d.v2SubnetId, cidr: d.v2SubnetCidr },
    { id: d.v2Subnet6Id, cidr: d.v2Subnet6Cidr },
    { id: d.v3SubnetId, cidr: d.v3SubnetCidr },
    { id: d.v3Subnet6Id, cidr: d.v3Subnet6Cidr },
  ];
}

export function poolsOf(d: ReferenceDefaults): PoolDefinition[] {
  const v2 = { subnetId: d.v2SubnetId, addressCidr: d.v2AddressCidr };
  const v3 = { subnetId: d.v3SubnetId, addressCidr: d.v3AddressCidr };
  const v6 = { subnetId: d.v3Subnet6Id, addressCidr: d.v3Address6Cidr };
  return [
    { id: d.v2PoolId, projectId: d.projectId, protocol: 'TCP', v4: v2 },
    { id: d.v2OtherPoolId, projectId: d.projectId, protocol: 'TCP', v4: v2 },
    { id: d.v3PoolId, projectId: d.projectId, protocol: 'TCP', v4: v3, v6 },
    { id: d.v3OtherPoolId, projectId: d.projectId, protocol: 'TCP', v4: v3, v6 },
    { id: d.v3UdpPoolId, projectId: d.projectId, protocol: 'UDP', v4: v3 },
  ];
}
