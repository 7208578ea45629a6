// The contract: the OpenAPI documents of openapi/, loaded once, and the checks of responses against them.
export {
  CONTRACT_DIR,
  CONTRACT_FILES,
  assertValidOpenApi,
  getOperation,
  loadContract,
  readContractDocument,
  requestBodySchema,
  type Contract,
  type ContractDocument,
  type ContractOperation,
  type ContractResponse,
  type HttpMethod,
  type JsonSchema,
} from './spec';
export { exampleBodies, type ExampleBody } from './examples';
export type { SchemaIssue } from './issues';
export {
  responseEntry,
  validateBody,
  validateRequestBody,
  validateResponse,
  type BodyTarget,
  type ContractViolation,
  type ResponseToCheck,
  type ViolationKind,
} from './validator';
