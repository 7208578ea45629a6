import { NOISE_CHOICES } from './noise';
import { switchParser, type Switch, type SwitchSet } from './switches';

/**
 * Named, legitimate alternatives to the reference server's default behaviour: each is a choice docs/readings.md
 * leaves open (§5 "not checked", or a §1 "any 4xx conforms"), so the suite must pass a server that makes it.
 * Unlike faults, any number of them may be on together and the server stays correct.
 */
const CATALOGUE = [
  {
    name: 'v2-error-native-shape',
    description:
      'v2.0 errors come as {"error_msg", "error_code": "ELB.xxxx", "request_id"} (this wins over ' +
      'v2-error-octavia-shape), a shape §1 accepts: "{"error_msg", "error_code"} (the vendor\'s native form)".',
  },
  {
    name: 'v2-error-octavia-shape',
    description:
      'v2.0 errors come as {"faultcode", "faultstring", "debuginfo": null}, a shape §1 accepts: ' +
      '"{"faultcode", "faultstring"} (OpenStack Octavia)".',
  },
  {
    name: 'v2-operating-status-online',
    description:
      'Members created through v2.0 start ONLINE instead of NO_MONITOR (a value of the v3 enum too), ' +
      'which §5 leaves open: "which operating_status value a new member gets (any non-empty string)".',
  },
  {
    name: 'extra-fields',
    description:
      'Every v2.0 and v3 member carries undocumented fields too (provisioning_status, backup, monitor_port), ' +
      'as §1 asks only for "every field of the response table" and §5 does not check "unknown extra ' +
      'fields in member" of a create request, which v2.0 ignores.',
  },
  {
    name: 'unknown-subnet-404',
    description:
      'A v2.0 create naming an unknown subnet_id answers 404 instead of 400: §1 "an unknown subnet is a ' +
      'client error (4xx)".',
  },
  {
    name: 'body-limit-400',
    description:
      'A request body over 1 MiB answers 400 instead of 413: §1 "A body over 1 MiB: 413 (any 4xx conforms; ' +
      'a 5xx never does)".',
  },
  {
    name: 'gateway-401-plain',
    description:
      '401 answers carry the text/plain body "Unauthorized", as an API gateway sends them: §5 "only the ' +
      'status is checked, never the body".',
  },
  {
    name: 'foreign-members',
    description:
      'Every pool starts with 25 members of another team (other-team-N, ports from 80, addresses from the ' +
      'top of the address ranges but every fifth on the first ones a client takes, IPv6 and IP-as-a-backend ' +
      'ones in v3 pools): §5 "The pool may already hold members that the suite did not create".',
  },
  {
    name: 'v3-order-by-id',
    description:
      'v3 listings and their markers follow member id order instead of creation order: §5 "Listing order ' +
      'is not prescribed, only that it is the same from one request to the next".',
  },
  {
    name: 'v3-no-timestamps',
    description:
      'v3 members omit created_at and updated_at: §5 "The other Member fields (status, loadbalancer_id, ' +
      'loadbalancers, created_at, updated_at, member_type, instance_id) may be absent".',
  },
  {
    name: 'v3-ip-member-subnet-empty',
    description:
      'IP-as-a-backend members report subnet_cidr_id "" instead of null: §5 "subnet_cidr_id of an ' +
      'IP-as-a-backend member may be "", null or absent".',
  },
  {
    name: 'v3-ip-member-subnet-absent',
    description:
      'IP-as-a-backend members leave subnet_cidr_id out (this wins over v3-ip-member-subnet-empty): §5 ' +
      '"subnet_cidr_id of an IP-as-a-backend member may be "", null or absent".',
  },
  {
    name: 'v3-limit-zero-default-page',
    description:
      'limit=0 answers the default page (as limit=2000 would, marker included) instead of an empty one: ' +
      '§5 "limit=0: any 200 with a well-formed body conforms (empty page or default page)".',
  },
  {
    name: 'v3-reverse-next-marker',
    description:
      'Every non-empty page_reverse page carries next_marker, the one at the head of the listing too: §5 ' +
      '"Whether a reverse page carries next_marker is not checked".',
  },
  {
    name: 'v3-backward-walk-ends-empty',
    description:
      'A page_reverse request with fewer than limit members before its marker answers an empty page ' +
      'instead of those few, so a backward walk always ends on an empty page: §5 "A backward walk ends ' +
      'when a reverse page is empty or holds fewer than limit members; both conform".',
  },
  {
    name: 'v3-invalid-marker-without-limit-400',
    description:
      'An empty or unknown marker without limit answers 400 (a valid one is still ignored): §5 "An invalid ' +
      'or empty marker without limit: not checked".',
  },
  {
    name: 'busy-after-write',
    description:
      'After each successful v2.0 create or delete the load balancer is busy for 40 ms, and every v2.0 write ' +
      'meanwhile gets 409 with a busy message (Octavia\'s "Pool <id> is immutable and cannot be updated." ' +
      'with v2-error-octavia-shape, else Neutron\'s "Invalid state PENDING_UPDATE of loadbalancer resource ' +
      '<id>"): §5 "A real cloud may answer 409 to a write while the load balancer is busy".',
  },
  // Real-API noise (noise.ts): rate-limit, latency.
  ...NOISE_CHOICES,
] as const satisfies readonly Switch[];

export type ChoiceName = (typeof CATALOGUE)[number]['name'];

export const CHOICES: readonly Switch[] = CATALOGUE;

export type ChoiceSet = SwitchSet<ChoiceName>;

/** Throws an Error naming every unknown choice and listing the known ones. */
export const parseChoices = switchParser<ChoiceName>(CATALOGUE, 'choice');

export const NO_CHOICES: ChoiceSet = parseChoices([]);

/** What `extra-fields` adds to every member representation. */
export const EXTRA_MEMBER_FIELDS: Readonly<Record<string, unknown>> = {
  provisioning_status: 'ACTIVE',
  backup: false,
  monitor_port: null,
};
