import { Client } from 'pg';
import { ADMIN_DB_URL, workerDatabase } from '../support/test-env';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

/**
 * PostgreSQL connections killed under the service (a restart, pg_terminate_backend): requests
 * answer 201 (the transaction that failed before COMMIT is retried once on a fresh connection)
 * or 503 with Retry-After, never 500; the service recovers by itself; nothing is half-written.
 */
describe('database connections killed (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const terminate = async () => {
    const client = new Client({ connectionString: ADMIN_DB_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [workerDatabase()]);
    await client.end();
    return rows.length;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('answers 201 or 503 (never 500) while connections die, then recovers; no complaint without its clocks', async () => {
    // Fill the pool with idle connections, then kill them all.
    await Promise.all(Array.from({ length: 8 }, () => t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201)));
    expect(await terminate()).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => t.http().post('/api/v1/complaints').set(admin).send(complaintBody())));
      for (const a of answers) {
        statuses.push(a.status);
        if (a.status === 503) {
          expect(a.headers['retry-after']).toBeDefined();
          expect(a.body.code).toBe('service_unavailable');
        }
      }
      await terminate();
    }
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    // Recovered by itself: the pool drops the dead connections as it learns of them.
    let status = 0;
    for (let i = 0; i < 10 && status !== 201; i++) {
      status = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody())).status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(201);
    const [{ orphans }] = await t.dataSource.query(
      `SELECT count(*)::int AS orphans FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM sla_clocks k WHERE k.complaint_id = c.id)
          OR NOT EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'created')`,
    );
    expect(orphans).toBe(0);
  });
});
