import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

describe('complaint list filters and cursor pagination (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let customerId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    const first = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ severity: 'serious' })).expect(201);
    customerId = first.body.customer.id;
    ids.push(first.body.id);
    for (const category of ['network', 'price', 'product', 'process']) {
      const res = await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody({ category }), customer: undefined, customerId }).expect(201);
      ids.push(res.body.id);
    }
    await t.http().post(`/api/v1/complaints/${ids[1]}/acknowledge`).set(admin).send({}).expect(200);
  });
  afterAll(() => t.close());

  it('pages newest first with no overlap and no gap', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/api/v1/complaints?customerId=${customerId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(admin).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by status, severity, priority, customer, breached, escalation level and creation time', async () => {
    const q = async (query: string) =>
      (await t.http().get(`/api/v1/complaints?customerId=${customerId}&${query}`).set(admin).expect(200)).body.items.map((c: { id: string }) => c.id);
    expect(await q('status=acknowledged')).toEqual([ids[1]]);
    expect(await q('severity=serious')).toEqual([ids[0]]);
    const { body: serious } = await t.http().get(`/api/v1/complaints/${ids[0]}`).set(admin).expect(200);
    const samePriority = await t.http().get(`/api/v1/complaints?customerId=${customerId}&priority=${serious.priority}`).set(admin).expect(200);
    expect(samePriority.body.items.map((c: { id: string }) => c.id)).toContain(ids[0]);
    expect(samePriority.body.items.every((c: { priority: string }) => c.priority === serious.priority)).toBe(true);
    expect(await q('breached=true')).toEqual([]);
    expect((await q('breached=false')).length).toBe(5);
    expect(await q('escalationLevel=1')).toEqual([]);
    expect((await q(`createdFrom=${new Date(Date.now() - 60_000).toISOString()}`)).length).toBe(5);
    expect(await q(`createdTo=${new Date(Date.now() - 60_000).toISOString()}`)).toEqual([]);
  });

  it('defaults to 50 items a page', async () => {
    const res = await t.http().get('/api/v1/complaints').set(admin).expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
  });
});
