import type { OpenAPIObject } from '@nestjs/swagger';
import { isThrottledRoute } from '../auth/app-throttler.guard';
import { decide, normalisePath, permissionFor } from '../auth/permissions';
import { ErrorCode } from '../common/errors/error-code';
import { PROBLEM_EXTENSION_PREFIX } from '../common/http/api-problem.decorator';
import { applyAccessToOpenApi } from './openapi-security';

/**
 * Completes what SwaggerModule.createDocument makes from the controllers with what the rest of
 * the code knows, so no controller hand-writes it: access (the permission table), a summary
 * where a route has none, and the 4xx responses every operation can give, as problem+json.
 * Routes of new modules are covered as soon as they are mapped and in the permission table.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  applyAccessToOpenApi(document);
  addProblemComponents(document);
  for (const { key, op } of operationsOf(document)) {
    op.summary ||= derivedSummary(key);
    addProblemResponses(key, op);
  }
  moveRequestDefaultsToDescriptions(document);
  return document;
}

export const PROBLEM_SCHEMA = 'Problem';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface ParameterLike {
  name: string;
  in: string;
}
interface ResponseLike {
  description?: string;
  content?: Record<string, unknown>;
  $ref?: string;
}
export interface OperationLike {
  summary?: string;
  description?: string;
  parameters?: (ParameterLike | { $ref: string })[];
  requestBody?: unknown;
  responses: Record<string, ResponseLike>;
}

/** `/api/v1/complaints/{id}` → `/api/v1/complaints/:id` */
export const toNestPath = (openApiPath: string) => normalisePath(openApiPath.replace(/\{([^}]+)\}/g, ':$1'));

/** Every operation of the document with its permission-table key (`POST /api/v1/complaints/:id/assign`). */
export function operationsOf(document: OpenAPIObject): { key: string; path: string; method: string; op: OperationLike }[] {
  const found: { key: string; path: string; method: string; op: OperationLike }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, OperationLike | undefined>)[method];
      if (op) found.push({ key: `${method.toUpperCase()} ${toNestPath(path)}`, path, method, op });
    }
  }
  return found;
}

/**
 * A summary for a route whose controller gives none: the permission table's note, else the
 * route itself. The OpenAPI spec (test/openapi) fails for such routes so they get a real one.
 */
export function derivedSummary(key: string): string {
  const note = permissionFor(key)?.note?.split(/[;(]/)[0].trim();
  return note ? note[0].toUpperCase() + note.slice(1) : key;
}

/** The standard problem responses, by status: what each means in this API. */
const PROBLEM_RESPONSES: Record<number, { name: string; description: string; example: Record<string, unknown> }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid (`validation_failed` naming each field in `errors`, or `malformed_json`).',
    example: { code: ErrorCode.VALIDATION_FAILED, status: 400, detail: 'summary must be shorter than or equal to 200 characters', errors: [{ field: 'summary', message: 'summary must be shorter than or equal to 200 characters' }] },
  },
  401: {
    name: 'Unauthorized',
    description: 'No valid bearer token or API key (`unauthenticated`).',
    example: { code: ErrorCode.UNAUTHENTICATED, status: 401, detail: 'A bearer token or an API key is required' },
  },
  403: {
    name: 'Forbidden',
    description: "The caller's role may not do this, or may do it only on its own complaints (`forbidden`).",
    example: { code: ErrorCode.FORBIDDEN, status: 403, detail: 'Role agent may not call POST /api/v1/complaints/:id/assign' },
  },
  404: {
    name: 'NotFound',
    description: 'No resource with this id (`not_found`).',
    example: { code: ErrorCode.NOT_FOUND, status: 404, detail: 'Complaint 0b8f6a9e-3c1d-4f3a-9a57-0d1c2b3a4f5e not found' },
  },
  409: {
    name: 'Conflict',
    description: 'The change conflicts with the current state: a stale If-Match version (`stale_version`), a status change the status machine refuses (`illegal_transition`, with the `allowed` targets), a duplicate (`conflict`), or a request with this Idempotency-Key still running (`idempotency_in_progress`).',
    example: { code: ErrorCode.ILLEGAL_TRANSITION, status: 409, detail: 'A complaint cannot move from new to closed', allowed: ['acknowledged', 'in_progress'] },
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The body exceeds the size limit (`payload_too_large`).',
    example: { code: ErrorCode.PAYLOAD_TOO_LARGE, status: 413, detail: 'The request body exceeds 1mb' },
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The body is not sent as `Content-Type: application/json` (`unsupported_media_type`).',
    example: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, status: 415, detail: 'Send the body as JSON with Content-Type: application/json' },
  },
  422: {
    name: 'UnprocessableEntity',
    description: 'The Idempotency-Key was used before with another body (`idempotency_key_reused`).',
    example: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED, status: 422, detail: 'The Idempotency-Key was used with another request body' },
  },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limit exceeded (`too_many_requests`); retry after the `Retry-After` seconds.',
    example: { code: ErrorCode.TOO_MANY_REQUESTS, status: 429, detail: 'Rate limit exceeded, retry later' },
  },
};

const problemRef = { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` };

/** application/problem+json as the exception filter writes it (src/common/errors). */
export const PROBLEM_SCHEMA_OBJECT = {
  type: 'object',
  description: 'An error, as RFC 9457 problem details (application/problem+json).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of error', example: 'https://errors.complaint-desk.dev/validation_failed' },
    title: { type: 'string', description: 'Short, human-readable summary of the kind of error', example: 'The request is not valid' },
    status: { type: 'integer', description: 'The HTTP status code', example: 400 },
    detail: { type: 'string', description: 'What went wrong with this request', example: 'summary must be shorter than or equal to 200 characters' },
    code: { type: 'string', description: `Machine-readable error code: ${Object.values(ErrorCode).join(', ')} (and more specific ones such as four_eyes)`, example: ErrorCode.VALIDATION_FAILED },
    instance: { type: 'string', description: 'The request path', example: '/api/v1/complaints' },
    requestId: { type: 'string', description: 'The X-Request-Id of the request (quote it when reporting a problem)', example: '5f0c2f8e-6a51-4c55-9a8b-1f2e3d4c5b6a' },
    errors: {
      type: 'array',
      description: 'Validation errors, one per field (400)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'Path of the field in the body, query or headers', example: 'customer.phone' },
          message: { type: 'string', example: 'customer.phone must be shorter than or equal to 32 characters' },
        },
      },
    },
    allowed: { type: 'array', items: { type: 'string' }, description: 'For an illegal status change (409): the statuses it may move to', example: ['acknowledged', 'in_progress'] },
  },
  additionalProperties: true,
};

function addProblemComponents(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, [PROBLEM_SCHEMA]: PROBLEM_SCHEMA_OBJECT as never };
  const responses: Record<string, unknown> = { ...(components.responses ?? {}) };
  for (const [status, r] of Object.entries(PROBLEM_RESPONSES)) {
    const example = { type: `https://errors.complaint-desk.dev/${r.example.code}`, title: titleOf(Number(status)), ...r.example, instance: '/api/v1/complaints' };
    responses[r.name] = { description: r.description, content: { [PROBLEM_MEDIA_TYPE]: { schema: problemRef, example } } };
  }
  components.responses = responses as never;
}

const titleOf = (status: number): string =>
  ({ 400: 'The request is not valid', 401: 'Authentication is required', 403: 'Your role may not do this', 404: 'Not found', 409: 'This status change is not allowed', 413: 'The request body is too large', 415: 'The request body must be application/json', 422: 'The Idempotency-Key was used with another request body', 429: 'Too many requests' })[status] ?? 'Error';

const paramsOf = (op: OperationLike): ParameterLike[] => (op.parameters ?? []).filter((p): p is ParameterLike => 'name' in p);

/** The 4xx statuses a route can give, from what is known about it. */
export function problemStatusesFor(key: string, op: OperationLike): number[] {
  const [method, path] = key.split(' ');
  const params = paramsOf(op);
  const headers = params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
  const statuses = new Set<number>();
  const authenticated = decide(key, null) !== 'public';
  if (op.requestBody || params.some((p) => p.in === 'query' || p.in === 'path') || headers.includes('if-match')) statuses.add(400);
  if (authenticated) statuses.add(401).add(403);
  if (params.some((p) => p.in === 'path')) statuses.add(404);
  const changesComplaint = ['POST', 'PUT', 'PATCH'].includes(method) && path.startsWith('/api/v1/complaints/:id');
  if (changesComplaint || headers.includes('if-match') || headers.includes('idempotency-key')) statuses.add(409);
  if (op.requestBody) statuses.add(413).add(415);
  if (headers.includes('idempotency-key')) statuses.add(422);
  if (isThrottledRoute(key)) statuses.add(429);
  return [...statuses].sort();
}

/**
 * Adds the problem responses the route can give (a controller's own @ApiProblem or @ApiResponse
 * for a status keeps its description and gets the Problem body), and types every 4xx as problem+json.
 */
function addProblemResponses(key: string, op: OperationLike): void {
  const extensions = op as unknown as Record<string, unknown>;
  for (const name of Object.keys(extensions)) {
    if (!name.startsWith(PROBLEM_EXTENSION_PREFIX)) continue;
    op.responses[name.slice(PROBLEM_EXTENSION_PREFIX.length)] = { description: String(extensions[name]) };
    delete extensions[name];
  }
  for (const status of problemStatusesFor(key, op)) {
    op.responses[status] ??= { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
  }
  for (const [status, response] of Object.entries(op.responses)) {
    if (!/^4\d\d$/.test(status) || response.$ref) continue;
    response.content = { [PROBLEM_MEDIA_TYPE]: { schema: problemRef } };
  }
  op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
}

interface SchemaLike {
  $ref?: string;
  default?: unknown;
  description?: string;
  required?: string[];
  properties?: Record<string, SchemaLike>;
  items?: SchemaLike;
  allOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  anyOf?: SchemaLike[];
  additionalProperties?: SchemaLike | boolean;
}

/**
 * Generated clients read `default` as "always present" (openapi-typescript makes a property
 * with a default non-optional), which is true of responses but not of requests: a field the
 * server defaults is one the client may leave out. So the defaults of what clients send
 * (request bodies and parameters) are stated in the description instead.
 */
function moveRequestDefaultsToDescriptions(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaLike>;
  const seen = new Set<SchemaLike>();
  const describeDefault = (schema: SchemaLike) => {
    if (schema.default === undefined) return;
    const note = `Default: ${JSON.stringify(schema.default)}.`;
    schema.description = schema.description ? `${schema.description.replace(/\.?$/, '.')} ${note}` : note;
    delete schema.default;
  };
  const visit = (schema: SchemaLike | boolean | undefined): void => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) return visit(schemas[schema.$ref.split('/').pop()!]);
    for (const property of Object.values(schema.properties ?? {})) {
      // a required property has no default worth the name; leave it as declared
      if (!property.$ref) describeDefault(property);
      visit(property);
    }
    for (const nested of [schema.items, schema.additionalProperties, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) visit(nested);
  };
  for (const { op } of operationsOf(document)) {
    for (const parameter of op.parameters ?? []) {
      const schema = (parameter as { schema?: SchemaLike }).schema;
      if (schema) describeDefault(schema);
    }
    const content = (op.requestBody as { content?: Record<string, { schema?: SchemaLike }> } | undefined)?.content ?? {};
    for (const media of Object.values(content)) visit(media.schema);
  }
}
