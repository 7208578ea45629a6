import type { ContractViolation } from '../contract/validator';

/**
 * Which requirement a contract violation breaks. A status the contract does not list is the verdict of the
 * test that sent the request, so it names no requirement of its own (the test's requirement applies).
 */
const RESPONSE_REQUIREMENTS: Record<string, { success: string; error: string; contentType: string }> = {
  createMemberV2: { success: 'V2-CREATE-RESPONSE', error: 'V2-ERROR-BODY', contentType: 'V2-CONTENT-TYPE' },
  showMemberV2: { success: 'V2-CREATE-READBACK', error: 'V2-ERROR-BODY', contentType: 'V2-CONTENT-TYPE' },
  listMembersV2: { success: 'V2-CREATE-READBACK', error: 'V2-ERROR-BODY', contentType: 'V2-CONTENT-TYPE' },
  deleteMemberV2: { success: 'V2-CREATE-READBACK', error: 'V2-ERROR-BODY', contentType: 'V2-CONTENT-TYPE' },
  // The v3 helper endpoints answer with the same Member as the listing (docs/vendor/v3-query-backend-servers.txt:317-469).
  listMembersV3: { success: 'V3-LIST-SHAPE', error: 'V3-ERROR-BODY', contentType: 'V3-CONTENT-TYPE' },
  createMemberV3: { success: 'V3-LIST-SHAPE', error: 'V3-ERROR-BODY', contentType: 'V3-CONTENT-TYPE' },
  showMemberV3: { success: 'V3-LIST-SHAPE', error: 'V3-ERROR-BODY', contentType: 'V3-CONTENT-TYPE' },
  deleteMemberV3: { success: 'V3-LIST-SHAPE', error: 'V3-ERROR-BODY', contentType: 'V3-CONTENT-TYPE' },
};

export function requirementForViolation(
  operationId: string,
  violation: ContractViolation,
): string | undefined {
  const rules = RESPONSE_REQUIREMENTS[operationId];
  if (!rules) return undefined;
  if (violation.kind === 'status') return violation.status < 300 ? rules.success : undefined;
  if (violation.kind === 'content-type') return rules.contentType;
  return violation.status < 400 ? rules.success : rules.error;
}

export function successRequirement(operationId: string): string | undefined {
  return RESPONSE_REQUIREMENTS[operationId]?.success;
}
