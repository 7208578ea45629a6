import { expect } from '@playwright/test';
import type { ErrorBody, Reply } from './reference-client';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A v2.0 error in the reference server's default shape. */
export function expectNeutronError(reply: Reply<ErrorBody>, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.body.NeutronError?.message).toBeTruthy();
  expect(reply.body.NeutronError?.type).toBeTruthy();
}

export function expectV3Error(reply: Reply<ErrorBody>, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body.error_msg).toBeTruthy();
  expect(reply.body.error_code).toBe(code);
  expect(reply.body.request_id).toMatch(UUID);
}
