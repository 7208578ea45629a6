/**
 * Judges observed exchanges of the two member APIs without sending anything: the contract of each answer, and
 * every rule that one exchange, or a sequence of them, shows. Each verdict names its requirement. Where the
 * readings allow more than one answer, or where what the proxy saw cannot settle a rule (a member created by
 * someone else, a request refused for its rate), nothing is judged.
 */
import type { Contract, ContractOperation } from '../contract/spec';
import { isRecord, parseJson } from '../json';
import { validateResponse } from '../contract/validator';
import { requirementForViolation } from '../http/attribution';
import { BUSY_MESSAGE } from '../http/settle';
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

/** The most walks the judge follows at once. */
const OPEN_WALKS = 1_000;

export class Judge {
  private readonly routes: Route[];
  /** (pool, address, port) -> member id, for pairs the proxy saw created and not yet deleted. */
  private readonly held = new Map<string, string>();
  /** A walk the client is making: (pool, filters, next_marker) -> ids seen on its pages so far. */
  private readonly walks = new Map<string, Set<string>>();

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
    const verdicts = this.contractVerdicts(route.operation, exchange, body, verdict);
    const operationId = route.operation.operationId;
    if (operationId === 'createMemberV2')
      verdicts.push(...this.create(path.pool_id ?? '', exchange, verdict));
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
    if (exchange.status >= 400 && !failed.has(shown.error)) verdicts.push(verdict(shown.error));
    return verdicts;
  }

  private create(
    pool: string,
    exchange: ObservedExchange,
    verdict: (requirement: string, failure?: string) => ProxyVerdict,
  ): ProxyVerdict[] {
    const sent = parseJson(exchange.requestBody.toString('utf8'));
    const member = isRecord(sent) && isRecord(sent.member) ? sent.member : undefined;
    if (!member) return [];
    const pair = `${pool} ${JSON.stringify(member.address)} ${JSON.stringify(member.protocol_port)}`;
    const heldBy = this.held.get(pair);
    if (exchange.status === 409 && heldBy !== undefined) return [verdict('V2-DUPLICATE-REJECTED')];
    if (exchange.status !== 201) return [];
    const answered = parseJson(exchange.responseBody.toString('utf8'));
    const created = isRecord(answered) && isRecord(answered.member) ? answered.member : undefined;
    const verdicts: ProxyVerdict[] = [];
    if (heldBy !== undefined)
      verdicts.push(
        verdict(
          'V2-DUPLICATE-REJECTED',
          `${pair.split(' ').slice(1).join(':')} is held by member ${heldBy}, and a second create of it got 201`,
        ),
      );
    if (typeof created?.id === 'string') this.held.set(pair, created.id);
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

  /** A 201 for an integer out of its range, or a name too long: the create should have been refused. */
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
          ? verdict(requirement, `${field} ${n} is outside ${min}..${max}, and the create got 201`)
          : verdict(requirement),
      );
    }
    if (typeof member.name === 'string')
      verdicts.push(
        member.name.length > 255
          ? verdict(
              'V2-NAME-LENGTH',
              `a name of ${member.name.length} characters got 201; at most 255 are allowed`,
            )
          : verdict('V2-NAME-LENGTH'),
      );
    return verdicts;
  }

  private forget(memberId: string): void {
    for (const [pair, id] of this.held) if (id === memberId) this.held.delete(pair);
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
