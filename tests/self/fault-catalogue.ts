/**
 * What the conformance suite must report for each fault mode of the reference server: the requirement(s)
 * that catch it (must fail on every run, whatever the seed) and, where the bug honestly breaks more than its
 * own rule, the requirements that may fail with it (collateral). A fault that catches none is caught by the
 * members it leaves behind (the report's leftovers).
 */
export interface FaultVerdict {
  catches: string[];
  collateral?: string[];
}

/** A bug in matching one value also breaks, on some seeds, the filters that combine or repeat values. */
const FILTERS = ['V3-FILTER-COMBINED', 'V3-FILTER-REPEATED', 'V3-FILTER-PAGINATED'];

/** A bug in paging breaks every check that walks pages. */
const WALKS = [
  'V3-WALK-FORWARD',
  'V3-WALK-BACKWARD',
  'V3-PAGE-INFO',
  'V3-STABLE-ORDER',
  'V3-MARKER-CONTINUITY',
  'V3-FILTER-PAGINATED',
];

export const FAULT_VERDICTS: Record<string, FaultVerdict> = {
  // v2.0: weight
  'weight-upper-off-by-one': { catches: ['V2-WEIGHT-RANGE'] },
  'weight-zero-rejected': {
    catches: ['V2-WEIGHT-RANGE', 'V2-CREATE-ECHO', 'V2-CREATE-READBACK'],
    collateral: ['V2-DUPLICATE-REJECTED'],
  },
  'weight-string-coerced': { catches: ['V2-WEIGHT-TYPE'] },
  'weight-fraction-truncated': { catches: ['V2-WEIGHT-TYPE'] },
  'weight-null-defaulted': { catches: ['V2-WEIGHT-TYPE'] },
  'weight-default-zero': { catches: ['V2-CREATE-DEFAULTS'] },
  // v2.0: protocol_port
  'port-upper-off-by-one': { catches: ['V2-PORT-RANGE'] },
  'port-zero-accepted': { catches: ['V2-PORT-RANGE'] },
  'port-string-coerced': { catches: ['V2-PORT-TYPE'] },
  'port-missing-defaulted': { catches: ['V2-REQUIRED-FIELDS'] },
  // v2.0: name, tenant_id, admin_state_up
  'name-length-off-by-one': { catches: ['V2-NAME-LENGTH'] },
  'name-number-stringified': { catches: ['V2-NAME-TYPE'] },
  'name-default-null': { catches: ['V2-CREATE-RESPONSE'] },
  'tenant-id-length-unchecked': { catches: ['V2-TENANT-ID-LENGTH'] },
  'admin-state-string-coerced': { catches: ['V2-ADMIN-STATE-TYPE'] },
  'admin-state-default-false': { catches: ['V2-CREATE-DEFAULTS'] },
  // v2.0: address and subnet
  'address-ipv6-accepted': { catches: ['V2-ADDRESS-FORMAT'] },
  'address-unvalidated': { catches: ['V2-ADDRESS-FORMAT'], collateral: ['V2-ADDRESS-IN-SUBNET'] },
  'address-subnet-unchecked': { catches: ['V2-ADDRESS-IN-SUBNET'] },
  'address-length-unchecked': { catches: ['V2-ADDRESS-FORMAT'] },
  'subnet-missing-accepted': { catches: ['V2-REQUIRED-FIELDS'] },
  'subnet-unknown-accepted': { catches: ['V2-SUBNET-UNKNOWN'] },
  // v2.0: uniqueness
  'duplicate-unchecked': { catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'] },
  'duplicate-race': { catches: ['V2-DUPLICATE-CONCURRENT'] },
  'duplicate-wrong-status': { catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'] },
  'duplicate-address-only': { catches: ['V2-DUPLICATE-SCOPE'] },
  'duplicate-across-pools': { catches: ['V2-DUPLICATE-SCOPE'] },
  'duplicate-stored-anyway': { catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'] },
  // v2.0: a busy load balancer (src/http/settle.ts): a duplicate never judged is no rejection, and a write
  // refused for ever is waited on only until CONFORMANCE_SETTLE_TIMEOUT. The form checks send a duplicate too.
  'duplicate-answers-busy': {
    catches: ['V2-DUPLICATE-REJECTED', 'V2-DUPLICATE-CONCURRENT'],
    collateral: ['V2-CONTENT-TYPE', 'V2-ERROR-BODY'],
  },
  'other-pool-stuck-busy': { catches: ['V2-DUPLICATE-SCOPE'] },
  // v2.0: the success answer
  'create-status-200': { catches: ['V2-CREATE-RESPONSE'] },
  'create-unwrapped': { catches: ['V2-CREATE-RESPONSE'] },
  'create-missing-operating-status': { catches: ['V2-CREATE-RESPONSE'] },
  'echo-weight-default': { catches: ['V2-CREATE-ECHO', 'V2-CREATE-READBACK'] },
  'readback-name-dropped': { catches: ['V2-CREATE-READBACK'] },
  // v2.0: bodies, pool, auth, form
  'malformed-json-500': { catches: ['V2-BODY-MALFORMED'] },
  'non-object-500': { catches: ['V2-BODY-MALFORMED'] },
  'unwrapped-body-accepted': { catches: ['V2-BODY-MALFORMED'] },
  'body-limit-missing': { catches: ['V2-BODY-TOO-LARGE'] },
  'unknown-pool-500': { catches: ['V2-POOL-UNKNOWN'] },
  'auth-missing-accepted': { catches: ['V2-AUTH'] },
  'auth-any-token': { catches: ['V2-AUTH'] },
  'v2-error-text-plain': { catches: ['V2-CONTENT-TYPE'] },
  'v2-error-empty-message': { catches: ['V2-ERROR-BODY'] },
  'v2-success-content-type-html': { catches: ['V2-CONTENT-TYPE'] },
  // both APIs: a delete that keeps the member breaks no requirement; the run names what it left and exits 1
  'delete-noop': { catches: [] },
  // v3: limit and marker
  'v3-limit-upper-off-by-one': { catches: ['V3-LIMIT-RANGE'] },
  'v3-limit-negative-accepted': { catches: ['V3-LIMIT-RANGE'] },
  'v3-limit-lenient-parse': { catches: ['V3-LIMIT-RANGE'] },
  'v3-marker-unknown-ignored': { catches: ['V3-MARKER-INVALID'] },
  'v3-marker-empty-ignored': { catches: ['V3-MARKER-INVALID'] },
  'v3-marker-cross-pool': { catches: ['V3-MARKER-INVALID'] },
  'v3-marker-without-limit-applied': { catches: ['V3-MARKER-WITHOUT-LIMIT'] },
  // v3: pages and walks
  'v3-page-includes-marker': { catches: ['V3-WALK-FORWARD', 'V3-MARKER-CONTINUITY'], collateral: WALKS },
  'v3-page-skips-one': { catches: ['V3-WALK-FORWARD', 'V3-MARKER-CONTINUITY'], collateral: WALKS },
  'v3-next-marker-on-last-page': { catches: ['V3-PAGE-INFO'] },
  'v3-current-count-total': { catches: ['V3-PAGE-INFO'] },
  'v3-previous-marker-last': { catches: ['V3-PAGE-INFO'], collateral: ['V3-WALK-BACKWARD'] },
  'v3-reverse-page-reversed': { catches: ['V3-WALK-BACKWARD'] },
  'v3-reverse-ignored': { catches: ['V3-WALK-BACKWARD'] },
  'v3-unstable-order': { catches: ['V3-STABLE-ORDER'], collateral: [...WALKS, 'V3-MARKER-WITHOUT-LIMIT'] },
  // v3: filters
  'v3-filter-last-value-wins': {
    catches: ['V3-FILTER-REPEATED'],
    collateral: ['V3-FILTER-COMBINED', 'V3-FILTER-PAGINATED'],
  },
  'v3-filter-params-ored': { catches: ['V3-FILTER-COMBINED'], collateral: ['V3-FILTER-PAGINATED'] },
  'v3-filter-prefix-match': { catches: ['V3-FILTER-MATCH'], collateral: FILTERS },
  'v3-filter-case-insensitive': { catches: ['V3-FILTER-MATCH'], collateral: FILTERS },
  'v3-filter-ignores-member-type': { catches: ['V3-FILTER-MATCH'], collateral: FILTERS },
  'v3-filter-after-pagination': { catches: ['V3-FILTER-PAGINATED'] },
  // v3: pool, access, form
  'v3-pool-leak': { catches: ['V3-POOL-ISOLATION'] },
  'v3-unknown-pool-empty': { catches: ['V3-POOL-UNKNOWN'] },
  'v3-auth-missing-accepted': { catches: ['V3-AUTH'] },
  'v3-ip-version-always-v4': { catches: ['V3-IP-VERSION'] },
  'v3-member-missing-project-id': { catches: ['V3-LIST-SHAPE'] },
  'v3-timestamp-millis': { catches: ['V3-LIST-SHAPE'] },
  'v3-operating-status-lowercase': { catches: ['V3-LIST-SHAPE'] },
  'v3-error-neutron-shape': { catches: ['V3-ERROR-BODY'] },
  'v3-request-id-missing': { catches: ['V3-LIST-SHAPE'] },
  'v3-content-type-text': { catches: ['V3-CONTENT-TYPE'] },
};
