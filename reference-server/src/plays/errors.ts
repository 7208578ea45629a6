import { randomUUID } from 'node:crypto';
import type { ErrorBody } from '../errors';

const SYMBOLIC_CODES: Readonly<Record<number, string>> = {
  400: 'InvalidParameter',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  422: 'InvalidParameter',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/** The native form with a symbolic error_code: on v3 with the v3-error-code-symbolic choice. */
export const symbolicErrorBody: ErrorBody = (status, message) => ({
  error_msg: message,
  error_code: SYMBOLIC_CODES[status] ?? (status < 500 ? 'ClientError' : 'InternalError'),
  request_id: randomUUID(),
});

/** OpenStack Octavia (WSME): on v2.0 with the v2-error-octavia-shape choice. */
export const octaviaErrorBody: ErrorBody = (status, message) => ({
  faultcode: status < 500 ? 'Client' : 'Server',
  faultstring: message,
  debuginfo: null,
});
