import { switchParser, type Switch, type SwitchSet } from './switches';

/**
 * Named, realistic bugs the reference server can be switched into, so that the suite can be shown to catch
 * them. Each one changes only the behaviour it names; `v3-` faults touch only /v3 routes, `delete-noop` the
 * deletes of both, the others only /v2.0 routes.
 */
const CATALOGUE = [
  // v2.0: weight
  { name: 'weight-upper-off-by-one', description: 'Accepts weight 101: the range check uses <= max + 1.' },
  {
    name: 'weight-zero-rejected',
    description: 'Rejects weight 0 because a falsy check treats it as missing.',
  },
  {
    name: 'weight-string-coerced',
    description: 'Accepts a numeric string such as "5" as weight and stores 5.',
  },
  { name: 'weight-fraction-truncated', description: 'Accepts a fractional weight such as 1.5 and stores 1.' },
  { name: 'weight-null-defaulted', description: 'Treats weight null as omitted and stores the default 1.' },
  { name: 'weight-default-zero', description: 'Stores 0 instead of 1 when weight is omitted.' },
  // v2.0: protocol_port
  { name: 'port-upper-off-by-one', description: 'Accepts protocol_port 65536.' },
  { name: 'port-upper-rejected', description: 'Rejects protocol_port 65535: the range check uses < 65535.' },
  { name: 'port-zero-accepted', description: 'Accepts protocol_port 0.' },
  { name: 'port-string-coerced', description: 'Accepts a numeric string such as "80" as protocol_port.' },
  {
    name: 'port-missing-defaulted',
    description: 'Stores protocol_port 80 when it is omitted instead of rejecting.',
  },
  // v2.0: name, tenant_id, admin_state_up
  { name: 'name-length-off-by-one', description: 'Accepts a name of 256 characters.' },
  {
    name: 'name-length-max-rejected',
    description: 'Rejects a name of 255 characters: the check uses < 255.',
  },
  { name: 'name-number-stringified', description: 'Accepts a numeric name and stores it as a string.' },
  {
    name: 'tenant-id-length-unchecked',
    description:
      'Compares only the first 32 characters of tenant_id with the project id, so longer values pass.',
  },
  {
    name: 'tenant-id-falsy-defaulted',
    description:
      'Replaces a falsy tenant_id (null, false, 0) with the project id of the token, as `tenant_id or project_id` does.',
  },
  {
    name: 'admin-state-string-coerced',
    description: 'Accepts the strings "true"/"false" as admin_state_up.',
  },
  { name: 'admin-state-default-false', description: 'Stores admin_state_up false when it is omitted.' },
  { name: 'name-default-null', description: 'Returns name null instead of "" when it is omitted.' },
  // v2.0: address, subnet_id
  {
    name: 'address-ipv6-accepted',
    description: 'Accepts IPv6 addresses and skips the subnet check for them.',
  },
  {
    name: 'address-unvalidated',
    description: 'Does not parse address: any string of at most 64 characters is stored.',
  },
  {
    name: 'address-subnet-unchecked',
    description: 'Accepts an IPv4 address outside the subnet of subnet_id.',
  },
  {
    name: 'address-length-unchecked',
    description: 'Does not enforce the 64-character limit and stores a longer address without parsing it.',
  },
  { name: 'subnet-missing-accepted', description: 'Accepts a member without subnet_id.' },
  {
    name: 'subnet-unknown-accepted',
    description: 'Accepts an unknown subnet_id and skips the address check.',
  },
  // v2.0: uniqueness
  {
    name: 'duplicate-unchecked',
    description: 'Never checks that (address, protocol_port) is unique in the pool.',
  },
  {
    name: 'duplicate-race',
    description:
      'Awaits between the uniqueness check and the insert, so concurrent identical creates all succeed.',
  },
  { name: 'duplicate-wrong-status', description: 'Answers a duplicate with 400 instead of 409.' },
  {
    name: 'duplicate-address-only',
    description: 'Keys uniqueness on the address alone, so the same address on another port gets 409.',
  },
  {
    name: 'duplicate-port-only',
    description: 'Keys uniqueness on protocol_port alone, so the same port on another address gets 409.',
  },
  {
    name: 'duplicate-across-pools',
    description: 'Checks uniqueness across all pools instead of within the pool.',
  },
  { name: 'duplicate-stored-anyway', description: 'Answers a duplicate with 409 but has already stored it.' },
  {
    name: 'duplicate-answers-busy',
    description:
      'Answers a duplicate with the busy 409 of a load balancer being updated, on every resend too.',
  },
  {
    name: 'other-pool-stuck-busy',
    description:
      'The load balancer of the second v2.0 pool never leaves PENDING_UPDATE: every write there gets the busy 409.',
  },
  // v2.0: create response
  { name: 'create-status-200', description: 'Answers a successful create with 200 instead of 201.' },
  { name: 'create-unwrapped', description: 'Returns the created member without the "member" wrapper.' },
  {
    name: 'create-missing-operating-status',
    description: 'Leaves operating_status out of the create response.',
  },
  {
    name: 'echo-weight-default',
    description: 'Always shows weight 1 in the create response, while storing the weight that was sent.',
  },
  { name: 'readback-name-dropped', description: 'Returns name "" when a member is read back with GET.' },
  // v2.0: request body and routing
  { name: 'malformed-json-500', description: 'Crashes with 500 on a body that is not JSON.' },
  {
    name: 'non-object-500',
    description: 'Crashes with 500 on a JSON body that is not an object ([], "x", null).',
  },
  {
    name: 'unwrapped-body-accepted',
    description: 'Reads a body without the "member" wrapper as the member itself.',
  },
  {
    name: 'body-limit-missing',
    description: 'Has no body size limit: a body over 1 MiB is parsed and stored.',
  },
  { name: 'unknown-pool-500', description: 'Crashes with 500 on a create in an unknown pool.' },
  // v2.0: auth and error format
  {
    name: 'auth-missing-accepted',
    description: 'Accepts requests without X-Auth-Token (a wrong token is still 401).',
  },
  { name: 'auth-any-token', description: 'Accepts any non-empty X-Auth-Token.' },
  { name: 'v2-error-text-plain', description: 'Sends v2.0 4xx error bodies as text/plain.' },
  { name: 'v2-error-empty-message', description: 'Sends v2.0 error bodies with an empty message.' },
  { name: 'v2-success-content-type-html', description: 'Labels v2.0 2xx JSON bodies as text/html.' },
  // both APIs: clean-up
  {
    name: 'delete-noop',
    description: 'Answers a DELETE of an existing member with 204 but keeps the member (/v2.0 and /v3).',
  },
  // v3: limit and marker
  { name: 'v3-limit-upper-off-by-one', description: 'Accepts limit 2001.' },
  { name: 'v3-limit-max-rejected', description: 'Rejects limit 2000: the range check uses < 2000.' },
  {
    name: 'v3-limit-negative-accepted',
    description: 'Treats a negative limit as no limit instead of rejecting it.',
  },
  {
    name: 'v3-limit-lenient-parse',
    description: 'Parses limit with parseInt: "1.5" becomes 1 and "abc" or "" fall back to the default.',
  },
  {
    name: 'v3-marker-unknown-ignored',
    description: 'Ignores a marker that is not in the pool and returns page one.',
  },
  { name: 'v3-marker-empty-ignored', description: 'Ignores an empty marker instead of rejecting it.' },
  {
    name: 'v3-marker-cross-pool',
    description: 'Looks markers up in every pool, so a member of another pool is accepted as the start.',
  },
  { name: 'v3-marker-without-limit-applied', description: 'Applies marker even when limit is absent.' },
  // v3: pages and page_info
  { name: 'v3-page-includes-marker', description: 'Starts the next page with the marker member itself.' },
  { name: 'v3-page-skips-one', description: 'Skips the member right after the marker.' },
  { name: 'v3-next-marker-on-last-page', description: 'Sets next_marker on the last page too.' },
  {
    name: 'v3-current-count-total',
    description: 'Reports the filtered total as current_count instead of the page size.',
  },
  { name: 'v3-previous-marker-last', description: 'Reports the last id of the page as previous_marker.' },
  { name: 'v3-reverse-page-reversed', description: 'Returns page_reverse pages in reverse order.' },
  { name: 'v3-reverse-ignored', description: 'Ignores page_reverse and returns the forward page.' },
  { name: 'v3-unstable-order', description: 'Reshuffles the listing order on every request.' },
  // v3: filters
  {
    name: 'v3-filter-last-value-wins',
    description: 'Uses only the last value of a repeated filter parameter.',
  },
  { name: 'v3-filter-params-ored', description: 'OR-s different filter parameters instead of AND-ing them.' },
  { name: 'v3-filter-prefix-match', description: 'Matches string filters as prefixes.' },
  { name: 'v3-filter-case-insensitive', description: 'Matches string filters ignoring case.' },
  { name: 'v3-filter-ignores-member-type', description: 'Ignores the member_type filter.' },
  {
    name: 'v3-filter-after-pagination',
    description: 'Applies filters to the page after paginating the full listing.',
  },
  // v3: scope, auth and representation
  { name: 'v3-pool-leak', description: 'Lists the members of every pool of the project.' },
  {
    name: 'v3-unknown-pool-empty',
    description: 'Answers a listing of an unknown pool with 200 and no members.',
  },
  { name: 'v3-auth-missing-accepted', description: 'Accepts /v3 requests without X-Auth-Token.' },
  { name: 'v3-auth-any-token', description: 'Accepts any non-empty X-Auth-Token on /v3.' },
  {
    name: 'v3-ip-version-always-v4',
    description: 'Reports ip_version "v4" for every member, IPv6 ones included.',
  },
  {
    name: 'v3-ip-version-swapped',
    description: 'Reports ip_version "v6" for IPv4 members and "v4" for IPv6 ones (the mapping inverted).',
  },
  { name: 'v3-member-missing-project-id', description: 'Leaves project_id out of v3 members.' },
  { name: 'v3-timestamp-millis', description: 'Formats created_at/updated_at with milliseconds.' },
  {
    name: 'v3-operating-status-lowercase',
    description: 'Reports operating_status in lower case ("no_monitor").',
  },
  { name: 'v3-error-neutron-shape', description: 'Sends v3 errors in the v2.0 NeutronError shape.' },
  { name: 'v3-request-id-missing', description: 'Leaves request_id out of v3 list responses.' },
  { name: 'v3-content-type-text', description: 'Labels v3 list responses as text/plain.' },
] as const satisfies readonly Switch[];

export type FaultName = (typeof CATALOGUE)[number]['name'];

export const FAULTS: readonly Switch[] = CATALOGUE;

export type FaultSet = SwitchSet<FaultName>;

/** Throws an Error naming every unknown fault and listing the known ones. */
export const parseFaults = switchParser<FaultName>(CATALOGUE, 'fault');

export const NO_FAULTS: FaultSet = parseFaults([]);
