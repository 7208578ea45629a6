/** The rule of refused creates (src/rules/refused.ts), over fabricated listings of the create's endpoint. */
import { storedNothing, type RefusedCreate } from '../../../src/rules';
import { broken, ruleTable } from './table';

const REFUSED: readonly [RefusedCreate, { address: string; port: number }][] = [
  ['V2-TENANT-ID-FOREIGN', { address: '192.168.0.9', port: 80 }],
  ['V2-SUBNET-IPV6-REFUSED', { address: '2001:db8:6::c0a8:9', port: 80 }],
  ['V2-SUBNET-IPV6-REFUSED', { address: '192.168.0.9', port: 443 }],
  ['V3-IP-MEMBER-PROTOCOL', { address: '120.10.128.9', port: 53 }],
  ['V2-METHOD-REFUSED', { address: '192.168.0.10', port: 80 }],
  ['V3-METHOD-REFUSED', { address: '120.10.128.10', port: 80 }],
  ['V3-CREATE-INVALID', { address: '120.10.128.10', port: 80 }],
];

ruleTable(
  'storedNothing',
  REFUSED.flatMap(([requirement, endpoint]) => [
    {
      title: `${requirement}: no member on ${endpoint.address}:${endpoint.port} holds`,
      findings: () => [storedNothing(requirement, [], endpoint)],
      outcome: 'held' as const,
    },
    {
      title: `${requirement}: a member on ${endpoint.address}:${endpoint.port} breaks it`,
      findings: () => [storedNothing(requirement, [{ id: 'm1' }], endpoint)],
      outcome: [broken(requirement)],
    },
  ]),
);
