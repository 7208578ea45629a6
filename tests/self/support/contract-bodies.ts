/**
 * Bodies for the contract's own tests: correct ones built from the vendor pages' examples, patched into wrong
 * ones, and the checks that run them through the contract (src/contract).
 */
import {
  loadContract,
  validateResponse,
  type ContractViolation,
  type ResponseToCheck,
} from '../../../src/contract';

export type Fields = Record<string, unknown>;

export const JSON_TYPE = 'application/json';

/** `base` with `patch` applied; a patch value of undefined removes the field. */
export function patched(base: Fields, patch: Fields = {}): Fields {
  const result: Fields = { ...base, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete result[key];
  return result;
}

export function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: not an object`);
  return value as Fields;
}

/** A response as the HTTP layer hands it over: raw text (a non-string body is sent as JSON). */
export function response(
  operationId: string,
  status: number,
  contentType?: string,
  body?: unknown,
): ResponseToCheck {
  return { operationId, status, contentType, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Checks a JSON body, sent as its JSON text. */
export async function check(
  operationId: string,
  status: number,
  body: unknown,
): Promise<ContractViolation[]> {
  const checked = { ...response(operationId, status, JSON_TYPE), body: JSON.stringify(body) };
  return validateResponse(await loadContract(), checked);
}

export function summary(violations: readonly ContractViolation[]): string[] {
  return violations.map((v) => `${v.kind} ${v.pointer ?? ''} ${v.keyword ?? ''}: ${v.message}`);
}

export const long = (length: number) => 'x'.repeat(length);

// ---------------------------------------------------------------------------------------------------------
// Correct bodies, built from the vendor pages' examples, and patched into wrong ones.

export const v2Member: Fields = {
  id: 'c0042496-e220-44f6-914b-e6ca33bab503',
  tenant_id: '145483a5107745e9b3d80f956713e6a3',
  name: 'member-jy-tt-1',
  address: '192.168.44.11',
  protocol_port: 88,
  subnet_id: '33d8b01a-bbe6-41f4-bc45-78a1d284d503',
  admin_state_up: true,
  weight: 1,
  operating_status: 'ONLINE',
};
export const v2 = (patch?: Fields) => ({ member: patched(v2Member, patch) });
export const v2Link = { rel: 'next', href: '/v2.0/lbaas/pools/p/members?limit=1&marker=m' };
export const v2List = (patch?: Fields, listPatch?: Fields) =>
  patched({ members: [patched(v2Member, patch)], members_links: [v2Link] }, listPatch);

export const v3Member: Fields = {
  name: 'quark-neutron',
  weight: 100,
  admin_state_up: false,
  subnet_cidr_id: 'c09f620e-3492-4429-ac15-445d5dd9ca74',
  project_id: '99a3fff0d03c428eac3678da6a7d0f24',
  address: '120.10.10.2',
  protocol_port: 2100,
  id: '0aa23a52-1ac2-4a2d-8dfa-1e11cb26079d',
  operating_status: 'NO_MONITOR',
  ip_version: 'v4',
};
export const requestId = '87e29592-7ab8-401a-9bf4-66cf6747eab9';
export const pageInfo = { previous_marker: v3Member['id'], current_count: 1 };
export const v3List = (patch?: Fields, listPatch?: Fields) =>
  patched({ members: [patched(v3Member, patch)], page_info: pageInfo, request_id: requestId }, listPatch);
export const v3 = (patch?: Fields, envelopePatch?: Fields) =>
  patched({ member: patched(v3Member, patch), request_id: requestId }, envelopePatch);

export const neutronError = (message: string) => ({
  NeutronError: { type: 'HTTPBadRequest', message, detail: '' },
});
export const v3Error = (patch?: Fields) =>
  patched({ error_msg: 'Invalid input for limit.', error_code: 'ELB.8902', request_id: requestId }, patch);
