/**
 * What the conformance suite must report for each fault mode of the reference server, with both APIs run:
 * - `fails`: the conformance tests (by title) that must fail on every run, whatever the seed. Together the
 *   rows name every conformance test: each one is shown to bite.
 * - `catches`: the requirements that must fail on every run.
 * - `collateral`: requirements the bug honestly breaks too, on some seeds or through another rule's test,
 *   each with the reason. Nothing else may fail.
 * - `byChance`: why the catch rests on random cases, not only on a fixed check or an example every seed runs
 *   (absent: it does not). Such a fault runs with the suite's default number of property runs.
 * A fault that fails no test is caught by the members it leaves behind (the report's leftovers).
 */
export interface FaultVerdict {
  fails: string[];
  catches: string[];
  collateral?: Record<string, string>;
  byChance?: string;
}

/** The requirements that may fail under the fault: the caught ones and the collateral ones. */
export function allowedFailures(verdict: FaultVerdict): Set<string> {
  return new Set([...verdict.catches, ...Object.keys(verdict.collateral ?? {})]);
}

/** Conformance test titles, as `playwright test --list` shows them (requirement id first). */
const V2 = {
  poolUnknown: 'V2-POOL-UNKNOWN a create in a pool that does not exist answers 404',
  authMissing: 'V2-AUTH a create without X-Auth-Token answers 401 and stores nothing',
  authWrong: 'V2-AUTH a create with a wrong X-Auth-Token answers 401 and stores nothing',
  createResponse:
    'V2-CREATE-RESPONSE the vendor example request answers 201 with the member wrapper and every response field',
  createEcho: 'V2-CREATE-ECHO every field sent comes back unchanged in the 201 response',
  createReadback: 'V2-CREATE-READBACK a read of the new member returns what the create answered',
  createDefaults: 'V2-CREATE-DEFAULTS omitted weight, admin_state_up and name become 1, true and ""',
  duplicateRejected:
    'V2-DUPLICATE-REJECTED a second member on the same address and port gets 409 and is not stored',
  scopeOtherPort: 'V2-DUPLICATE-SCOPE the same address on another port is accepted',
  scopeOtherAddress: 'V2-DUPLICATE-SCOPE the same port on another address is accepted',
  scopeOtherPool: 'V2-DUPLICATE-SCOPE the same address and port in another pool is accepted',
  duplicateConcurrent: 'V2-DUPLICATE-CONCURRENT of 8 identical creates sent at once exactly one is stored',
  weightIn: "V2-WEIGHT-RANGE every integer weight of the profile's range is accepted",
  weightOut: "V2-WEIGHT-RANGE every integer weight outside the profile's range is rejected with 400",
  weightType: 'V2-WEIGHT-TYPE a weight that is not an integer is rejected with 400',
  portIn: 'V2-PORT-RANGE every protocol_port from 1 to 65535 is accepted',
  portOut: 'V2-PORT-RANGE every integer protocol_port outside 1..65535 is rejected with 400',
  portType: 'V2-PORT-TYPE a protocol_port that is not an integer is rejected with 400',
  requiredFields: 'V2-REQUIRED-FIELDS a create without one of the mandatory fields is rejected with 400',
  nameIn: 'V2-NAME-LENGTH a name of 0 to 255 characters is accepted',
  nameOut: 'V2-NAME-LENGTH a name of 256 characters or more is rejected with 400',
  nameType: 'V2-NAME-TYPE a name that is not a string is rejected with 400',
  tenantLength: 'V2-TENANT-ID-LENGTH a tenant_id of 256 characters or more is rejected with 400',
  tenantType: 'V2-TENANT-ID-TYPE a tenant_id that is not a string is rejected with 400',
  adminStateType: 'V2-ADMIN-STATE-TYPE an admin_state_up that is not a JSON boolean is rejected with 400',
  addressFormat:
    'V2-ADDRESS-FORMAT an address that is no IP address, longer than 64 characters or not a string is rejected with 400',
  addressIpv6:
    'V2-ADDRESS-FORMAT an IPv6 address is rejected with 400 under huawei ("Only IPv4 subnets"), accepted under octavia',
  addressInSubnet:
    'V2-ADDRESS-IN-SUBNET an IPv4 address outside the subnet of subnet_id is rejected with 400',
  subnetUnknown: 'V2-SUBNET-UNKNOWN a subnet_id that names no subnet is a client error',
  bodyMalformed: 'V2-BODY-MALFORMED a body that is not JSON, not an object or has no member object gets 400',
  bodyTooLarge: 'V2-BODY-TOO-LARGE a body over 1 MiB is refused with a 4xx and nothing is stored',
  contentType: 'V2-CONTENT-TYPE every answer with a body is labelled application/json',
  errorBody: 'V2-ERROR-BODY every error answer is a JSON object with a non-empty message',
};

const V3 = {
  filterMatch: 'V3-FILTER-MATCH each filter returns exactly the members whose field equals the value',
  filterRepeated: 'V3-FILTER-REPEATED a repeated filter parameter matches any of its values',
  filterCombined: 'V3-FILTER-COMBINED different filter parameters must all match',
  filterPaginated: 'V3-FILTER-PAGINATED a filtered walk visits exactly the filtered listing',
  walkForward: 'V3-WALK-FORWARD walking forward visits every member exactly once and ends',
  stableOrder: 'V3-STABLE-ORDER the order is the same from one request to the next, paged or not',
  pageInfo: 'V3-PAGE-INFO page_info counts the page and names its first and last member',
  walkBackward: 'V3-WALK-BACKWARD walking back with page_reverse gives the same pages in reverse',
  markerContinuity: 'V3-MARKER-CONTINUITY a page starts right after its marker',
  limitIn: 'V3-LIMIT-RANGE every limit from 0 to 2000 is accepted',
  limitOut: 'V3-LIMIT-RANGE a limit outside 0..2000 or not an integer answers 400',
  markerEmpty: 'V3-MARKER-INVALID an empty marker answers 400 when limit is given',
  markerUnknown: 'V3-MARKER-INVALID an id no member has answers 400 when limit is given',
  markerOtherPool: 'V3-MARKER-INVALID the id of a member of another pool answers 400 when limit is given',
  markerWithoutLimit: 'V3-MARKER-WITHOUT-LIMIT a valid marker without limit gives the same listing as none',
  listShape: 'V3-LIST-SHAPE a listing of members of every kind has the documented shape',
  ipVersion4: 'V3-IP-VERSION ip_version is v4 for IPv4 members',
  ipVersion6: 'V3-IP-VERSION ip_version is v6 for IPv6 members',
  poolIsolation: "V3-POOL-ISOLATION a pool's listing never shows another pool's members",
  poolUnknown: 'V3-POOL-UNKNOWN a pool that does not exist answers 404',
  authMissing: 'V3-AUTH a listing without X-Auth-Token answers 401',
  authWrong: 'V3-AUTH a listing with a wrong X-Auth-Token answers 401',
  contentType: 'V3-CONTENT-TYPE every answer with a body is labelled application/json',
  errorBody: 'V3-ERROR-BODY every error answer is {error_msg, error_code, request_id}',
};

/** A bug in matching one filter value also breaks the filters that repeat or combine values drawn at random. */
function filterCollateral(how: string): Record<string, string> {
  return {
    'V3-FILTER-REPEATED': `a repeated filter may draw ${how}`,
    'V3-FILTER-COMBINED': `a combined filter may draw ${how}`,
    'V3-FILTER-PAGINATED': `a filtered walk may draw ${how}`,
  };
}

/** Every check whose examples walk pages of four members with limit 1 or 2 (tests/v3/pagination.spec.ts). */
const WALKS = ['V3-WALK-FORWARD', 'V3-STABLE-ORDER', 'V3-PAGE-INFO', 'V3-WALK-BACKWARD'];
const WALK_TESTS = [V3.walkForward, V3.stableOrder, V3.pageInfo, V3.walkBackward];

/** A page that starts in the wrong place: every walk, the marker check and the filtered walk (limit 1). */
const WRONG_PAGE_START: FaultVerdict = {
  fails: [...WALK_TESTS, V3.markerContinuity, V3.filterPaginated],
  catches: [...WALKS, 'V3-MARKER-CONTINUITY', 'V3-FILTER-PAGINATED'],
};

export const FAULT_VERDICTS: Record<string, FaultVerdict> = {
  // v2.0: weight
  'weight-upper-off-by-one': { fails: [V2.weightOut], catches: ['V2-WEIGHT-RANGE'] },
  'weight-zero-rejected': {
    fails: [V2.weightIn, V2.createEcho, V2.createReadback],
    catches: ['V2-WEIGHT-RANGE', 'V2-CREATE-ECHO', 'V2-CREATE-READBACK'],
    collateral: {
      'V2-DUPLICATE-REJECTED':
        'the duplicate may draw weight 0, refused with 400 before it is judged a duplicate',
    },
  },
  'weight-string-coerced': { fails: [V2.weightType], catches: ['V2-WEIGHT-TYPE'] },
  'weight-fraction-truncated': { fails: [V2.weightType], catches: ['V2-WEIGHT-TYPE'] },
  'weight-null-defaulted': { fails: [V2.weightType], catches: ['V2-WEIGHT-TYPE'] },
  'weight-default-zero': { fails: [V2.createDefaults], catches: ['V2-CREATE-DEFAULTS'] },
  // v2.0: protocol_port
  'port-upper-off-by-one': { fails: [V2.portOut], catches: ['V2-PORT-RANGE'] },
  'port-upper-rejected': { fails: [V2.portIn], catches: ['V2-PORT-RANGE'] },
  'port-zero-accepted': { fails: [V2.portOut], catches: ['V2-PORT-RANGE'] },
  'port-string-coerced': { fails: [V2.portType], catches: ['V2-PORT-TYPE'] },
  'port-missing-defaulted': { fails: [V2.requiredFields], catches: ['V2-REQUIRED-FIELDS'] },
  // v2.0: name, tenant_id, admin_state_up
  'name-length-off-by-one': { fails: [V2.nameOut], catches: ['V2-NAME-LENGTH'] },
  'name-length-max-rejected': {
    // the read-back example sends a name of 255 characters
    fails: [V2.nameIn, V2.createReadback],
    catches: ['V2-NAME-LENGTH', 'V2-CREATE-READBACK'],
    collateral: { 'V2-CREATE-ECHO': 'its random names reach 255 characters on most seeds' },
  },
  'name-number-stringified': { fails: [V2.nameType], catches: ['V2-NAME-TYPE'] },
  // the omitted name comes back null, which the contract check of every create response reports
  'name-default-null': { fails: [V2.createDefaults], catches: ['V2-CREATE-RESPONSE'] },
  'tenant-id-length-unchecked': { fails: [V2.tenantLength], catches: ['V2-TENANT-ID-LENGTH'] },
  'tenant-id-falsy-defaulted': { fails: [V2.tenantType], catches: ['V2-TENANT-ID-TYPE'] },
  'admin-state-string-coerced': { fails: [V2.adminStateType], catches: ['V2-ADMIN-STATE-TYPE'] },
  'admin-state-default-false': { fails: [V2.createDefaults], catches: ['V2-CREATE-DEFAULTS'] },
  // v2.0: address and subnet
  'address-ipv6-accepted': { fails: [V2.addressIpv6], catches: ['V2-ADDRESS-FORMAT'] },
  // an address that is never parsed is never placed in the subnet either
  'address-unvalidated': {
    fails: [V2.addressFormat, V2.addressIpv6, V2.addressInSubnet],
    catches: ['V2-ADDRESS-FORMAT', 'V2-ADDRESS-IN-SUBNET'],
  },
  'address-subnet-unchecked': { fails: [V2.addressInSubnet], catches: ['V2-ADDRESS-IN-SUBNET'] },
  'address-length-unchecked': { fails: [V2.addressFormat], catches: ['V2-ADDRESS-FORMAT'] },
  'subnet-missing-accepted': { fails: [V2.requiredFields], catches: ['V2-REQUIRED-FIELDS'] },
  'subnet-unknown-accepted': { fails: [V2.subnetUnknown], catches: ['V2-SUBNET-UNKNOWN'] },
  // v2.0: uniqueness
  'duplicate-unchecked': {
    fails: [V2.duplicateRejected, V2.duplicateConcurrent],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
  },
  'duplicate-race': {
    fails: [V2.duplicateConcurrent],
    catches: ['V2-DUPLICATE-CONCURRENT'],
    byChance:
      'a race: each run of the property sends 8 creates at once, and the server waits 20 ms between check ' +
      'and insert; a run where no two of them overlap is not to be expected',
  },
  'duplicate-wrong-status': {
    fails: [V2.duplicateRejected, V2.duplicateConcurrent],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
  },
  'duplicate-address-only': { fails: [V2.scopeOtherPort], catches: ['V2-DUPLICATE-SCOPE'] },
  // The allocator hands out one port across many addresses, so the form check's 409 probe puts its first
  // member on the port of the 201 probe's member, still stored: refused for good, it is never created.
  'duplicate-port-only': {
    fails: [V2.scopeOtherAddress, V2.contentType],
    catches: ['V2-DUPLICATE-SCOPE', 'V2-CONTENT-TYPE'],
  },
  'duplicate-across-pools': { fails: [V2.scopeOtherPool], catches: ['V2-DUPLICATE-SCOPE'] },
  'duplicate-stored-anyway': {
    fails: [V2.duplicateRejected, V2.duplicateConcurrent],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
  },
  // A busy load balancer (src/http/settle.ts): a duplicate never judged is no rejection, and a write refused
  // for ever is waited on only until CONFORMANCE_SETTLE_TIMEOUT. The form checks' 409 probes are duplicates.
  'duplicate-answers-busy': {
    fails: [V2.duplicateRejected, V2.duplicateConcurrent, V2.contentType, V2.errorBody],
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT', 'V2-CONTENT-TYPE', 'V2-ERROR-BODY'],
  },
  'other-pool-stuck-busy': { fails: [V2.scopeOtherPool], catches: ['V2-DUPLICATE-SCOPE'] },
  // v2.0: the success answer (the contract check of every create reports it, under V2-CREATE-RESPONSE)
  'create-status-200': { fails: [V2.createResponse], catches: ['V2-CREATE-RESPONSE'] },
  'create-unwrapped': { fails: [V2.createResponse], catches: ['V2-CREATE-RESPONSE'] },
  'create-missing-operating-status': { fails: [V2.createResponse], catches: ['V2-CREATE-RESPONSE'] },
  'echo-weight-default': {
    fails: [V2.createEcho, V2.createReadback],
    catches: ['V2-CREATE-ECHO', 'V2-CREATE-READBACK'],
  },
  'readback-name-dropped': { fails: [V2.createReadback], catches: ['V2-CREATE-READBACK'] },
  // v2.0: bodies, pool, auth, form
  'malformed-json-500': { fails: [V2.bodyMalformed], catches: ['V2-BODY-MALFORMED'] },
  'non-object-500': { fails: [V2.bodyMalformed], catches: ['V2-BODY-MALFORMED'] },
  'unwrapped-body-accepted': { fails: [V2.bodyMalformed], catches: ['V2-BODY-MALFORMED'] },
  'body-limit-missing': { fails: [V2.bodyTooLarge], catches: ['V2-BODY-TOO-LARGE'] },
  'unknown-pool-500': { fails: [V2.poolUnknown], catches: ['V2-POOL-UNKNOWN'] },
  'auth-missing-accepted': { fails: [V2.authMissing], catches: ['V2-AUTH'] },
  'auth-any-token': { fails: [V2.authWrong], catches: ['V2-AUTH'] },
  'v2-error-text-plain': { fails: [V2.contentType], catches: ['V2-CONTENT-TYPE'] },
  'v2-error-empty-message': { fails: [V2.errorBody], catches: ['V2-ERROR-BODY'] },
  'v2-success-content-type-html': { fails: [V2.contentType], catches: ['V2-CONTENT-TYPE'] },
  // both APIs: a delete that keeps the member breaks no rule; the run names what it left and exits 1
  'delete-noop': { fails: [], catches: [] },
  // v3: limit and marker
  'v3-limit-upper-off-by-one': { fails: [V3.limitOut], catches: ['V3-LIMIT-RANGE'] },
  // the isolation check also lists each pool with limit 2000
  'v3-limit-max-rejected': {
    fails: [V3.limitIn, V3.poolIsolation],
    catches: ['V3-LIMIT-RANGE', 'V3-POOL-ISOLATION'],
  },
  'v3-limit-negative-accepted': { fails: [V3.limitOut], catches: ['V3-LIMIT-RANGE'] },
  'v3-limit-lenient-parse': { fails: [V3.limitOut], catches: ['V3-LIMIT-RANGE'] },
  // a member of another pool is unknown in this one, so it is ignored too
  'v3-marker-unknown-ignored': {
    fails: [V3.markerUnknown, V3.markerOtherPool],
    catches: ['V3-MARKER-INVALID'],
  },
  'v3-marker-empty-ignored': { fails: [V3.markerEmpty], catches: ['V3-MARKER-INVALID'] },
  'v3-marker-cross-pool': { fails: [V3.markerOtherPool], catches: ['V3-MARKER-INVALID'] },
  'v3-marker-without-limit-applied': { fails: [V3.markerWithoutLimit], catches: ['V3-MARKER-WITHOUT-LIMIT'] },
  // v3: pages and walks
  'v3-page-includes-marker': WRONG_PAGE_START,
  'v3-page-skips-one': WRONG_PAGE_START,
  'v3-next-marker-on-last-page': { fails: [V3.pageInfo], catches: ['V3-PAGE-INFO'] },
  'v3-current-count-total': { fails: [V3.pageInfo], catches: ['V3-PAGE-INFO'] },
  // a backward walk starts from the previous_marker of the last forward page
  'v3-previous-marker-last': {
    fails: [V3.pageInfo, V3.walkBackward],
    catches: ['V3-PAGE-INFO', 'V3-WALK-BACKWARD'],
  },
  'v3-reverse-page-reversed': { fails: [V3.walkBackward], catches: ['V3-WALK-BACKWARD'] },
  'v3-reverse-ignored': { fails: [V3.walkBackward], catches: ['V3-WALK-BACKWARD'] },
  'v3-unstable-order': {
    fails: [V3.stableOrder],
    catches: ['V3-STABLE-ORDER'],
    byChance:
      'each request shuffles anew; each of three examples of four members compares two listings (equal ' +
      'by chance 1 in 24) and then a paged walk with one of them',
    collateral: {
      'V3-WALK-FORWARD': 'pages cut from differently shuffled listings repeat and miss members',
      'V3-PAGE-INFO': 'next_marker names a member that a shuffled next listing may put last',
      'V3-WALK-BACKWARD': 'the backward pages are cut from other shuffles than the forward ones',
      'V3-MARKER-CONTINUITY': 'the member after the marker differs from one shuffle to the next',
      'V3-MARKER-WITHOUT-LIMIT': 'the listing with a marker and the one without are shuffled apart',
      'V3-FILTER-PAGINATED': 'a filtered walk pages through differently shuffled listings',
    },
  },
  // v3: filters
  'v3-filter-last-value-wins': {
    fails: [V3.filterRepeated],
    catches: ['V3-FILTER-REPEATED'],
    collateral: {
      'V3-FILTER-COMBINED': 'a combined filter may give one of its parameters two values',
      'V3-FILTER-PAGINATED': 'a filtered walk may give its parameter two values',
    },
  },
  'v3-filter-params-ored': {
    fails: [V3.filterCombined],
    catches: ['V3-FILTER-COMBINED'],
    collateral: { 'V3-FILTER-PAGINATED': 'a filtered walk may combine two parameters' },
  },
  'v3-filter-prefix-match': {
    fails: [V3.filterMatch],
    catches: ['V3-FILTER-MATCH'],
    collateral: filterCollateral('a prefix of a name or address among its values'),
  },
  'v3-filter-case-insensitive': {
    fails: [V3.filterMatch],
    catches: ['V3-FILTER-MATCH'],
    collateral: filterCollateral('a name in the other case among its values'),
  },
  'v3-filter-ignores-member-type': {
    fails: [V3.filterMatch],
    catches: ['V3-FILTER-MATCH'],
    collateral: filterCollateral('member_type as one of its parameters'),
  },
  'v3-filter-after-pagination': {
    fails: [V3.filterPaginated],
    catches: ['V3-FILTER-PAGINATED'],
    byChance:
      "the two examples (limit 1, filtered on the first member's ip_version, then member_type) both pass " +
      'when the pool happens to list its members as ip, v4, v4, v6; the random walks catch it then',
  },
  // v3: pool, access, form (a form fault is reported by the contract check of every listing, under its own id)
  'v3-pool-leak': { fails: [V3.poolIsolation], catches: ['V3-POOL-ISOLATION'] },
  'v3-unknown-pool-empty': { fails: [V3.poolUnknown], catches: ['V3-POOL-UNKNOWN'] },
  'v3-auth-missing-accepted': { fails: [V3.authMissing], catches: ['V3-AUTH'] },
  'v3-auth-any-token': { fails: [V3.authWrong], catches: ['V3-AUTH'] },
  'v3-ip-version-always-v4': { fails: [V3.ipVersion6], catches: ['V3-IP-VERSION'] },
  'v3-ip-version-swapped': { fails: [V3.ipVersion4, V3.ipVersion6], catches: ['V3-IP-VERSION'] },
  'v3-member-missing-project-id': { fails: [V3.listShape], catches: ['V3-LIST-SHAPE'] },
  'v3-timestamp-millis': { fails: [V3.listShape], catches: ['V3-LIST-SHAPE'] },
  'v3-operating-status-lowercase': { fails: [V3.listShape], catches: ['V3-LIST-SHAPE'] },
  'v3-error-neutron-shape': { fails: [V3.errorBody], catches: ['V3-ERROR-BODY'] },
  'v3-request-id-missing': { fails: [V3.listShape], catches: ['V3-LIST-SHAPE'] },
  'v3-content-type-text': { fails: [V3.contentType], catches: ['V3-CONTENT-TYPE'] },
};
