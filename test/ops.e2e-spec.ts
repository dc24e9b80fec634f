import { QUEUES } from '../src/queue/queue.constants';
import { createTestApp, TestApp } from './support/test-app';

describe('ops routes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('liveness and readiness report PostgreSQL and Redis', async () => {
    await t.http().get('/health').expect(200);
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves Swagger UI and an OpenAPI document describing every route with schemas', async () => {
    await t.http().get('/docs').expect(200);
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    for (const path of ['/api/v1/complaints', '/api/v1/complaints/{id}', '/api/v1/complaints/{id}/transition', '/api/v1/customers']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.components.securitySchemes).toMatchObject({ bearer: { scheme: 'bearer' }, apiKey: { name: 'X-API-Key' } });
  });

  it('echoes a request id', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('serves the queue dashboard to admins only', async () => {
    await t.http().get('/admin/queues').expect(401);
    await t.http().get('/admin/queues').set(await t.auth('front_desk')).expect(403);
    const page = await t.http().get('/admin/queues').set(await t.auth('admin')).expect(200);
    expect(page.text).toMatch(/<html/i);
    const queues = await t.http().get('/admin/queues/api/queues').set(await t.auth('admin')).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
  });

  it('serves Prometheus metrics with the SLA series declared', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    for (const name of ['sla_firing_lateness_seconds', 'sla_warnings_total', 'sla_breaches_total', 'sla_escalations_total']) expect(res.text).toContain(`# TYPE ${name}`);
  });
});
