// Loads the hand-written OpenAPI documents of openapi/, checks them, and indexes their operations.
import { isRecord } from '../json';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPI, OpenAPIV3_1 } from 'openapi-types';
import type { ProfileName } from '../catalogue/requirements';
import { DEFAULT_PROFILE } from '../settings/default-profile';
import { cached as cachedOnDisk } from '../cache/disk-cache';
import { parseYaml } from '../cache/yaml';
import { packageFile } from '../package-paths';
import { applyOverlay } from './overlays';

/** swagger-parser, loaded only when a document is checked or dereferenced (a cached contract needs neither). */
async function swaggerParser() {
  return (await import('@apidevtools/swagger-parser')).default;
}

export type JsonSchema = OpenAPIV3_1.SchemaObject;
export type MediaTypeObject = OpenAPIV3_1.MediaTypeObject;
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export const CONTRACT_DIR = packageFile('openapi');
export const CONTRACT_FILES = ['v2-lbaas-members.yaml', 'v3-elb-members.yaml'] as const;

export interface ContractResponse {
  /** The key of the responses map: "201", "4XX", "default". */
  readonly statusKey: string;
  readonly description: string;
  /** Media type -> entry. Undefined when the contract says nothing about the body (401, 204). */
  readonly content: Readonly<Record<string, MediaTypeObject>> | undefined;
}

export interface ContractOperation {
  readonly operationId: string;
  /** The file of openapi/ that declares the operation. */
  readonly document: string;
  readonly method: HttpMethod;
  /** The path template, e.g. "/v2.0/lbaas/pools/{pool_id}/members". */
  readonly path: string;
  /** Path-level and operation-level parameters, the latter winning. */
  readonly parameters: readonly OpenAPIV3_1.ParameterObject[];
  readonly requestBody: OpenAPIV3_1.RequestBodyObject | undefined;
  /** Keyed by status key, in the order of the document. */
  readonly responses: ReadonlyMap<string, ContractResponse>;
}

export interface ContractDocument {
  readonly file: string;
  /** Dereferenced: no $ref is left, and shared schemas are shared objects. */
  readonly api: OpenAPIV3_1.Document;
}

export interface Contract {
  readonly documents: readonly ContractDocument[];
  readonly operations: ReadonlyMap<string, ContractOperation>;
}

const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

const cached = new Map<ProfileName, Promise<Contract>>();

/**
 * The contract as `profile` reads it (openapi/ plus the profile's overlay, src/contract/overlays.ts), loaded,
 * validated and indexed once per process and profile.
 */
export function loadContract(profile: ProfileName = DEFAULT_PROFILE): Promise<Contract> {
  let contract = cached.get(profile);
  if (!contract) {
    contract = buildContract(profile);
    cached.set(profile, contract);
  }
  return contract;
}

/** One document of openapi/ as written: parsed YAML, $refs untouched. */
export async function readContractDocument(file: string): Promise<unknown> {
  const text = await readFile(path.join(CONTRACT_DIR, file), 'utf8');
  return parseYaml(text);
}

/** Throws unless `document` is a valid OpenAPI 3.1 document (per swagger-parser). */
export async function assertValidOpenApi(document: unknown, label: string): Promise<void> {
  const version = isRecord(document) ? document['openapi'] : undefined;
  if (typeof version !== 'string' || !version.startsWith('3.1.')) {
    throw new Error(`${label}: expected an OpenAPI 3.1 document, got openapi: ${JSON.stringify(version)}`);
  }
  try {
    // validate() dereferences its argument in place, hence the copy.
    await (await swaggerParser()).validate(structuredClone(document) as OpenAPI.Document);
  } catch (error) {
    throw new Error(`${label} is not a valid OpenAPI 3.1 document: ${errorMessage(error)}`, { cause: error });
  }
}

/** The operation named `operationId`; throws when the contract has none (a bug in the caller). */
export function getOperation(contract: Contract, operationId: string): ContractOperation {
  const operation = contract.operations.get(operationId);
  if (!operation) {
    const known = [...contract.operations.keys()].join(', ');
    throw new Error(`no operation "${operationId}" in the contract (known: ${known})`);
  }
  return operation;
}

/** The JSON schema of the request body of `operationId`. */
export function requestBodySchema(contract: Contract, operationId: string): JsonSchema {
  const schema = getOperation(contract, operationId).requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`${operationId} has no application/json request body in the contract`);
  return schema;
}

async function buildContract(profile: ProfileName): Promise<Contract> {
  const documents: ContractDocument[] = [];
  const operations = new Map<string, ContractOperation>();
  for (const file of CONTRACT_FILES) {
    const raw = await readContractDocument(file);
    // Patched as written, so that the patched document is validated like the plain one.
    applyOverlay(raw, file, profile);
    // Keyed by the document as patched: a change to openapi/ or to a profile's overlay misses the cache.
    const api = await cachedOnDisk('dereferenced-openapi-1', JSON.stringify(raw), async () => {
      await assertValidOpenApi(raw, `${file} (${profile} profile)`);
      const SwaggerParser = await swaggerParser();
      return (await SwaggerParser.dereference(
        structuredClone(raw) as OpenAPI.Document,
      )) as OpenAPIV3_1.Document;
    });
    documents.push({ file, api });
    for (const operation of indexOperations(file, api)) {
      if (operations.has(operation.operationId)) {
        throw new Error(`${file}: operationId ${operation.operationId} is declared twice in the contract`);
      }
      operations.set(operation.operationId, operation);
    }
  }
  return { documents, operations };
}

function indexOperations(file: string, api: OpenAPIV3_1.Document): ContractOperation[] {
  const operations: ContractOperation[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(api.paths ?? {})) {
    if (!pathItem) continue;
    const pathParameters = (pathItem.parameters ?? []).map((p) =>
      resolved<OpenAPIV3_1.ParameterObject>(p, `${file} ${pathTemplate}`),
    );
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const where = `${file} ${method.toUpperCase()} ${pathTemplate}`;
      if (!operation.operationId) throw new Error(`${where} has no operationId`);
      const own = (operation.parameters ?? []).map((p) => resolved<OpenAPIV3_1.ParameterObject>(p, where));
      const inherited = pathParameters.filter((p) => !own.some((o) => o.in === p.in && o.name === p.name));
      operations.push({
        operationId: operation.operationId,
        document: file,
        method,
        path: pathTemplate,
        parameters: [...inherited, ...own],
        requestBody: operation.requestBody && resolved(operation.requestBody, where),
        responses: indexResponses(operation.responses ?? {}, where),
      });
    }
  }
  return operations;
}

function indexResponses(
  responses: OpenAPIV3_1.ResponsesObject,
  where: string,
): Map<string, ContractResponse> {
  const index = new Map<string, ContractResponse>();
  for (const [statusKey, response] of Object.entries(responses)) {
    const { description, content } = resolved(response, `${where} ${statusKey}`);
    index.set(statusKey, { statusKey, description, content });
  }
  return index;
}

function resolved<T extends object>(value: T | OpenAPIV3_1.ReferenceObject, where: string): T {
  if ('$ref' in value) throw new Error(`${where}: $ref ${value.$ref} was not dereferenced`);
  return value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
