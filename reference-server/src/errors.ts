import { randomUUID } from 'node:crypto';
import type { ChoiceSet } from './choices';

/** An error body for a status and a message. */
export type ErrorBody = (status: number, message: string) => Record<string, unknown>;

const NEUTRON_TYPES: Readonly<Record<number, string>> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  500: 'HTTPInternalServerError',
};

/** Neutron LBaaS: the v2.0 default. */
export const neutronErrorBody: ErrorBody = (status, message) => ({
  NeutronError: { message, type: NEUTRON_TYPES[status] ?? 'HTTPError', detail: '' },
});

const NATIVE_CODES: Readonly<Record<number, string>> = { 400: 'ELB.8902', 404: 'ELB.8904', 409: 'ELB.8907' };

/** The vendor's native form: always on v3, on v2.0 with the v2-error-native-shape choice. */
export const nativeErrorBody: ErrorBody = (status, message) => ({
  error_msg: message,
  error_code: NATIVE_CODES[status] ?? 'ELB.1001',
  request_id: randomUUID(),
});

/** OpenStack Octavia (WSME). */
export const octaviaErrorBody: ErrorBody = (status, message) => ({
  faultcode: status < 500 ? 'Client' : 'Server',
  faultstring: message,
  debuginfo: null,
});

/** The v2.0 error shape the choices ask for; native wins when both alternatives are on. */
export function v2ErrorBody(choices: ChoiceSet): ErrorBody {
  if (choices.has('v2-error-native-shape')) return nativeErrorBody;
  if (choices.has('v2-error-octavia-shape')) return octaviaErrorBody;
  return neutronErrorBody;
}
