/**
 * The titles of the conformance tests (tests/v2, tests/v3) as `playwright test --list` shows them, requirement
 * id first: what the rows of the fault table name in `fails`.
 */
export const V2_TESTS = {
  poolUnknown:
    'V2-POOL-UNKNOWN a create in a pool that does not exist is refused with a 4xx (404 under octavia)',
  authMissing: 'V2-AUTH a create without X-Auth-Token is refused with a 4xx and stores nothing',
  authWrong: 'V2-AUTH a create with a wrong X-Auth-Token is refused with a 4xx and stores nothing',
  createResponse:
    'V2-CREATE-RESPONSE the vendor example request answers a success with the member wrapper and every response field',
  createEcho: 'V2-CREATE-ECHO every field sent comes back unchanged in the answer to the create',
  createReadback: 'V2-CREATE-READBACK a read of the new member returns what the create answered',
  createDefaults: 'V2-CREATE-DEFAULTS omitted weight, admin_state_up and name become 1, true and ""',
  duplicateRejected:
    'V2-DUPLICATE-REJECTED a second member on the same address and port is refused with a 4xx and is not stored',
  scopeOtherPort: 'V2-DUPLICATE-SCOPE the same address on another port is accepted',
  scopeOtherAddress: 'V2-DUPLICATE-SCOPE the same port on another address is accepted',
  scopeOtherPool: 'V2-DUPLICATE-SCOPE the same address and port in another pool is accepted',
  duplicateConcurrent: 'V2-DUPLICATE-CONCURRENT of 8 identical creates sent at once exactly one is stored',
  weightIn: "V2-WEIGHT-RANGE every integer weight of the profile's range is accepted",
  weightOut:
    "V2-WEIGHT-RANGE every integer weight outside the profile's range is rejected with a 4xx (400 under octavia)",
  weightType: 'V2-WEIGHT-TYPE a weight that is not an integer is rejected with a 4xx (400 under octavia)',
  portIn: 'V2-PORT-RANGE every protocol_port from 1 to 65535 is accepted',
  portOut:
    'V2-PORT-RANGE every integer protocol_port outside 1..65535 is rejected with a 4xx (400 under octavia)',
  portType: 'V2-PORT-TYPE a protocol_port that is not an integer is rejected with a 4xx (400 under octavia)',
  requiredFields:
    'V2-REQUIRED-FIELDS a create without one of the mandatory fields is rejected with a 4xx (400 under octavia)',
  nameIn: 'V2-NAME-LENGTH a name of 0 to 255 characters is accepted',
  nameOut: 'V2-NAME-LENGTH a name of 256 characters or more is rejected with a 4xx (400 under octavia)',
  nameType: 'V2-NAME-TYPE a name that is not a string is rejected with a 4xx (400 under octavia)',
  tenantLength: 'V2-TENANT-ID-LENGTH a tenant_id of 256 characters or more is rejected with a 4xx',
  tenantType: 'V2-TENANT-ID-TYPE a tenant_id that is not a string is rejected with a 4xx',
  adminStateType:
    'V2-ADMIN-STATE-TYPE an admin_state_up that is not a JSON boolean is rejected with a 4xx (400 under octavia)',
  addressFormat:
    'V2-ADDRESS-FORMAT an address that is no IP address, longer than 64 characters or not a string is rejected with a 4xx (400 under octavia)',
  addressIpv6:
    'V2-ADDRESS-FORMAT an IPv6 address is rejected with a 4xx under huawei ("Only IPv4 subnets"), accepted under octavia',
  addressInSubnet:
    'V2-ADDRESS-IN-SUBNET an IPv4 address outside the subnet of subnet_id is rejected with a 4xx',
  subnetUnknown: 'V2-SUBNET-UNKNOWN a subnet_id that names no subnet is a client error',
  bodyMalformed:
    'V2-BODY-MALFORMED a body that is not JSON, not an object or has no member object is refused with a 4xx (400 under octavia)',
  bodyTooLarge:
    'V2-BODY-TOO-LARGE a body over 1 MiB is refused with a 4xx and nothing is stored, or taken as any other body',
  contentType: 'V2-CONTENT-TYPE every answer with a body is labelled application/json',
  errorBody: 'V2-ERROR-BODY every error answer is a JSON object with a non-empty message',
} as const;

export const V3_TESTS = {
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
  limitOut: 'V3-LIMIT-RANGE a limit outside 0..2000 or not an integer is refused with a 4xx',
  limitEmpty: 'V3-LIMIT-RANGE an empty limit is refused or taken as no limit',
  markerEmpty: 'V3-MARKER-INVALID an empty marker is refused with a 4xx when limit is given',
  markerUnknown: 'V3-MARKER-INVALID an id no member has is refused with a 4xx when limit is given',
  markerOtherPool:
    'V3-MARKER-INVALID the id of a member of another pool is refused with a 4xx when limit is given',
  markerWithoutLimit: 'V3-MARKER-WITHOUT-LIMIT a valid marker without limit gives the same listing as none',
  listShape: 'V3-LIST-SHAPE a listing of members of every kind has the documented shape',
  ipVersion4: 'V3-IP-VERSION ip_version is v4 for IPv4 members',
  ipVersion6: 'V3-IP-VERSION ip_version is v6 for IPv6 members',
  poolIsolation: "V3-POOL-ISOLATION a pool's listing never shows another pool's members",
  poolUnknown: 'V3-POOL-UNKNOWN a pool that does not exist is refused with a 4xx',
  authMissing: 'V3-AUTH a listing without X-Auth-Token is refused with a 4xx',
  authWrong: 'V3-AUTH a listing with a wrong X-Auth-Token is refused with a 4xx',
  contentType: 'V3-CONTENT-TYPE every answer with a body is labelled application/json',
  errorBody: 'V3-ERROR-BODY every error answer is {error_msg, error_code, request_id}',
} as const;
