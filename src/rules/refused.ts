/**
 * Refused creates: a create the target refused leaves no member behind on its address and port
 * (docs/vendor/v2.0-add-backend-server.txt:40 for another project's tenant_id, :56 and :96 for an IPv6 subnet;
 * docs/vendor/v3-query-backend-servers.txt:361 for an IP-as-a-backend member in a pool of another protocol, :359
 * and :393 for a v3 member without an IP address or in no subnet; docs/readings.md §1 "Every response" for a
 * member sent with a method its path does not offer). A member stored from a create whose address is no IP
 * address is on no endpoint: the refused create's name finds it.
 */
import { finding, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** The requirements whose creates must be refused, and what such a create is, as a failure message says it. */
const REFUSED_CREATES = {
  'V2-TENANT-ID-FOREIGN': 'the create of a member of another project',
  'V2-SUBNET-IPV6-REFUSED': 'the create of a member whose subnet_id names an IPv6 subnet',
  'V3-IP-MEMBER-PROTOCOL':
    'the create of a member without subnet_cidr_id in a pool whose protocol is none of TCP, HTTP, HTTPS',
  'V2-METHOD-REFUSED': 'a member sent with a method its path does not offer',
  'V3-METHOD-REFUSED': 'a member sent with a method its path does not offer',
  'V3-CREATE-INVALID':
    'the create of a member without an IP address, or with a subnet_cidr_id that is no id of a subnet',
} as const;

export type RefusedCreate = keyof typeof REFUSED_CREATES;

/** After a create the requirement refuses, the pool holds no member on the create's endpoint. */
export function storedNothing(
  requirement: RefusedCreate,
  stored: readonly { id: string }[],
  endpoint: { address: string; port: number },
): Finding {
  return finding(
    requirement,
    stored.length === 0
      ? []
      : [
          violation(
            requirement,
            '',
            'no member',
            `${stored.length} member(s)`,
            `${REFUSED_CREATES[requirement]} was refused, yet the pool now holds ` +
              `${stored.map((m) => m.id).join(', ')} on ${endpoint.address}:${endpoint.port}`,
          ),
        ],
  );
}

/** The rows of the rule index (index.ts) this module's rule fills. */
export const REFUSED_RULES: readonly RuleEntry[] = (Object.keys(REFUSED_CREATES) as RefusedCreate[]).map(
  (requirement) => entry(requirement, storedNothing),
);
