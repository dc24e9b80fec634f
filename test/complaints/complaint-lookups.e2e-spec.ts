import { Logger as TypeOrmLogger } from 'typeorm';
import { AuthHeaders, complaintBody, createTestApp, TestApp, uniqueRef } from '../support/test-app';

interface Item {
  id: string;
  reference: string;
  status: string;
  category: string;
  channel: string;
  priority: string;
  createdAt: string;
  customer: { id: string; tier: string };
  assigneeId: string | null;
  takenInBy: { id: string | null; name: string | null };
  owner: { id: string; name: string | null } | null;
  promised: { what: string | null; by: string | null; desiredOutcome: string | null };
  lastCustomerNote: { body: string; at: string; by: string | null } | null;
  sla: { acknowledgeBy: string | null; resolveBy: string | null };
}

/** What an agent on the phone reads back, and the list's filters and orders (issue 14 item 4, issue 15 item 8). */
describe('complaint look-ups and list filters (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let frontDesk: AuthHeaders;
  let me: { id: string; name: string };
  const phone = `138${String(Date.now()).slice(-8)}`;
  const externalRef = uniqueRef();
  let first: Item;
  let second: Item;
  const statements: { query: string; parameters?: unknown[] }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    frontDesk = await t.auth('front_desk');
    me = (await t.http().get('/api/v1/auth/me').set(frontDesk).expect(200)).body;
    const customer = { externalRef, name: '赵六', phone, tier: 'platinum' };
    first = (await t.http().post('/api/v1/complaints').set(frontDesk).send(complaintBody({ customer, category: 'network', channel: 'front_desk', desiredOutcome: '恢复网络 Restore the line' })).expect(201)).body;
    second = (await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody({ category: 'price', channel: 'web' }), customer: undefined, customerId: first.customer.id }).expect(201)).body;
    await t.http().post(`/api/v1/complaints/${first.id}/notes`).set(frontDesk).send({ body: '已派工程师上门 An engineer is on the way', visibility: 'customer' }).expect(201);
    await t.http().post(`/api/v1/complaints/${first.id}/notes`).set(frontDesk).send({ body: '客户情绪激动 internal only', visibility: 'internal' }).expect(201);
    const original = t.dataSource.logger;
    (t.dataSource as unknown as { logger: TypeOrmLogger }).logger = {
      logQuery: (query, parameters) => void statements.push({ query, parameters }),
      logQueryError: (...a) => original.logQueryError(...a),
      logQuerySlow: (...a) => original.logQuerySlow(...a),
      logSchemaBuild: (...a) => original.logSchemaBuild(...a),
      logMigration: (...a) => original.logMigration(...a),
      log: (...a) => original.log(...a),
    };
  });
  afterAll(() => t.close());

  const list = async (query: string, headers = admin): Promise<{ items: Item[]; nextCursor: string | null }> => (await t.http().get(`/api/v1/complaints?${query}`).set(headers).expect(200)).body;

  it('?phone= finds the customer by phone or externalRef; each item says status, owner, promise and the last customer-visible note', async () => {
    for (const q of [`phone=${phone}`, `phone=${externalRef}`]) {
      const { items } = await list(q);
      expect(items.map((i) => i.id)).toEqual([second.id, first.id]);
    }
    expect((await list('phone=10000000000')).items).toEqual([]);
    const { items } = await list(`phone=${phone}`);
    const item = items[1];
    expect(item).toMatchObject({
      status: 'new',
      owner: { id: me.id, name: me.name },
      takenInBy: { id: me.id, name: me.name },
      promised: { what: 'first_response', by: first.sla.acknowledgeBy, desiredOutcome: '恢复网络 Restore the line' },
      lastCustomerNote: { body: '已派工程师上门 An engineer is on the way', by: me.name },
    });
    expect(items[0].lastCustomerNote).toBeNull();
    expect(items[0].owner).toMatchObject({ id: expect.any(String) });
  });

  it('a page of look-ups costs the user re-read and one query', async () => {
    statements.length = 0;
    await list(`phone=${phone}&limit=50`);
    expect(statements.length).toBeLessThanOrEqual(2);
  });

  it('?reference=, /complaints/by-reference/:reference and /customers/:id/complaints', async () => {
    expect((await list(`reference=${first.reference}`)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(`reference=${first.reference.toLowerCase()}`)).items.map((i) => i.id)).toEqual([first.id]);
    const one = (await t.http().get(`/api/v1/complaints/by-reference/${first.reference}`).set(frontDesk).expect(200)).body;
    expect(one).toMatchObject({ id: first.id, lastCustomerNote: { body: '已派工程师上门 An engineer is on the way' }, promised: { what: 'first_response' } });
    await t.http().get('/api/v1/complaints/by-reference/CMP-1999-999999').set(admin).expect(404);
    await t.http().get('/api/v1/complaints/by-reference/x%27%3B').set(admin).expect(400);
    const mine = (await t.http().get(`/api/v1/customers/${first.customer.id}/complaints`).set(await t.auth('integration')).expect(200)).body;
    expect(mine.items.map((i: Item) => i.id)).toEqual([second.id, first.id]);
    expect((await t.http().get(`/api/v1/customers/${first.customer.id}/complaints?category=price`).set(admin).expect(200)).body.items.map((i: Item) => i.id)).toEqual([second.id]);
    await t.http().get(`/api/v1/customers/${first.id}/complaints`).set(admin).expect(404);
    await t.http().get(`/api/v1/customers/${first.customer.id}/complaints?phone=1`).set(admin).expect(400);
  });

  it('assigneeId=me, takenInBy=me, category, channel, customerTier, dueBefore', async () => {
    const c = `customerId=${first.customer.id}`;
    expect((await list(`${c}&assigneeId=me`, frontDesk)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(`${c}&takenInBy=me`, frontDesk)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(`${c}&takenInBy=me`)).items.map((i) => i.id)).toEqual([second.id]);
    expect((await list(`${c}&category=network`)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(`${c}&channel=web`)).items.map((i) => i.id)).toEqual([second.id]);
    expect((await list(`${c}&customerTier=platinum`)).items.length).toBe(2);
    expect((await list(`${c}&customerTier=silver`)).items).toEqual([]);
    const [a, b] = [first, second].map((x) => new Date(x.sla.acknowledgeBy!).getTime());
    expect(a).toBeLessThan(b);
    expect((await list(`${c}&dueBefore=${new Date(b + 1).toISOString()}`)).items.map((i) => i.id)).toEqual([second.id, first.id]);
    expect((await list(`${c}&dueBefore=${new Date(a + 1).toISOString()}`)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(`${c}&dueBefore=${new Date(a).toISOString()}`)).items.map((i) => i.id)).toEqual([]);
    for (const bad of ['assigneeId=you', 'takenInBy=1', 'category=weather', 'channel=pigeon', 'customerTier=bronze', 'dueBefore=soon', 'sort=name', 'phone=' + '1'.repeat(65)]) {
      const res = await t.http().get(`/api/v1/complaints?${bad}`).set(admin);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('sort= pages with no gap and no overlap in each order', async () => {
    const customerId = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ severity: 'major' })).expect(201)).body.customer.id;
    const more = [];
    for (const severity of ['ordinary', 'serious', 'major', 'ordinary']) {
      more.push((await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody({ severity }), customer: undefined, customerId }).expect(201)).body as Item);
    }
    await t.http().post(`/api/v1/complaints/${more[0].id}/acknowledge`).set(admin).send({}).expect(200);
    const walk = async (sort: string) => {
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await list(`customerId=${customerId}&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const newest = await walk('-createdAt');
    expect(newest.length).toBe(5);
    expect((await walk('createdAt')).map((i) => i.id)).toEqual(newest.map((i) => i.id).reverse());
    const byPriority = await walk('priority');
    expect(byPriority.length).toBe(5);
    const key = (i: Item) => `${i.priority}|${i.createdAt}|${i.id}`;
    expect(byPriority.map(key)).toEqual([...byPriority.map(key)].sort());
    const byDue = await walk('dueAt');
    const due = (i: Item) => new Date(i.status === 'new' ? i.sla.acknowledgeBy! : i.sla.resolveBy!).getTime();
    expect(byDue.length).toBe(5);
    expect(byDue.map(due)).toEqual([...byDue.map(due)].sort((a, b) => a - b));
    const res = await t.http().get(`/api/v1/complaints?sort=priority&cursor=${encodeURIComponent(newest.length ? (await list(`customerId=${customerId}&limit=1`)).nextCursor! : '')}`).set(admin);
    expect(res.status).toBe(400);
  });

  it('each filter and order is served by its index', async () => {
    await t.dataSource.query('ANALYZE complaints; ANALYZE customers; ANALYZE complaint_events');
    const plan = async (query: string, headers = admin) => {
      statements.length = 0;
      await list(query, headers);
      const q = statements.find((s) => /FROM complaints c/.test(s.query))!;
      return t.dataSource.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await tx.query(`EXPLAIN ${q.query}`, q.parameters);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    const cases: [string, string, AuthHeaders?][] = [
      ['assigneeId=me', 'ix_complaints_assignee_created_at', frontDesk],
      ['takenInBy=me', 'ix_complaints_intake_actor_created_at', frontDesk],
      ['category=network', 'ix_complaints_category_created_at'],
      ['channel=web', 'ix_complaints_channel_created_at'],
      ['customerTier=platinum', 'ix_customers_tier_created_at'],
      // With sort=dueAt (the worklist) the due index serves filter and order; with another order the
      // planner chooses by selectivity between a range of the due index and walking the order's index.
      [`dueBefore=${new Date(Date.now() + 3600_000).toISOString()}&sort=dueAt`, 'ix_complaints_open_next_due'],
      ['sort=dueAt', 'ix_complaints_open_next_due'],
      ['sort=priority', 'ix_complaints_priority_created_at'],
      ['sort=createdAt', 'ix_complaints_created_at_id'],
      [`phone=${phone}`, 'ix_customers_phone'],
      [`phone=${phone}`, 'uq_customers_external_ref'],
      [`reference=${first.reference}`, 'uq_complaints_reference'],
      ['limit=5', 'ix_complaint_events_customer_notes'],
    ];
    const missing: string[] = [];
    for (const [query, index, headers] of cases) {
      const p = await plan(query, headers);
      if (!p.includes(index)) missing.push(`${query}: ${index} not in\n${p}`);
    }
    expect(missing).toEqual([]);
  });
});
