import { randomUUID } from 'node:crypto';

/** An error body for a status and a message. */
export type ErrorBody = (status: number, message: string) => Record<string, unknown>;

// Stryker disable all: NeutronError's type and detail are free: docs/readings.md §1 "Error bodies" asks only for a non-empty message (docs/mutation.md)
const NEUTRON_TYPES: Readonly<Record<number, string>> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  422: 'HTTPUnprocessableEntity',
  500: 'HTTPInternalServerError',
};

// Stryker restore all

/** Neutron LBaaS: the v2.0 default. */
export const neutronErrorBody: ErrorBody = (status, message) => ({
  // Stryker disable next-line StringLiteral,LogicalOperator: NeutronError's type and detail are free: docs/readings.md §1 "Error bodies" asks only for a non-empty message (docs/mutation.md)
  NeutronError: { message, type: NEUTRON_TYPES[status] ?? 'HTTPError', detail: '' },
});

// Stryker disable next-line ObjectLiteral: any non-empty error_code conforms, docs/readings.md §1 "Error bodies" (docs/mutation.md)
const NATIVE_CODES: Readonly<Record<number, string>> = {
  400: 'ELB.8902',
  404: 'ELB.8904',
  409: 'ELB.8907',
  // Stryker disable next-line StringLiteral: a 422 is the v3-paging-422 and v2-invalid-member-422 choices' only (docs/mutation.md)
  422: 'ELB.8902',
};

/** The vendor's native form: always on v3, on v2.0 with the v2-error-native-shape choice. */
export const nativeErrorBody: ErrorBody = (status, message) => ({
  error_msg: message,
  error_code: NATIVE_CODES[status] ?? 'ELB.1001',
  request_id: randomUUID(),
});
