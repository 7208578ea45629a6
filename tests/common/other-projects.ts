/**
 * Owners the token is not: the property of V2-TENANT-ID-FOREIGN and V3-PROJECT-FOREIGN, which sends a request
 * naming a freshly drawn project that is not the token's (never TARGET_PROJECT_ID), a few cases at the most,
 * after the fixed `examples` of the caller, which every run sends.
 */
import { checkProperty, type CasesAtOnce } from '../../src/generators/property';
import { otherProjectId } from '../../src/generators/values';

export function forOtherProjects(
  requirement: string,
  own: string | undefined,
  options: { casesAtOnce: CasesAtOnce; cases: number; examples?: string[] },
  send: (project: string) => Promise<void>,
): Promise<void> {
  return checkProperty(otherProjectId(own), send, {
    title: requirement,
    casesAtOnce: options.casesAtOnce,
    examples: options.examples,
    maxRuns: options.cases + (options.examples?.length ?? 0),
  });
}
