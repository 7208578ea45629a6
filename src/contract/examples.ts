// Every example body of the contract, with the place it belongs to.
import type { Contract, ContractOperation, MediaTypeObject } from './spec';

export interface ExampleBody {
  /** The file of openapi/ that holds the example. */
  readonly document: string;
  readonly operationId: string;
  readonly part: 'request' | 'response';
  /** The response's status key ("201", "4XX"); undefined for a request example. */
  readonly statusKey: string | undefined;
  readonly mediaType: string;
  /** The key in the `examples` map, or "example" for a lone `example`. */
  readonly name: string;
  readonly summary: string | undefined;
  readonly value: unknown;
}

/** The examples of every request body and response of both documents (shared ones once per use). */
export function exampleBodies(contract: Contract): ExampleBody[] {
  const found: ExampleBody[] = [];
  for (const operation of contract.operations.values()) {
    const requestContent = operation.requestBody?.content ?? {};
    for (const [mediaType, media] of Object.entries(requestContent)) {
      const at = place(operation, 'request', undefined, mediaType);
      found.push(...examplesOf(media, at).map((e) => ({ ...at, ...e })));
    }
    for (const response of operation.responses.values()) {
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        const at = place(operation, 'response', response.statusKey, mediaType);
        found.push(...examplesOf(media, at).map((e) => ({ ...at, ...e })));
      }
    }
  }
  return found;
}

type ExampleValue = Pick<ExampleBody, 'name' | 'summary' | 'value'>;

function place(
  operation: ContractOperation,
  part: ExampleBody['part'],
  statusKey: string | undefined,
  mediaType: string,
): Pick<ExampleBody, 'document' | 'operationId' | 'part' | 'statusKey' | 'mediaType'> {
  return { document: operation.document, operationId: operation.operationId, part, statusKey, mediaType };
}

function examplesOf(
  media: MediaTypeObject,
  at: Pick<ExampleBody, 'operationId' | 'mediaType'>,
): ExampleValue[] {
  const named = Object.entries(media.examples ?? {}).map(([name, example]): ExampleValue => {
    if ('$ref' in example || !('value' in example)) {
      throw new Error(`${at.operationId} ${at.mediaType}: example ${name} has no inline value`);
    }
    return { name, summary: example.summary, value: example.value as unknown };
  });
  return media.example === undefined
    ? named
    : [{ name: 'example', summary: undefined, value: media.example }, ...named];
}
