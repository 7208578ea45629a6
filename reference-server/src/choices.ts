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
      'Every v2.0 and v3 member carries undocumented fields too (provisioning_status, backup, monitor_port): ' +
      'an answer must hold every field of the response table, and nothing says it may hold no others.',
  },
  {
    name: 'v2-unknown-fields-400',
    description:
      'A v2.0 create whose member holds a field the page does not list answers 400 instead of ignoring it: ' +
      'the page lists the fields of member and says nothing of others, so refusing them conforms as well as ' +
      'ignoring them.',
  },
  {
    name: 'v2-ipv4-other-spellings',
    description:
      'A v2.0 create accepts other spellings of an IPv4 address (leading zeros, hex parts, fewer than four ' +
      'parts, read as inet_aton reads them), checked against the subnet and the duplicates as the address ' +
      'they spell: the page asks for an IPv4 address without naming its spelling, so accepting them conforms ' +
      'as well as refusing them.',
  },
  {
    name: 'subnet-reserved-addresses-400',
    description:
      "A v2.0 or v3 create on its subnet's network address, first host address (where the gateway usually " +
      'sits) or IPv4 broadcast address answers 400: the pages only ask that the address be inside the ' +
      'subnet, so refusing these few conforms as well as accepting them.',
  },
  {
    name: 'v2-name-length-bytes',
    description:
      'The 255 limit of a v2.0 name and tenant_id counts UTF-8 bytes, not characters: the page gives the ' +
      'limit without saying what it counts, and both counts agree on ASCII, so either conforms.',
  },
  {
    name: 'v2-create-answers-offline',
    description:
      'The v2.0 create answers operating_status OFFLINE, while later reads show NO_MONITOR: the page names ' +
      'no value for a new member and a health status may change at any time, so any non-empty one conforms.',
  },
  {
    name: 'v2-order-by-id',
    description:
      'v2.0 listings and their markers follow member id order instead of creation order: no order is ' +
      'documented, only that it stays the same from one request to the next.',
  },
  {
    name: 'content-type-charset',
    description:
      'Every JSON answer says Content-Type application/json; charset=UTF-8: the media type is what is asked ' +
      'for, and a charset parameter does not change it.',
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
      '401 answers carry the text/plain body "Unauthorized", and the 429 refusals the text/plain body "Too ' +
      'Many Requests", as an API gateway in front of the service sends them: only their status (and ' +
      "Retry-After) is read, since their body is the gateway's and not the service's.",
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
    name: 'v3-member-type-absent',
    description:
      'v3 members omit member_type and instance_id (the filters on them still work): the page documents ' +
      'these fields, but its own example lists members without them, so leaving them out conforms.',
  },
  {
    name: 'v3-all-member-fields',
    description:
      'v3 members carry status, loadbalancer_id and loadbalancers too, and instance members the id of their ' +
      'cloud server in instance_id (unless v3-member-type-absent leaves it out): the page documents these ' +
      'fields, so showing them with their documented types conforms as well as leaving them out.',
  },
  {
    name: 'v3-admin-state-reported',
    description:
      'v3 members report admin_state_up true exactly when a cloud server stands behind them (instance ' +
      'members), whatever the create sent, and the admin_state_up filter matches what is reported: the page ' +
      'says the value depends on whether cloud servers exist, so it need not be the one sent.',
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
    name: 'v3-page-reverse-any-case',
    description:
      'page_reverse also takes True, FALSE and the other spellings of true and false in any case: the page ' +
      'documents the values true and false, and what a server makes of other spellings is left open.',
  },
  {
    name: 'v3-filter-value-typed',
    description:
      'A v3 filter value of the wrong type (weight or protocol_port not an integer in range, admin_state_up ' +
      'not true or false or given twice, address not an IP address, id, subnet_cidr_id or instance_id not a ' +
      'UUID, operating_status, ip_version or member_type not one of their values) answers 400 ELB.8902 ' +
      'instead of matching nothing: the page types each parameter and says nothing of other values, so ' +
      'refusing them conforms as well as matching nothing.',
  },
  {
    name: 'v3-enterprise-project-id-400',
    description:
      'A v3 listing with enterprise_project_id answers 400 ELB.8902 instead of ignoring it: the page calls ' +
      'the parameter unsupported and asks not to use it, so refusing it conforms as well as ignoring it.',
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
