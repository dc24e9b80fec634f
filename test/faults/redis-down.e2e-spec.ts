import type { TestApp } from '../support/test-app';

// Redis is unreachable for this app from the start (nothing listens on this port).
process.env.REDIS_URL = 'redis://127.0.0.1:6399/0';
process.env.THROTTLE_LIMIT_PER_MINUTE = '5';

/**
 * PostgreSQL is the schedule: with Redis down an intake commits and answers at once (the
 * wake-ups are bounded by a short timeout and left to the reconciler), rate limits are counted
 * in the process, and readiness says Redis is down.
 */
describe('Redis down (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Imported after REDIS_URL is set: the app reads its environment when its modules load.
    const { createTestApp } = require('../support/test-app') as typeof import('../support/test-app');
    t = await createTestApp();
  });
  afterAll(async () => {
    // Stop the queue's client from reconnecting to the Redis that never comes, then close.
    const { getQueueToken } = require('@nestjs/bullmq') as typeof import('@nestjs/bullmq');
    const queue = t.app.get(getQueueToken('sla-deadlines')) as { connection: { _client?: { disconnect(): void } } };
    queue.connection._client?.disconnect();
    await Promise.race([t.close(), new Promise((r) => setTimeout(r, 3000))]);
  });

  it('takes complaints in within a second each, with their deadlines committed in PostgreSQL', async () => {
    const { complaintBody } = require('../support/test-app') as typeof import('../support/test-app');
    const admin = await t.auth('admin');
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
      expect(Date.now() - started).toBeLessThan(1000);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM sla_firings WHERE complaint_id = $1 AND fired_at IS NULL`, [res.body.id]);
      expect(n).toBeGreaterThan(0);
    }
  });

  it('answers rate-limited requests at once, still limiting them in the process', async () => {
    const admin = await t.auth('admin');
    for (let i = 1; i <= 5; i++) {
      const started = Date.now();
      const res = await t.http().get('/api/v1/auth/me').set(admin);
      expect([i, res.status, Date.now() - started < 1000]).toEqual([i, 200, true]);
    }
    const started = Date.now();
    const refused = await t.http().get('/api/v1/auth/me').set(admin);
    expect([refused.status, refused.body.code, Date.now() - started < 1000]).toEqual([429, 'too_many_requests', true]);
  });

  it('reports Redis down in readiness, fast', async () => {
    const started = Date.now();
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'service_unavailable', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
