import { Client } from 'pg';
import { ADMIN_DB_URL, workerDatabase } from '../support/test-env';
import { halfWrittenComplaints } from '../support/consistency';
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

  it('under steady load with connections killed every 300 ms: intakes, changes and reads answer 2xx or 503, every 201 is stored whole', async () => {
    const [{ since }] = await t.dataSource.query(`SELECT now() AS since`);
    const answers: { what: string; status: number; retryAfter?: string; id?: string }[] = [];
    let loading = true;
    // Each loop takes a complaint in, acknowledges it and reads it back, again and again.
    const loop = async () => {
      while (loading) {
        const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody());
        answers.push({ what: 'intake', status: created.status, retryAfter: created.headers['retry-after'], id: created.body.id });
        if (created.status !== 201) continue;
        const acked = await t.http().post(`/api/v1/complaints/${created.body.id}/acknowledge`).set(admin).send({});
        answers.push({ what: 'acknowledge', status: acked.status, retryAfter: acked.headers['retry-after'], id: created.body.id });
        const read = await t.http().get(`/api/v1/complaints/${created.body.id}`).set(admin);
        answers.push({ what: 'read', status: read.status, retryAfter: read.headers['retry-after'] });
      }
    };
    const loops = Array.from({ length: 6 }, loop);
    let killed = 0;
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 300));
      killed += await terminate();
    }
    loading = false;
    await Promise.all(loops);

    expect(killed).toBeGreaterThan(12);
    expect(answers.filter((a) => ![200, 201, 503].includes(a.status))).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.retryAfter === undefined)).toEqual([]);
    expect(answers.filter((a) => a.what === 'intake' && a.status === 201).length).toBeGreaterThan(20);

    // Recovered by itself: with the killing over, a burst of intakes all succeed.
    const burst = await Promise.all(Array.from({ length: 16 }, () => t.http().post('/api/v1/complaints').set(admin).send(complaintBody())));
    expect(burst.map((b) => b.status)).toEqual(burst.map(() => 201));

    const stored = new Set((await t.dataSource.query(`SELECT id FROM complaints WHERE created_at >= $1`, [since])).map((r: { id: string }) => r.id));
    const acknowledged = answers.filter((a) => a.what === 'acknowledge' && a.status === 200).map((a) => a.id!);
    expect(answers.filter((a) => a.what === 'intake' && a.status === 201 && !stored.has(a.id!))).toEqual([]);
    expect(await halfWrittenComplaints((q, p) => t.dataSource.query(q, p), since)).toEqual([]);
    // An acknowledgement answered 200 is stored with its event and the version it moved.
    const [{ wrong }] = await t.dataSource.query(
      `SELECT count(*)::int AS wrong FROM complaints c WHERE c.id = ANY($1)
          AND (c.status <> 'acknowledged' OR c.version <> 2 OR NOT EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'acknowledged'))`,
      [acknowledged],
    );
    expect(wrong).toBe(0);
  });
});
