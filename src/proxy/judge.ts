/**
 * Judges observed exchanges of the two member APIs without sending anything: the contract of each answer, and
 * every rule that one exchange, or a sequence of them, shows. Each verdict names its requirement; a rule is
 * kept only by an exchange that shows it holding. A 5xx keeps nothing and breaks the rule its request is about.
 * Where the readings allow more than one answer, or where what the proxy saw cannot settle a rule (a member
 * created by someone else, a request refused for its rate), nothing is judged.
 */
import type { Contract, ContractOperation } from '../contract/spec';
import { isRecord, parseJson } from '../json';
import { validateResponse } from '../contract/validator';
import { catalogue } from '../catalogue/requirements';
import { requirementForViolation, successRequirement } from '../http/attribution';
import { BUSY_MESSAGE } from '../http/settle';
import { statusMatches, type ExpectedStatus } from '../http/expect';
import type { Profile } from '../target/profiles';
import { ECHOED_FIELDS } from '../v2/members';
import type { ObservedExchange } from './forwarder';

export interface ProxyVerdict {
  requirement: string;
  passed: boolean;
  /** Why it failed. */
  message?: string;
  exchange: ObservedExchange;
}

const ERROR_AND_TYPE: Record<string, { error: string; contentType: string } | undefined> = {
  v2: { error: 'V2-ERROR-BODY', contentType: 'V2-CONTENT-TYPE' },
  v3: { error: 'V3-ERROR-BODY', contentType: 'V3-CONTENT-TYPE' },
};

interface Route {
  operation: ContractOperation;
  pattern: RegExp;
  names: string[];
}

function routes(contract: Contract): Route[] {
  return [...contract.operations.values()].map((operation) => {
    const names: string[] = [];
    const source = operation.path.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/?#]+)';
    });
    return { operation, pattern: new RegExp(`^${source}/?$`), names };
  });
}

/** The most walks the judge follows at once, and the most created members it remembers. */
const OPEN_WALKS = 1_000;

/** The success each operation's test accepts, whose whole form keeps the operation's response rule. */
const SHOWN_SUCCESS: Record<
  string,
  { status: (profile: Profile) => ExpectedStatus; requirement: string } | undefined
> = {
  createMemberV2: { status: (profile) => profile.v2CreateSuccess, requirement: 'V2-CREATE-RESPONSE' },
  listMembersV3: { status: () => 200, requirement: 'V3-LIST-SHAPE' },
};

/** What a create sent: its body's parsed JSON (undefined when not JSON), its member object, and its size. */
interface CreateSent {
  json: unknown;
  member: Record<string, unknown> | undefined;
  bytes: number;
}

function createSent(exchange: ObservedExchange): CreateSent {
  const json = parseJson(exchange.requestBody.toString('utf8'));
  const member = isRecord(json) && isRecord(json.member) ? json.member : undefined;
  return { json, member, bytes: exchange.requestBody.length };
}

function pairKey(pool: string, member: Record<string, unknown>): string {
  return `${pool} ${JSON.stringify(member.address)} ${JSON.stringify(member.protocol_port)}`;
}

const MiB = 1024 * 1024;

/** Rules about a create's body as a whole (docs/readings.md §1), first match wins. */
const BODY_RULES: readonly {
  requirement: string;
  what: string;
  when: (sent: CreateSent, profile: Profile) => boolean;
  /** The refusal the rule asks for, as its test does. */
  refusal: (profile: Profile) => ExpectedStatus;
  /** Whether a success breaks the rule; a body over 1 MiB may also be taken as any other (§5). */
  mustRefuse: boolean;
}[] = [
  {
    requirement: 'V2-BODY-TOO-LARGE',
    what: 'a body over 1 MiB',
    when: (sent) => sent.bytes > MiB,
    refusal: () => '4xx',
    mustRefuse: false,
  },
  {
    requirement: 'V2-BODY-MALFORMED',
    what: 'a body that is not JSON, not an object or has no member object',
    when: (sent) => sent.member === undefined,
    refusal: (profile) => profile.refusals.invalidMember,
    mustRefuse: true,
  },
];

/** Refusals that may answer for another reason than the rule at hand (the token, the pool): they credit no rule. */
const OTHER_REASONS: ReadonlySet<number> = new Set([401, 403, 404]);

/** Whether a refusal shows the rule holding: the status its test accepts, and none that may mean another reason. */
function keeps(refusal: ExpectedStatus, status: number): boolean {
  return statusMatches(refusal, status) && !OTHER_REASONS.has(status);
}

const integerOutside = (value: unknown, min: number, max: number) =>
  Number.isInteger(value) && ((value as number) < min || (value as number) > max);
const notInteger = (value: unknown) => value !== undefined && !Number.isInteger(value);

/** What a create whose answer was a 5xx was about, from its body; first match wins (then a held pair). */
const CREATE_ABOUT: readonly {
  requirement: string;
  when: (sent: CreateSent, profile: Profile) => boolean;
}[] = [
  ...BODY_RULES,
  { requirement: 'V2-REQUIRED-FIELDS', when: ({ member: m }) => !('address' in m! && 'protocol_port' in m!) },
  { requirement: 'V2-WEIGHT-TYPE', when: ({ member: m }) => notInteger(m!.weight) },
  { requirement: 'V2-WEIGHT-RANGE', when: ({ member: m }, p) => integerOutside(m!.weight, 0, p.v2WeightMax) },
  { requirement: 'V2-PORT-TYPE', when: ({ member: m }) => notInteger(m!.protocol_port) },
  { requirement: 'V2-PORT-RANGE', when: ({ member: m }) => integerOutside(m!.protocol_port, 1, 65535) },
  {
    requirement: 'V2-NAME-TYPE',
    when: ({ member: m }) => m!.name !== undefined && typeof m!.name !== 'string',
  },
  {
    requirement: 'V2-NAME-LENGTH',
    when: ({ member: m }) => typeof m!.name === 'string' && m!.name.length > 255,
  },
  {
    requirement: 'V2-ADMIN-STATE-TYPE',
    when: ({ member: m }) => m!.admin_state_up !== undefined && typeof m!.admin_state_up !== 'boolean',
  },
];

export class Judge {
  private readonly routes: Route[];
  /** (pool, address, port) -> member id, for pairs the proxy saw created and not yet deleted. */
  private readonly held = new Map<string, string>();
  /** A walk the client is making: (pool, filters, next_marker) -> ids seen on its pages so far. */
  private readonly walks = new Map<string, Set<string>>();
  /** member id -> the member as its create's success showed it, for members not yet deleted. */
  private readonly created = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly contract: Contract,
    private readonly profile: Profile,
  ) {
    this.routes = routes(contract);
  }

  judge(exchange: ObservedExchange): ProxyVerdict[] {
    const url = new URL(exchange.path, 'http://proxy.invalid');
    const route = this.routes.find(
      (r) => r.operation.method === exchange.method.toLowerCase() && r.pattern.test(url.pathname),
    );
    if (!route) return [];
    // A refusal for the rate or a busy load balancer judged nothing (docs/readings.md §5).
    if (exchange.status === 429 || exchange.status === 503) return [];
    const body = exchange.responseBody.toString('utf8');
    if (exchange.status === 409 && BUSY_MESSAGE.test(body)) return [];
    const match = route.pattern.exec(url.pathname)!;
    const path = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
    const verdict = (requirement: string, failure?: string): ProxyVerdict => ({
      requirement,
      passed: failure === undefined,
      ...(failure === undefined ? {} : { message: failure }),
      exchange,
    });
    const operationId = route.operation.operationId;
    // A server error answered the request without judging it: it breaks the rule the request is about, and
    // shows no rule holding.
    if (exchange.status >= 500) {
      const about = this.about(operationId, path, exchange);
      return [verdict(about, `the request got ${exchange.status} ${exchange.statusText}`.trim())];
    }
    const verdicts = this.contractVerdicts(route.operation, exchange, body, verdict);
    if (operationId === 'createMemberV2') {
      verdicts.push(...this.bodyRules(exchange, verdict));
      verdicts.push(...this.create(path.pool_id ?? '', exchange, verdict));
    }
    if (operationId === 'showMemberV2' && exchange.status === 200)
      verdicts.push(...this.readBack(path.member_id ?? '', body, verdict));
    if (operationId === 'deleteMemberV2' && (exchange.status < 300 || exchange.status === 404))
      this.forget(path.member_id ?? '');
    if (operationId === 'listMembersV3' && exchange.status === 200)
      verdicts.push(
        ...this.listing(
          path.pool_id ?? '',
          url.searchParams,
          parseJson(exchange.responseBody.toString('utf8')),
          verdict,
        ),
      );
    return verdicts;
  }

  private contractVerdicts(
    operation: ContractOperation,
    exchange: ObservedExchange,
    body: string,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const violations = validateResponse(this.contract, {
      operationId: operation.operationId,
      status: exchange.status,
      contentType: exchange.responseHeaders['content-type'] ?? null,
      body: body === '' ? undefined : body,
    });
    const failed = new Map<string, string[]>();
    for (const violation of violations) {
      const requirement = requirementForViolation(operation.operationId, violation);
      if (requirement) failed.set(requirement, [...(failed.get(requirement) ?? []), violation.message]);
    }
    const verdicts = [...failed].map(([requirement, messages]) => verdict(requirement, messages.join('; ')));
    const api = operation.operationId.endsWith('V3') ? 'v3' : 'v2';
    const shown = ERROR_AND_TYPE[api]!;
    if (body !== '' && !failed.has(shown.contentType)) verdicts.push(verdict(shown.contentType));
    // A 401's body is no error body of the rule (the requirement leaves it out), and the contract checks none.
    if (exchange.status >= 400 && exchange.status !== 401 && !failed.has(shown.error))
      verdicts.push(verdict(shown.error));
    // The answer a successful request documents, in its whole form: the operation's response rule holds.
    const success = SHOWN_SUCCESS[operation.operationId];
    if (success && statusMatches(success.status(this.profile), exchange.status) && violations.length === 0)
      verdicts.push(verdict(success.requirement));
    return verdicts;
  }

  /**
   * The requirement a create is about, from what it sent: the first row of CREATE_ABOUT its body meets;
   * otherwise, for any request, the operation's response rule. A request without a token is about the API's
   * authentication. One the profile does not have gives way to the operation's response rule.
   */
  private about(operationId: string, path: Record<string, string>, exchange: ObservedExchange): string {
    const api = operationId.endsWith('V3') ? 'V3' : 'V2';
    const token = exchange.requestHeaders['x-auth-token'];
    const fallback = successRequirement(operationId) ?? `${api}-ERROR-BODY`;
    let about: string | undefined;
    if (token === undefined || token === '') about = `${api}-AUTH`;
    else if (operationId === 'createMemberV2') {
      const sent = createSent(exchange);
      const pair = sent.member ? this.held.get(pairKey(path.pool_id ?? '', sent.member)) : undefined;
      about =
        CREATE_ABOUT.find((row) => row.when(sent, this.profile))?.requirement ??
        (pair !== undefined ? 'V2-DUPLICATE-REJECTED' : undefined);
    }
    const applies = about !== undefined && catalogue().get(about)?.profiles.includes(this.profile.name);
    return applies ? about! : fallback;
  }

  /**
   * A malformed body or one over 1 MiB: the refusal the rule names keeps it, a success breaks it (a 5xx: judge()),
   * another refusal (a 404 for the pool, a 401) shows nothing of it.
   */
  private bodyRules(
    exchange: ObservedExchange,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const sent = createSent(exchange);
    const rule = BODY_RULES.find((row) => row.when(sent, this.profile));
    if (!rule) return [];
    if (keeps(rule.refusal(this.profile), exchange.status)) return [verdict(rule.requirement)];
    if (rule.mustRefuse && exchange.status >= 200 && exchange.status < 300)
      return [verdict(rule.requirement, `${rule.what} got ${exchange.status}; it must be refused`)];
    return [];
  }

  /** A member the proxy saw created, read back: every field the create answered with reads the same. */
  private readBack(
    memberId: string,
    body: string,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const created = this.created.get(memberId);
    const answer = parseJson(body);
    const read = isRecord(answer) && isRecord(answer.member) ? answer.member : undefined;
    if (!created || !read) return [];
    const differing = ECHOED_FIELDS.filter(
      (field) => field in created && JSON.stringify(read[field]) !== JSON.stringify(created[field]),
    );
    return [
      differing.length === 0
        ? verdict('V2-CREATE-READBACK')
        : verdict(
            'V2-CREATE-READBACK',
            differing
              .map(
                (f) =>
                  `member.${f} reads ${JSON.stringify(read[f])}, the create answered ${JSON.stringify(created[f])}`,
              )
              .join('; '),
          ),
    ];
  }

  private create(
    pool: string,
    exchange: ObservedExchange,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const { member } = createSent(exchange);
    if (!member) return [];
    const pair = pairKey(pool, member);
    const heldBy = this.held.get(pair);
    // A refusal of a held pair keeps the rule only when nothing else in the body was refusable.
    const otherwiseValid = !CREATE_ABOUT.some((row) => row.when(createSent(exchange), this.profile));
    if (heldBy !== undefined && otherwiseValid && keeps(this.profile.refusals.duplicate, exchange.status))
      return [verdict('V2-DUPLICATE-REJECTED')];
    if (!statusMatches(this.profile.v2CreateSuccess, exchange.status)) return [];
    const answered = parseJson(exchange.responseBody.toString('utf8'));
    const created = isRecord(answered) && isRecord(answered.member) ? answered.member : undefined;
    const verdicts: ProxyVerdict[] = [];
    if (heldBy !== undefined)
      verdicts.push(
        verdict(
          'V2-DUPLICATE-REJECTED',
          `${pair.split(' ').slice(1).join(':')} is held by member ${heldBy}, and a second create of it got ${exchange.status}`,
        ),
      );
    if (typeof created?.id === 'string') {
      this.held.set(pair, created.id);
      this.created.set(created.id, created);
      // Members a client never reads back are forgotten, oldest first, so that a long watch stays small.
      if (this.created.size > OPEN_WALKS) this.created.delete(this.created.keys().next().value!);
    }
    const differing = ECHOED_FIELDS.filter(
      (field) => field in member && JSON.stringify(created?.[field]) !== JSON.stringify(member[field]),
    );
    verdicts.push(
      differing.length === 0
        ? verdict('V2-CREATE-ECHO')
        : verdict(
            'V2-CREATE-ECHO',
            differing
              .map((f) => `member.${f} is ${JSON.stringify(created?.[f])}, sent ${JSON.stringify(member[f])}`)
              .join('; '),
          ),
    );
    verdicts.push(...this.bounds(member, verdict));
    return verdicts;
  }

  /** A success for an integer out of its range, or a name too long: the create should have been refused. */
  private bounds(
    member: Record<string, unknown>,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const ranges: [string, string, number, number][] = [
      ['V2-WEIGHT-RANGE', 'weight', 0, this.profile.v2WeightMax],
      ['V2-PORT-RANGE', 'protocol_port', 1, 65535],
    ];
    const verdicts: ProxyVerdict[] = [];
    for (const [requirement, field, min, max] of ranges) {
      const value = member[field];
      if (!Number.isInteger(value)) continue;
      const n = value as number;
      verdicts.push(
        n < min || n > max
          ? verdict(requirement, `${field} ${n} is outside ${min}..${max}, and the create succeeded`)
          : verdict(requirement),
      );
    }
    if (typeof member.name === 'string')
      verdicts.push(
        member.name.length > 255
          ? verdict(
              'V2-NAME-LENGTH',
              `a name of ${member.name.length} characters succeeded; at most 255 are allowed`,
            )
          : verdict('V2-NAME-LENGTH'),
      );
    return verdicts;
  }

  private forget(memberId: string): void {
    for (const [pair, id] of this.held) if (id === memberId) this.held.delete(pair);
    this.created.delete(memberId);
  }

  private listing(
    pool: string,
    query: URLSearchParams,
    answer: unknown,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    if (!isRecord(answer) || !Array.isArray(answer.members)) return [];
    const members = answer.members.filter(isRecord);
    const ids = members.map((m) => String(m.id));
    const verdicts: ProxyVerdict[] = [];
    for (const member of members) {
      if (typeof member.address !== 'string') continue;
      const expected = member.address.includes(':') ? 'v6' : 'v4';
      verdicts.push(
        member.ip_version === expected
          ? verdict('V3-IP-VERSION')
          : verdict(
              'V3-IP-VERSION',
              `member ${member.id} has address ${member.address} but ip_version ${JSON.stringify(member.ip_version)}`,
            ),
      );
    }
    const info = isRecord(answer.page_info) ? answer.page_info : undefined;
    if (info) {
      const wrong: string[] = [];
      if (info.current_count !== members.length)
        wrong.push(
          `current_count is ${JSON.stringify(info.current_count)}, the page holds ${members.length}`,
        );
      if (ids.length > 0 && info.previous_marker !== ids[0])
        wrong.push(`previous_marker is ${JSON.stringify(info.previous_marker)}, the first member ${ids[0]}`);
      if (info.next_marker !== undefined && info.next_marker !== ids[ids.length - 1])
        wrong.push(
          `next_marker is ${JSON.stringify(info.next_marker)}, the last member ${ids[ids.length - 1] ?? '(none)'}`,
        );
      verdicts.push(wrong.length === 0 ? verdict('V3-PAGE-INFO') : verdict('V3-PAGE-INFO', wrong.join('; ')));
    }
    if (query.get('page_reverse') === 'true') return verdicts;
    const from = query.get('marker');
    // Without limit a valid marker has no effect (V3-MARKER-WITHOUT-LIMIT): the marker's member is listed too.
    if (from !== null && query.get('limit') !== null && members.length > 0)
      verdicts.push(
        ids.includes(from)
          ? verdict('V3-MARKER-CONTINUITY', `the page after marker ${from} holds the marker's member itself`)
          : verdict('V3-MARKER-CONTINUITY'),
      );
    const filters = [...query].filter(([k]) => !['marker', 'limit', 'page_reverse'].includes(k)).sort();
    const walkKey = (marker: string) => `${pool} ${JSON.stringify(filters)} ${marker}`;
    const marker = query.get('marker');
    const seen = marker === null ? new Set<string>() : this.walks.get(walkKey(marker));
    if (marker !== null) this.walks.delete(walkKey(marker));
    if (!seen) return verdicts;
    if (marker !== null) {
      const twice = ids.filter((id) => seen.has(id));
      verdicts.push(
        twice.length === 0
          ? verdict('V3-WALK-FORWARD')
          : verdict(
              'V3-WALK-FORWARD',
              `the page after marker ${marker} repeats ${twice.join(', ')}, seen earlier in this walk`,
            ),
      );
    }
    const next = isRecord(info) && typeof info.next_marker === 'string' ? info.next_marker : undefined;
    if (next !== undefined && members.length > 0) {
      this.walks.set(walkKey(next), new Set([...seen, ...ids]));
      // Walks a client never follows are forgotten, oldest first, so that a long watch stays small.
      if (this.walks.size > OPEN_WALKS) this.walks.delete(this.walks.keys().next().value!);
    }
    return verdicts;
  }
}
