import { randomUUID } from 'node:crypto';
import { AuthHeaders, createTestApp, TestApp, uniqueRef } from './support/test-app';

describe('customers (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('creates a profile with the contract fields and finds it by id and by externalRef', async () => {
    const body = { externalRef: uniqueRef(), name: '王五', phone: '+86 139 0000 0000', tier: 'diamond', valueSegment: 'A', lifecycleStage: 'decline', tenureMonths: 84, creditGrade: 1, churnSignals: ['contract_expiring', 'asked_how_to_port_out'] };
    const created = await t.http().post('/api/v1/customers').set(admin).send(body).expect(201);
    expect(created.body).toMatchObject(body);
    const byId = await t.http().get(`/api/v1/customers/${created.body.id}`).set(admin).expect(200);
    expect(byId.body).toEqual(created.body);
    const byRef = await t.http().get(`/api/v1/customers?externalRef=${encodeURIComponent(body.externalRef)}`).set(admin).expect(200);
    expect(byRef.body).toEqual({ items: [created.body], nextCursor: null });
    await t.http().get(`/api/v1/customers/${randomUUID()}`).set(admin).expect(404);
  });

  it('defaults the tier to standard and validates every field', async () => {
    const created = await t.http().post('/api/v1/customers').set(admin).send({ externalRef: uniqueRef() }).expect(201);
    expect(created.body).toMatchObject({ tier: 'standard', churnSignals: [], valueSegment: null });
    const bad = await t.http().post('/api/v1/customers').set(admin).send({ externalRef: uniqueRef(), valueSegment: 'E', tenureMonths: -1, lifecycleStage: 'dead' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lifecycleStage', 'tenureMonths', 'valueSegment']);
  });

  it('pages through the list without overlap', async () => {
    for (let i = 0; i < 5; i++) await t.http().post('/api/v1/customers').set(admin).send({ externalRef: uniqueRef(), tier: 'silver' }).expect(201);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/api/v1/customers?tier=silver&limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(admin).expect(200);
      for (const c of res.body.items) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
