/**
 * Judges observed exchanges of the two member APIs without sending anything. Each exchange is routed to the
 * rules of src/rules/ that it shows, the same functions the conformance tests call; this file keeps only what
 * a sequence of exchanges needs (the pairs and members the proxy saw created, the walks a client is making)
 * and turns findings into verdicts. A rule is kept only by an exchange that shows it holding; a 5xx keeps
 * nothing and breaks the rule its request is about (rules/server-error.ts). A 429, a 503 or a busy 409 is
 * not judged at all.
 */
import type { Contract, ContractOperation } from '../contract/spec';
import { parseJson } from '../json';
import { catalogue } from '../catalogue/requirements';
import { BUSY_MESSAGE } from '../http/settle';
import type { Profile } from '../target/profiles';
import {
  answeredNothing,
  bodyFindings,
  boundFindings,
  contentType,
  contractFindings,
  createEcho,
  createReadBack,
  createSent,
  createSucceeded,
  duplicateCreate,
  errorBody,
  everyListing,
  listShape,
  memberOf,
  membersOf,
  merged,
  nextMarkerOf,
  pageAfterMarker,
  pageInfo,
  pageInfoOf,
  pairOf,
  serverError,
  walkForward,
  type Answer,
  type CreateSent,
  type Finding,
} from '../rules';
import type { ObservedExchange } from './forwarder';

export interface ProxyVerdict {
  requirement: string;
  passed: boolean;
  /** Why it failed. */
  message?: string;
  exchange: ObservedExchange;
}

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

/** The query parameters that page a listing; the others filter it. */
const PAGING = ['marker', 'limit', 'page_reverse'];

function pairKey(pool: string, member: Record<string, unknown>): string {
  return `${pool} ${pairOf(member)}`;
}

/** One exchange as the judge routes it. */
interface Seen {
  exchange: ObservedExchange;
  operationId: string;
  path: Record<string, string>;
  query: URLSearchParams;
  answer: Answer;
}

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
    const text = exchange.responseBody.toString('utf8');
    if (answeredNothing(exchange.status, BUSY_MESSAGE.test(text))) return [];
    const match = route.pattern.exec(url.pathname)!;
    const seen: Seen = {
      exchange,
      operationId: route.operation.operationId,
      path: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)])),
      query: url.searchParams,
      answer: {
        status: exchange.status,
        contentType: exchange.responseHeaders['content-type'],
        text,
        json: parseJson(text),
      },
    };
    return merged(this.findings(seen)).map((f) => ({
      requirement: f.requirement,
      passed: f.violations.length === 0,
      ...(f.violations.length > 0 ? { message: f.violations.map((v) => v.message).join('; ') } : {}),
      exchange,
    }));
  }

  private findings(seen: Seen): Finding[] {
    const { operationId, answer, exchange } = seen;
    const sent = operationId === 'createMemberV2' ? createSent(exchange.requestBody) : undefined;
    const broken = serverError(
      {
        operationId,
        status: answer.status,
        statusText: exchange.statusText,
        token: !!exchange.requestHeaders['x-auth-token'],
        ...(sent ? { create: { sent, heldBy: this.heldBy(seen.path, sent) } } : {}),
      },
      this.profile,
      (requirement) => !!catalogue().get(requirement)?.profiles.includes(this.profile.name),
    );
    if (broken.length > 0) return broken;
    const api = operationId.endsWith('V3') ? 'v3' : 'v2';
    const findings = [
      ...contractFindings(this.contract, operationId, answer, this.profile),
      ...contentType(api, answer),
      ...errorBody(api, answer),
    ];
    if (sent) findings.push(...this.create(seen, sent));
    if (operationId === 'showMemberV2' && answer.status === 200) findings.push(...this.readBack(seen));
    if (operationId === 'deleteMemberV2' && (answer.status < 300 || answer.status === 404))
      this.forget(seen.path.member_id ?? '');
    if (operationId === 'listMembersV3' && answer.status === 200) findings.push(...this.listing(seen));
    return findings;
  }

  private heldBy(path: Record<string, string>, sent: CreateSent): string | undefined {
    return sent.member ? this.held.get(pairKey(path.pool_id ?? '', sent.member)) : undefined;
  }

  private create(seen: Seen, sent: CreateSent): Finding[] {
    const { status, json } = seen.answer;
    const heldBy = this.heldBy(seen.path, sent);
    const findings = [...bodyFindings(sent, status, this.profile)];
    if (!sent.member) return findings;
    findings.push(...duplicateCreate(sent, heldBy, status, this.profile));
    if (!createSucceeded(status, this.profile)) return findings;
    const answered = memberOf(json);
    if (typeof answered?.id === 'string') {
      this.held.set(pairKey(seen.path.pool_id ?? '', sent.member), answered.id);
      this.created.set(answered.id, answered);
      // Members a client never reads back are forgotten, oldest first, so that a long watch stays small.
      if (this.created.size > OPEN_WALKS) this.created.delete(this.created.keys().next().value!);
    }
    findings.push(createEcho(sent.member, answered), ...boundFindings(sent.member, status, this.profile));
    return findings;
  }

  /** A member the proxy saw created, read back. */
  private readBack(seen: Seen): Finding[] {
    const created = this.created.get(seen.path.member_id ?? '');
    const read = memberOf(seen.answer.json);
    return created && read ? [createReadBack(created, read)] : [];
  }

  private forget(memberId: string): void {
    for (const [pair, id] of this.held) if (id === memberId) this.held.delete(pair);
    this.created.delete(memberId);
  }

  private listing({ path, query, answer }: Seen): Finding[] {
    const members = membersOf(answer.json);
    if (!members) return [];
    const ids = members.map((m) => String(m.id));
    const info = pageInfoOf(answer.json);
    const findings = [...everyListing(members, path.project_id ?? ''), ...listShape(members)];
    if (info) findings.push(...pageInfo(ids, info, undefined));
    if (query.get('page_reverse') === 'true') return findings;
    const marker = query.get('marker');
    // Without limit a valid marker has no effect (V3-MARKER-WITHOUT-LIMIT): the marker's member is listed too.
    if (marker !== null && query.get('limit') !== null && members.length > 0)
      findings.push(...pageAfterMarker(marker, ids));
    const filters = [...query].filter(([k]) => !PAGING.includes(k)).sort();
    const walkKey = (at: string) => `${path.pool_id ?? ''} ${new URLSearchParams(filters).toString()} ${at}`;
    const walked = marker === null ? new Set<string>() : this.walks.get(walkKey(marker));
    if (marker !== null) this.walks.delete(walkKey(marker));
    if (!walked) return findings;
    if (marker !== null) findings.push(...walkForward([[...walked], ids]));
    const next = nextMarkerOf(answer.json);
    if (next !== undefined && members.length > 0) {
      this.walks.set(walkKey(next), new Set([...walked, ...ids]));
      // Walks a client never follows are forgotten, oldest first, so that a long watch stays small.
      if (this.walks.size > OPEN_WALKS) this.walks.delete(this.walks.keys().next().value!);
    }
    return findings;
  }
}
