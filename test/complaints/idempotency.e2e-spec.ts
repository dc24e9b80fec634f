import { randomUUID } from 'node:crypto';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

describe('Idempotency-Key on creates (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('50 concurrent POSTs with one key create exactly one complaint and all get it back', async () => {
    const key = randomUUID();
    const body = complaintBody();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(body)),
    );
    expect(responses.map((r) => r.status).every((s) => s === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE cu.external_ref = $1`,
      [body.customer.externalRef],
    );
    expect(n).toBe(1);
  });

  it('the same key with another body is 422 and creates nothing', async () => {
    const key = randomUUID();
    const firstBody = complaintBody();
    const first = await t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(firstBody).expect(201);
    const other = complaintBody();
    const res = await t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(other).expect(422);
    expect(res.body.code).toBe('idempotency_key_reused');
    const customers = await t.http().get(`/api/v1/customers?externalRef=${other.customer.externalRef}`).set(admin).expect(200);
    expect(customers.body.items).toHaveLength(0);
    const replay = await t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(firstBody).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
  });

  it('a failed request does not burn the key: a corrected retry with the same key succeeds', async () => {
    const key = randomUUID();
    const bad = complaintBody({ customerId: randomUUID(), customer: undefined });
    await t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(bad).expect(400);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]);
    expect(n).toBe(0);
  });

  it('customers: concurrent creates with one key make one customer; without a key a duplicate externalRef is 409', async () => {
    const key = randomUUID();
    const body = { externalRef: `acct-${randomUUID()}`, name: '李四', tier: 'platinum', valueSegment: 'A' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.http().post('/api/v1/customers').set(admin).set('Idempotency-Key', key).send(body)));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const dup = await t.http().post('/api/v1/customers').set(admin).send(body).expect(409);
    expect(dup.body).toMatchObject({ code: 'conflict', existingId: responses[0].body.id });
  });

  it('rejects an over-long key', async () => {
    const res = await t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', 'k'.repeat(300)).send(complaintBody()).expect(400);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
  });
});
