import { expect } from '@playwright/test';
import { readContractDocument } from '../../../src/contract/spec';
import type { ReferenceServer } from '../../../reference-server/src/index';
import type {
  CallOptions,
  ErrorBody,
  Fields,
  ProbeClient,
  Reply,
  V2List,
  V2Member,
  V2One,
  V3List,
  V3Member,
  V3One,
} from '../../../reference-server/modes/probe-client';

export type * from '../../../reference-server/modes/probe-client';

const CONTRACT_FILE = { v2: 'v2-lbaas-members.yaml', v3: 'v3-elb-members.yaml' } as const;

/** How long a Retry-After asks for (seconds or an HTTP date), at most 1 s here. */
const retryWaitMs = (retryAfter: string): number =>
  Math.min(1000, /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now());

/** How many times one request is sent again after a refusal. */
const MAX_RETRIES = 4;

/**
 * A client of the reference server's v2.0 and v3 member APIs, for its own specs and the probes of the mode
 * tables. Like any client of a rate-limited API it waits out a refusal (429, or 503 with Retry-After) and sends
 * the same request again. In strict mode (the correct server) every reply is also checked against the general
 * rules of docs/readings.md §5, never a 5xx and every body application/json, and every listing must answer 200.
 */
export class ReferenceClient implements ProbeClient {
  private hosts = 0;

  constructor(
    readonly server: ReferenceServer,
    private readonly strict = false,
  ) {}

  get d(): ReferenceServer['defaults'] {
    return this.server.defaults;
  }

  async call<T = ErrorBody>(method: string, target: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.d.token : options.token;
    if (token !== null) headers['x-auth-token'] = token;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = target.startsWith('http') ? target : `${this.server.url}${target}`;
    let res = await fetch(url, { method, headers, body });
    for (let retries = 0; options.retry !== false && retries < MAX_RETRIES; retries++) {
      const retryAfter = res.headers.get('retry-after');
      if ((res.status !== 429 && res.status !== 503) || retryAfter === null) break;
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryWaitMs(retryAfter))));
      res = await fetch(url, { method, headers, body });
    }
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const mime = contentType.split(';')[0]?.trim() ?? '';
    let parsed: unknown = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    if (this.strict) {
      expect(res.status, `${method} ${target} must never answer 5xx`).toBeLessThan(500);
      if (text !== '') expect(mime, `${method} ${target}: content type`).toBe('application/json');
    }
    const retryAfter = res.headers.get('retry-after');
    const allow = res.headers.get('allow');
    return {
      status: res.status,
      mime,
      contentType,
      text,
      body: parsed as T,
      ...(retryAfter === null ? {} : { retryAfter }),
      ...(allow === null ? {} : { allow }),
    };
  }

  v2Path(pool = this.d.v2PoolId, member?: string): string {
    return `/v2.0/lbaas/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  v3Path(pool = this.d.v3PoolId, member?: string, project = this.d.projectId): string {
    return `/v3/${project}/elb/pools/${pool}/members${member === undefined ? '' : `/${member}`}`;
  }

  /**
   * Fresh addresses from the start of the address ranges, where a client allocating addresses begins; on port
   * 80, which preloaded members never use.
   */
  private nextHost(): string {
    const n = this.hosts++;
    return `${128 + Math.floor(n / 254)}.${1 + (n % 254)}`;
  }

  v2Member(overrides: Fields = {}): Fields {
    return this.member('192.168', { subnet_id: this.d.v2SubnetId }, overrides);
  }

  v3Member(overrides: Fields = {}): Fields {
    return this.member('120.10', { subnet_cidr_id: this.d.v3SubnetId }, overrides);
  }

  /** A member on port 80 at the next fresh host of the /16 `network`, in `subnet`. */
  private member(network: string, subnet: Fields, overrides: Fields): Fields {
    return { address: `${network}.${this.nextHost()}`, protocol_port: 80, ...subnet, ...overrides };
  }

  v2Create(member: Fields, pool?: string): Promise<Reply<V2One>> {
    return this.call('POST', this.v2Path(pool), { body: { member } });
  }

  v2Get(id: string, pool?: string): Promise<Reply<V2One>> {
    return this.call('GET', this.v2Path(pool, id));
  }

  async v2All(pool?: string): Promise<V2Member[]> {
    const reply = await this.call<V2List>('GET', this.v2Path(pool));
    if (this.strict) expect(reply.status).toBe(200);
    return reply.body.members ?? [];
  }

  v3Create(member: Fields, pool?: string): Promise<Reply<V3One>> {
    return this.call('POST', this.v3Path(pool), { body: { member } });
  }

  v3Get(id: string, pool?: string): Promise<Reply<V3One>> {
    return this.call('GET', this.v3Path(pool, id));
  }

  v3List(query = '', pool?: string): Promise<Reply<V3List>> {
    return this.call('GET', `${this.v3Path(pool)}${query === '' ? '' : `?${query}`}`);
  }

  async v3All(query = '', pool?: string): Promise<V3Member[]> {
    const reply = await this.v3List(query, pool);
    if (this.strict) expect(reply.status).toBe(200);
    return reply.body.members ?? [];
  }

  /** With `inspect`, each page's whole answer is handed to it as it comes. */
  async walkForward(limit: number, filter = '', inspect?: (page: V3List) => void): Promise<V3Member[][]> {
    const pages: V3Member[][] = [];
    let marker: string | undefined;
    do {
      const query = [filter, `limit=${limit}`, marker ? `marker=${marker}` : ''].filter(Boolean).join('&');
      const reply = await this.v3List(query);
      expect(reply.status, query).toBe(200);
      inspect?.(reply.body);
      pages.push(reply.body.members ?? []);
      marker = reply.body.page_info?.next_marker;
      expect(pages.length).toBeLessThan(1000);
    } while (marker);
    return pages;
  }

  async walkBack(limit: number, marker: string | undefined, filter = ''): Promise<V3Member[][]> {
    const pages: V3Member[][] = [];
    while (marker) {
      const query = [filter, `limit=${limit}&marker=${marker}&page_reverse=true`].filter(Boolean).join('&');
      const reply = await this.v3List(query);
      expect(reply.status, query).toBe(200);
      const members = reply.body.members ?? [];
      if (members.length > 0) pages.push(members);
      if (members.length < limit) break;
      marker = reply.body.page_info?.previous_marker;
    }
    return pages;
  }

  async documentedFields(api: 'v2' | 'v3'): Promise<ReadonlySet<string>> {
    const document = (await readContractDocument(CONTRACT_FILE[api])) as {
      components: { schemas: { Member: { properties: Record<string, unknown> } } };
    };
    return new Set(Object.keys(document.components.schemas.Member.properties));
  }
}
