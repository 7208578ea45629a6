/**
 * The form every answer of an API must have, whatever its status (V2-/V3-CONTENT-TYPE, V2-/V3-ERROR-BODY): each
 * API's spec provokes one answer of each status with its probes, and these rules judge their form only.
 */
import type { ApiResponse } from '../../src/http/client';
import { contentType, errorBody, type Api, type Finding } from '../../src/rules';
import { answerOf, expectHeld } from '../../src/rules/enforce';
import type { Profile } from '../../src/target/profiles';

/** A request that provokes one status; sent unchecked, since the status itself is another requirement's verdict. */
export interface Probe<Members> {
  status: number;
  send: (members: Members) => Promise<ApiResponse>;
  /**
   * A refusal the router makes on its own (a method a path does not offer, a path that names nothing): its body
   * is judged only where the profile's router words its refusals (routerRefusalMessage, docs/readings.md §4).
   */
  routing?: boolean;
}

/** What the form tests need of an API's members: the profile of the target. */
interface Targeted {
  target: { profile: Profile };
}

interface AnswerForm {
  requirement: string;
  key: string;
  /** Which probes' answers the rule is about. */
  judges: (probe: Probe<never>, profile: Profile) => boolean;
  rule: (api: Api, answer: ReturnType<typeof answerOf>) => Finding[];
}

const FORMS: Record<'content-type' | 'error-body', (api: Api) => AnswerForm> = {
  'content-type': (api) => ({
    requirement: `${api.toUpperCase()}-CONTENT-TYPE`,
    key: `${api}-content-type`,
    judges: () => true,
    rule: contentType,
  }),
  'error-body': (api) => ({
    requirement: `${api.toUpperCase()}-ERROR-BODY`,
    key: `${api}-error-body`,
    judges: (probe, profile) => probe.status >= 400 && (!probe.routing || profile.routerRefusalMessage),
    rule: errorBody,
  }),
};

/**
 * The form tests of `api`, one for each form `titles` gives a title: its requirement, its key, its title, and the
 * check of every probe's answer it judges.
 */
export function answerForms<Members extends Targeted>(
  api: Api,
  titles: Readonly<Record<keyof typeof FORMS, string>>,
  probes: readonly Probe<Members>[],
) {
  return (Object.keys(FORMS) as (keyof typeof FORMS)[]).map((form) => {
    const { requirement, key, judges, rule } = FORMS[form](api);
    return {
      requirement,
      key,
      title: titles[form],
      check: async (members: Members): Promise<void> => {
        for (const probe of probes.filter((p) => judges(p, members.target.profile))) {
          const response = await probe.send(members);
          expectHeld(rule(api, answerOf(response)), response.exchange, {
            against: true,
            context: `the ${response.status} answer`,
          });
        }
      },
    };
  });
}
