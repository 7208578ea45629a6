/**
 * Add a backend server (v2.0): what a successful create answers, echoes, stores and defaults
 * (docs/vendor/v2.0-add-backend-server.txt, docs/readings.md §1).
 */
import { isRecord } from '../json';
import { finding, pointer, shown, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** The response table of the vendor page (docs/vendor/v2.0-add-backend-server.txt:77-107). */
export const V2_RESPONSE_FIELDS: readonly string[] = [
  'id',
  'tenant_id',
  'name',
  'address',
  'protocol_port',
  'subnet_id',
  'admin_state_up',
  'weight',
  'operating_status',
];

/** Fields the client may send and must get back unchanged in the create's answer (docs/readings.md §1). */
export const ECHOED_FIELDS: readonly string[] = [
  'name',
  'address',
  'protocol_port',
  'subnet_id',
  'weight',
  'admin_state_up',
  'tenant_id',
];

/** What a read of the member must show as the create answered it: all but the status, which may move on. */
export const READBACK_FIELDS: readonly string[] = V2_RESPONSE_FIELDS.filter((f) => f !== 'operating_status');

/** What an omitted optional field becomes (docs/readings.md §1). */
export const V2_DEFAULTS: Readonly<Record<string, unknown>> = { weight: 1, admin_state_up: true, name: '' };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The member object of a v2.0 answer ({"member": {...}}), if it has one. */
export function memberOf(answer: unknown): Record<string, unknown> | undefined {
  return isRecord(answer) && isRecord(answer.member) ? answer.member : undefined;
}

/** V2-CREATE-RESPONSE: a success answers the member wrapper with every field of the response table. */
export function createResponse(answer: unknown): Finding {
  const member = memberOf(answer);
  if (!member)
    return finding('V2-CREATE-RESPONSE', [
      violation(
        'V2-CREATE-RESPONSE',
        pointer('member'),
        'an object',
        shown(isRecord(answer) ? answer.member : answer),
        'the answer has no member object',
      ),
    ]);
  return finding(
    'V2-CREATE-RESPONSE',
    V2_RESPONSE_FIELDS.filter((field) => !(field in member)).map((field) =>
      violation(
        'V2-CREATE-RESPONSE',
        pointer('member', field),
        'present',
        '(absent)',
        `the member lacks ${field}`,
      ),
    ),
  );
}

/** Each field of `fields` that `got` shows otherwise than `want`, as violations of `requirement`. */
function differing(
  requirement: string,
  fields: readonly string[],
  got: Record<string, unknown> | undefined,
  want: Record<string, unknown>,
  label: (field: string) => string,
): Finding {
  return finding(
    requirement,
    fields
      .filter((field) => !same(got?.[field], want[field]))
      .map((field) =>
        violation(
          requirement,
          pointer('member', field),
          shown(want[field]),
          shown(got?.[field]),
          `${label(field)} is ${JSON.stringify(got?.[field])}, expected ${JSON.stringify(want[field])}`,
        ),
      ),
  );
}

/** V2-CREATE-ECHO: every field sent comes back unchanged in the create's answer. */
export function createEcho(
  sent: Record<string, unknown>,
  answered: Record<string, unknown> | undefined,
): Finding {
  const fields = ECHOED_FIELDS.filter((field) => field in sent);
  return differing('V2-CREATE-ECHO', fields, answered, sent, (f) => `member.${f}`);
}

/** V2-CREATE-READBACK: a read of the new member shows every field as the create answered it. */
export function createReadBack(
  created: Record<string, unknown>,
  read: Record<string, unknown> | undefined,
): Finding {
  return differing('V2-CREATE-READBACK', READBACK_FIELDS, read, created, (f) => `member.${f}`);
}

/**
 * V2-CREATE-DEFAULTS: the fields a create left out hold their defaults, in the create's answer and in what is
 * stored (`where` names which one a message speaks of).
 */
export function createDefaults(
  member: Record<string, unknown> | undefined,
  omitted: readonly string[],
  where: 'answer' | 'stored',
): Finding {
  const fields = omitted.filter((field) => field in V2_DEFAULTS);
  return differing('V2-CREATE-DEFAULTS', fields, member, V2_DEFAULTS, (f) =>
    where === 'answer' ? `member.${f}` : `stored ${f}`,
  );
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const CREATE_RULES: readonly RuleEntry[] = [
  entry('V2-CREATE-RESPONSE', createResponse),
  entry('V2-CREATE-READBACK', createReadBack, true),
  entry('V2-CREATE-ECHO', createEcho, true),
  entry('V2-CREATE-DEFAULTS', createDefaults),
];
