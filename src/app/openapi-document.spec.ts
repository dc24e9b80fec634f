import type { OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApiDocument, derivedSummary, problemStatusesFor } from './openapi-document';

const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenAPIObject =>
  ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } }) as OpenAPIObject;

describe('completeOpenApiDocument', () => {
  it('derives the 4xx statuses from what the route takes and the tables', () => {
    const idempotentBody = { parameters: [{ name: 'Idempotency-Key', in: 'header' }], requestBody: {}, responses: {} };
    expect(problemStatusesFor('POST /api/v1/complaints', idempotentBody)).toEqual([400, 401, 403, 409, 413, 415, 422, 429]);
    expect(problemStatusesFor('GET /api/v1/complaints/:id', { parameters: [{ name: 'id', in: 'path' }], responses: {} })).toEqual([400, 401, 403, 404, 429]);
    expect(problemStatusesFor('POST /api/v1/complaints/:id/notes', { parameters: [{ name: 'id', in: 'path' }], requestBody: {}, responses: {} })).toContain(409);
    expect(problemStatusesFor('GET /api/v1/auth/me', { responses: {} })).toEqual([401, 403, 429]);
    // login is public (no 401/403 of its own) but rate limited
    expect(problemStatusesFor('POST /api/v1/auth/login', { requestBody: {}, responses: {} })).toEqual([400, 413, 415, 429]);
  });

  it('adds problem responses by reference, keeps a route\'s own and types it as Problem', () => {
    const out = completeOpenApiDocument(
      doc({ '/api/v1/customers': { post: { summary: 'Create', 'x-problem-409': 'A customer with this externalRef exists', requestBody: {}, responses: { '201': { description: '' } } } } }),
    );
    const op = (out.paths['/api/v1/customers'] as Record<string, any>).post; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(op.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '429']);
    expect(op.responses['409']).toEqual({ description: 'A customer with this externalRef exists', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
    expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(op['x-problem-409']).toBeUndefined();
    expect(op.description).toMatch(/^Roles: /);
    expect((out.components!.responses as Record<string, any>).Unauthorized.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' }); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('gives a route without a summary one from the permission table or the route', () => {
    expect(derivedSummary('POST /api/v1/complaints')).toBe('Intake');
    expect(derivedSummary('GET /api/v1/not-in-the-table')).toBe('GET /api/v1/not-in-the-table');
  });

  it('moves defaults of request fields into their description, and leaves responses alone', () => {
    const out = completeOpenApiDocument(
      doc(
        {
          '/api/v1/customers': {
            post: {
              summary: 's',
              parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 50 } }],
              requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } } },
              responses: { '201': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Out' } } } } },
            },
          },
        },
        { In: { type: 'object', properties: { tier: { type: 'string', default: 'standard', description: 'Tier' } } }, Out: { type: 'object', properties: { tier: { type: 'string', default: 'standard' } } } },
      ),
    );
    const schemas = out.components!.schemas as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(schemas.In.properties.tier).toEqual({ type: 'string', description: 'Tier. Default: "standard".' });
    expect(schemas.Out.properties.tier.default).toBe('standard');
    expect((out.paths['/api/v1/customers'] as Record<string, any>).post.parameters[0].schema).toEqual({ type: 'integer', description: 'Default: 50.' }); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
});
