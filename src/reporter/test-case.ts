/**
 * What the conformance report reads of one test as Playwright hands it to a reporter: its requirements (tags),
 * key and place, the reason it was skipped, the evidence its attempts attached and its errors.
 */
import { readFileSync } from 'node:fs';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { catalogue } from '../catalogue/requirements';
import { EVIDENCE_ATTACHMENT, EXCHANGES_ATTACHMENT, plainText, type TestEvidence } from '../evidence';
import type { Har } from '../http/har';
import { keyOf } from '../test-key';

export function requirementsOf(test: TestCase): string[] {
  const known = catalogue();
  return test.tags.map((tag) => tag.replace(/^@/, '')).filter((id) => known.has(id));
}

/** The key the test declares (src/test-key.ts); undefined for a test that declares none. */
export function testKeyOf(test: TestCase): string | undefined {
  return keyOf(test.annotations);
}

export function lastResult(test: TestCase): TestResult | undefined {
  return test.results[test.results.length - 1];
}

function relative(file: string, rootDir: string): string {
  const normalised = file.split('\\').join('/');
  const root = rootDir.split('\\').join('/').replace(/\/?$/, '/');
  return normalised.startsWith(root) ? normalised.slice(root.length) : normalised;
}

export function locationOf(test: TestCase, rootDir: string): string {
  return `${relative(test.location.file, rootDir)}:${test.location.line}`;
}

export function projectOf(test: TestCase): string {
  return test.parent.project()?.name ?? '';
}

function annotationsOf(test: TestCase, result: TestResult | undefined) {
  return [...(result?.annotations ?? []), ...test.annotations];
}

export function skipReasonOf(
  test: TestCase,
  result: TestResult | undefined,
): { kind: string; text: string } | undefined {
  const annotations = annotationsOf(test, result);
  const gate = annotations.find((a) => a.type === 'not-applicable' || a.type === 'skipped');
  if (gate) return { kind: gate.type, text: gate.description ?? '' };
  const skip = annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
  return skip ? { kind: 'skipped', text: skip.description ?? '' } : undefined;
}

/**
 * The JSON of the attempt's attachment `name`, its body or the file it names; undefined when it has none (or not
 * JSON, or the file is gone).
 */
function attached<T>(result: TestResult | undefined, name: string): T | undefined {
  const attachment = result?.attachments.find((a) => a.name === name && (a.body || a.path));
  try {
    const body = (attachment?.body ?? (attachment?.path && readFileSync(attachment.path))) as
      Buffer | string | undefined;
    if (!body) return undefined;
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export function evidenceOf(result: TestResult | undefined): TestEvidence | undefined {
  return attached<TestEvidence>(result, EVIDENCE_ATTACHMENT);
}

/** The requests the attempt sent, as its HAR attachment holds them. */
export function exchangesOf(result: TestResult | undefined): Har | undefined {
  return attached<Har>(result, EXCHANGES_ATTACHMENT);
}

/** An error's message as plain text: Playwright colours its own (a timeout's, an interruption's). */
export function errorText(error: TestResult['errors'][number]): string {
  return plainText(error.message ?? error.value ?? 'unknown error');
}
