import type { ReferenceDefaults } from '../src/defaults';

/*
 * What a probe of the mode tables may ask of a client (types only): the rows are data the server reads its
 * names and descriptions from, so they name no test code; tests/self/support/reference-client.ts plays it.
 */

export type Fields = Record<string, unknown>;

export interface V2Member {
  id: string;
  tenant_id: string;
  name: string | null;
  address: string;
  protocol_port: number;
  subnet_id: string | null;
  admin_state_up: boolean;
  weight: number;
  operating_status?: string;
}

/** A v3 member; the fields a choice may leave out are optional. */
export interface V3Member {
  id: string;
  name: string;
  project_id?: string;
  address: string;
  protocol_port: number;
  weight: number;
  admin_state_up: boolean;
  subnet_cidr_id?: string | null;
  operating_status: string;
  ip_version: string;
  created_at?: string;
  updated_at?: string;
  member_type?: string;
  instance_id?: string;
}

/** The fields of every error shape the server may answer with (a choice picks the shape). */
export interface ErrorBody {
  NeutronError?: { message?: string; type?: string; detail?: string };
  error_msg?: string;
  error_code?: string;
  request_id?: string;
  faultcode?: string;
  faultstring?: string;
}

export interface V2One extends ErrorBody {
  member: V2Member;
}
export interface V2List extends ErrorBody {
  members: V2Member[];
  members_links: { rel: string; href: string }[];
}
export interface V3One extends ErrorBody {
  member: V3Member;
}
export interface PageInfo {
  previous_marker?: string;
  next_marker?: string;
  current_count: number;
}
export interface V3List extends ErrorBody {
  page_info: PageInfo;
  members: V3Member[];
}

export interface Reply<T = ErrorBody> {
  status: number;
  /** content-type without parameters */
  mime: string;
  /** content-type as sent */
  contentType: string;
  /** The Retry-After header, when there is one. */
  retryAfter?: string;
  /** The Allow header, when there is one. */
  allow?: string;
  text: string;
  /** The parsed body, typed as the request expects it to be; {} when it is not JSON. */
  body: T;
}

export interface CallOptions {
  body?: unknown;
  raw?: string;
  /** null: no X-Auth-Token header; default: the server's token */
  token?: string | null;
  /** false: hand back a refusal (429, or 503 with Retry-After) instead of waiting it out and sending again */
  retry?: boolean;
}

export interface ProbeClient {
  readonly d: ReferenceDefaults;
  call<T = ErrorBody>(method: string, target: string, options?: CallOptions): Promise<Reply<T>>;
  v2Path(pool?: string, member?: string): string;
  v3Path(pool?: string, member?: string, project?: string): string;
  /** A valid member on a fresh address of the v2.0 subnet, port 80, with these fields changed. */
  v2Member(overrides?: Fields): Fields;
  /** A valid member on a fresh address of the v3 IPv4 subnet, port 80, with these fields changed. */
  v3Member(overrides?: Fields): Fields;
  v2Create(member: Fields, pool?: string): Promise<Reply<V2One>>;
  v2Get(id: string, pool?: string): Promise<Reply<V2One>>;
  /** The unpaginated v2.0 listing. */
  v2All(pool?: string): Promise<V2Member[]>;
  v3Create(member: Fields, pool?: string): Promise<Reply<V3One>>;
  v3Get(id: string, pool?: string): Promise<Reply<V3One>>;
  v3List(query?: string, pool?: string): Promise<Reply<V3List>>;
  /** The members of one v3 listing (without limit: the whole pool, in the pools here). */
  v3All(query?: string, pool?: string): Promise<V3Member[]>;
  /** Walks forward with `limit` until a page has no next_marker; returns the pages. */
  walkForward(limit: number, filter?: string): Promise<V3Member[][]>;
  /** Walks back from `marker` with page_reverse=true until a page is empty or short; returns the pages. */
  walkBack(limit: number, marker: string | undefined, filter?: string): Promise<V3Member[][]>;
  /** The fields the contract (openapi/) documents for a member of the API. */
  documentedFields(api: 'v2' | 'v3'): Promise<ReadonlySet<string>>;
}
