import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import * as ts from 'typescript';
import type { OpenAPIObject } from '@nestjs/swagger';
import { operationsOf, OperationLike, PROBLEM_MEDIA_TYPE } from '../../src/app/openapi-document';
import { PERMISSIONS } from '../../src/auth/permissions';
import { EVENT_TYPES } from '../../src/domain/complaint.enums';
import { buildOpenApiDocuments } from '../support/openapi-document';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `GET /api/v1/complaints/:id` → ['/api/v1/complaints/{id}', 'get'] */
const docLocation = (key: string): [string, string] => {
  const [method, path] = key.split(' ');
  return [path.replace(/:([^/]+)/g, '{$1}'), method.toLowerCase()];
};

describe('OpenAPI document (as GET /docs-json serves it)', () => {
  let declared: OpenAPIObject;
  let served: OpenAPIObject;
  const op = (doc: OpenAPIObject, key: string): OperationLike | undefined => {
    const [path, method] = docLocation(key);
    return (doc.paths[path] as Json | undefined)?.[method];
  };
  const deref = <T extends Json>(value: T): T => {
    const ref = value?.$ref as string | undefined;
    if (!ref) return value;
    const [, , section, name] = ref.split('/');
    return deref((served.components as Json)[section][name]);
  };

  beforeAll(async () => {
    ({ declared, served } = await buildOpenApiDocuments());
  }, 120_000);

  it('has every route of the permission table, each with a summary of its own, the roles allowed and its 4xx responses as Problem', () => {
    const failures: string[] = [];
    for (const [key, permission] of Object.entries(PERMISSIONS)) {
      const mine = op(declared, key);
      const final = op(served, key);
      if (!mine || !final) {
        failures.push(`${key}: not in the document`);
        continue;
      }
      if (!mine.summary?.trim()) failures.push(`${key}: no summary (add @ApiOperation({ summary }) to the controller method)`);
      if (!final.description?.includes(`Roles: ${permission.roles.join(', ')}`)) failures.push(`${key}: the description does not name the roles`);
      const problems = Object.keys(final.responses).filter((status) => /^4\d\d$/.test(status));
      for (const status of ['401', '403', '429']) if (!problems.includes(status)) failures.push(`${key}: no ${status}`);
      for (const status of problems) {
        const schema = deref(final.responses[status] as Json).content?.[PROBLEM_MEDIA_TYPE]?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem') failures.push(`${key}: ${status} is not application/problem+json with the Problem schema`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('derives the 4xx responses from what the route takes', () => {
    for (const { key, op: o } of operationsOf(served)) {
      const statuses = Object.keys(o.responses);
      const params = (o.parameters ?? []) as { name: string; in: string }[];
      const has = (status: string, why: boolean) => expect([key, status, statuses.includes(status)]).toEqual([key, status, why || statuses.includes(status)]);
      has('400', Boolean(o.requestBody) || params.some((p) => p.in !== 'header'));
      has('404', params.some((p) => p.in === 'path'));
      has('413', Boolean(o.requestBody));
      has('415', Boolean(o.requestBody));
      has('422', params.some((p) => p.name === 'Idempotency-Key'));
      has('409', /^(POST|PUT|PATCH) \/api\/v1\/complaints\/:id/.test(key) || params.some((p) => p.name === 'If-Match'));
    }
    expect(Object.keys(op(served, 'POST /api/v1/complaints')!.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429']);
    // a controller's own 4xx keeps its description and gets the Problem body
    const login = op(served, 'POST /api/v1/auth/login')!.responses['401'] as Json;
    expect(login.description).toMatch(/Email or password/);
    expect(login.content[PROBLEM_MEDIA_TYPE].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('describes the problem+json body the error filter writes', () => {
    const problem = (served.components!.schemas as Json).Problem;
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
    expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors', 'allowed']));
    expect(problem.properties.errors.items.required).toEqual(['field', 'message']);
  });

  it('names a server and a licence', () => {
    expect(served.servers?.length).toBeGreaterThan(0);
    expect(served.info.license?.name).toBeTruthy();
  });

  it('declares limit and cursor on every list and types every success response', () => {
    for (const { key, op: o } of operationsOf(served)) {
      const success = Object.entries(o.responses).find(([s]) => s.startsWith('2'));
      expect([key, success ? 'has a 2xx' : 'no 2xx: declare it (e.g. @ApiOkResponse({ type }))']).toEqual([key, 'has a 2xx']);
      const [status, response] = success!;
      if (status === '204') continue;
      const schema = deref((response as Json).content?.['application/json']?.schema ?? {});
      expect([key, Boolean(schema.properties || schema.oneOf)]).toEqual([key, true]);
      if (schema.properties?.nextCursor) {
        const query = ((o.parameters ?? []) as { name: string; in: string }[]).filter((p) => p.in === 'query').map((p) => p.name);
        expect([key, query]).toEqual([key, expect.arrayContaining(['limit', 'cursor'])]);
      }
    }
  });

  it('types timeline events: type is one of EVENT_TYPES, data an object', () => {
    const event = (served.components!.schemas as Json).TimelineEventResponse;
    expect(deref(event.properties.type.allOf?.[0] ?? event.properties.type).enum).toEqual([...EVENT_TYPES]);
    expect(event.properties.data.type).toBe('object');
    expect((served.components!.schemas as Json).RegulatorPresetList.properties.items.items).toEqual({ $ref: '#/components/schemas/RegulatorPresetResponse' });
  });

  it('states intake as customer xor customerId, with Chinese and English examples on the main request bodies', () => {
    const body = (op(served, 'POST /api/v1/complaints')!.requestBody as Json).content['application/json'];
    const shapes = body.schema.oneOf.map((s: Json) => deref(s));
    expect(shapes.map((s: Json) => [s.required.includes('customer'), s.required.includes('customerId'), 'customer' in s.properties, 'customerId' in s.properties])).toEqual([
      [true, false, true, false],
      [false, true, false, true],
    ]);
    // Swagger UI's "Try it out" starts from the first example, a real customer (not "string")
    expect(Object.values(body.examples as Json)[0].value.customer.name).toBe('张三');
    for (const key of [
      'POST /api/v1/complaints',
      'POST /api/v1/customers',
      'POST /api/v1/auth/login',
      'POST /api/v1/triage/analyze',
      'POST /api/v1/complaints/:id/acknowledge',
      'POST /api/v1/complaints/:id/assign',
      'POST /api/v1/complaints/:id/transition',
      'POST /api/v1/complaints/:id/notes',
      'PUT /api/v1/complaints/:id/triage',
    ]) {
      const examples = (op(served, key)!.requestBody as Json).content['application/json'].examples ?? {};
      expect([key, Object.keys(examples)]).toEqual([key, expect.arrayContaining(['zh', 'en'])]);
      expect(JSON.stringify(examples.zh.value)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('leaves no default on what clients send (a generated client would make the field required)', () => {
    const defaults: string[] = [];
    const walk = (schema: Json | undefined, where: string, seen: Set<Json>): void => {
      if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
      seen.add(schema);
      if (schema.default !== undefined) defaults.push(where);
      if (schema.$ref) return walk(deref(schema), schema.$ref, seen);
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) walk(property, `${where}.${name}`, seen);
      for (const nested of [schema.items, ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(nested, where, seen);
    };
    for (const { key, op: o } of operationsOf(served)) {
      for (const p of (o.parameters ?? []) as Json[]) walk(p.schema, `${key} ${p.name}`, new Set());
      walk((o.requestBody as Json | undefined)?.content?.['application/json']?.schema, key, new Set());
    }
    expect(defaults).toEqual([]);
  });

  it('generates a precise client with openapi-typescript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(served));
      const cli = resolve(__dirname, '../../node_modules/openapi-typescript/bin/cli.js');
      execFileSync(process.execPath, [cli, join(dir, 'openapi.json'), '-o', join(dir, 'api.d.ts')], { cwd: dir, stdio: 'pipe' });
      writeFileSync(
        join(dir, 'usage.ts'),
        `import type { components, paths } from './api';
type Intake = paths['/api/v1/complaints']['post']['requestBody']['content']['application/json'];
const intake: Intake = { customer: { externalRef: '13900001111' }, channel: 'front_desk', category: 'billing', summary: '话费多扣', description: '多扣了50元' };
const forCustomer: Intake = { customerId: '0b8f6a9e-3c1d-4f3a-9a57-0d1c2b3a4f5e', channel: 'web', category: 'network', summary: 'Outage', description: 'No service' };
// @ts-expect-error neither customer nor customerId
const neither: Intake = { channel: 'web', category: 'network', summary: 'Outage', description: 'No service' };
// @ts-expect-error channel is not one of the channels
const badChannel: Intake = { customerId: 'x', channel: 'pigeon', category: 'network', summary: 's', description: 'd' };
type NotFound = paths['/api/v1/complaints/{id}']['get']['responses'][404]['content']['application/problem+json'];
const problem: components['schemas']['Problem'] = {} as NotFound;
const field: string | undefined = problem.errors?.[0]?.field;
type Conflict = paths['/api/v1/complaints/{id}/transition']['post']['responses'][409]['content']['application/problem+json'];
const allowed: string[] | undefined = ({} as Conflict).allowed;
const query: NonNullable<paths['/api/v1/complaints']['get']['parameters']['query']> = { limit: 20, cursor: 'abc' };
const eventType: components['schemas']['TimelineEventResponse']['type'] = 'status_changed';
// @ts-expect-error not an event type
const badEventType: components['schemas']['TimelineEventResponse']['type'] = 'bogus';
const policy: components['schemas']['CreateSlaPolicyDto'] = { name: 'p', match: {}, rank: 1, acknowledgeWithinSeconds: 60, resolveWithinSeconds: 3600, warnAtRatio: 0.75, escalation: [] };
const preset: components['schemas']['RegulatorPresetResponse']['unit'] = 'weeks';
export { intake, forCustomer, neither, badChannel, field, allowed, query, eventType, badEventType, policy, preset };
`,
      );
      const program = ts.createProgram([join(dir, 'usage.ts')], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [], skipLibCheck: true });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
