import { randomUUID } from 'node:crypto';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

describe('bad input gets 400 problem+json naming the field, and writes nothing (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const complaintCount = async () => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM complaints'))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { errors?: { field: string }[]; status: number; code: string } }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(400);
    expect(res.body.code).toEqual(expect.any(String));
    expect((res.body.errors ?? []).map((e) => e.field)).toContain(field);
  };

  const cases: [string, () => Record<string, unknown>, string][] = [
    ['a wrong enum', () => complaintBody({ channel: 'carrier_pigeon' }), 'channel'],
    ['a wrong nested enum', () => complaintBody({ customer: { externalRef: '1', tier: 'bronze' } }), 'customer.tier'],
    ['an unknown field', () => complaintBody({ isAdmin: true }), 'isAdmin'],
    ['an unknown nested field', () => complaintBody({ customer: { externalRef: '1', vip: true } }), 'customer.vip'],
    ['a missing required field', () => { const b = complaintBody(); delete (b as Record<string, unknown>).summary; return b; }, 'summary'],
    ['an over-long field', () => complaintBody({ summary: 'x'.repeat(100_000) }), 'summary'],
    ['a number where text is expected', () => complaintBody({ description: 12345 }), 'description'],
    ['a malformed date', () => complaintBody({ receivedAt: '23/11/2026' }), 'receivedAt'],
    ['a bad customerId', () => ({ ...complaintBody(), customer: undefined, customerId: 'not-a-uuid' }), 'customerId'],
    // nested DTOs: the customer is an object whose inner fields are validated, and it excludes customerId
    ['customer: [] beside customerId', () => ({ ...complaintBody(), customer: [], customerId: randomUUID() }), 'customer'],
    ['customer as an array of customers', () => complaintBody({ customer: [{ externalRef: '1' }] }), 'customer'],
    ['customer as text', () => complaintBody({ customer: '13900001234' }), 'customer'],
    ['customer and customerId both', () => ({ ...complaintBody(), customerId: randomUUID() }), 'customer'],
    ['neither customer nor customerId', () => ({ ...complaintBody(), customer: undefined }), 'customer'],
    ['a customer without externalRef', () => complaintBody({ customer: { name: '张三' } }), 'customer.externalRef'],
    ['a customer with a wrong inner type', () => complaintBody({ customer: { externalRef: 13900001234 } }), 'customer.externalRef'],
    ['a customer with a bad list', () => complaintBody({ customer: { externalRef: '1', churnSignals: 'usage_drop' } }), 'customer.churnSignals'],
    ['a customer with an out-of-range number', () => complaintBody({ customer: { externalRef: '1', tenureMonths: 1e308 } }), 'customer.tenureMonths'],
  ];

  it.each(cases)('%s', async (_name, body, field) => {
    const before = await complaintCount();
    const res = await t.http().post('/api/v1/complaints').set(admin).send(body());
    expectProblem(res, field);
    expect(await complaintCount()).toBe(before);
  });

  it('a malformed JSON body', async () => {
    const res = await t.http().post('/api/v1/complaints').set(admin).set('content-type', 'application/json').send('{"summary": ');
    expectProblem(res, 'body');
    expect(res.body.code).toBe('malformed_json');
  });

  it('a deeply nested body is 400 naming the depth limit, never a stack overflow', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const body of [deep, JSON.stringify(complaintBody()).replace(/}$/, `,"description":${deep}}`)]) {
      const before = await complaintCount();
      const res = await t.http().post('/api/v1/complaints').set(admin).set('content-type', 'application/json').send(body);
      expectProblem(res, body === deep ? 'body' : 'description');
      expect(res.body.errors[0].message).toMatch(/depth > 32/);
      expect(await complaintCount()).toBe(before);
    }
    // 32 levels are fine as far as the parser is concerned (the DTO then refuses the shape)
    const ok = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ desiredOutcome: JSON.parse('['.repeat(31) + ']'.repeat(31)) }));
    expectProblem(ok, 'desiredOutcome');
    expect(ok.body.errors.some((e: { message: string }) => /depth/.test(e.message))).toBe(false);
  });

  it('a NUL byte or a lone surrogate in any string, key or query value is 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [complaintBody({ summary: 'a\u0000b' }), 'summary'],
      [complaintBody({ customer: { externalRef: '1', churnSignals: ['ok', 'x\u0000'] } }), 'customer.churnSignals[1]'],
      [complaintBody({ customer: { externalRef: '1', ['na\u0000me']: 'x' } }), 'customer.na\\u0000me'],
      [complaintBody({ description: 'broken \ud800 pair' }), 'description'],
    ];
    for (const [body, field] of cases) {
      const before = await complaintCount();
      const res = await t.http().post('/api/v1/complaints').set(admin).send(body);
      expectProblem(res, field);
      expect(await complaintCount()).toBe(before);
    }
    const { body: complaint } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    expectProblem(await t.http().post(`/api/v1/complaints/${complaint.id}/notes`).set(admin).send({ body: 'a\u0000', visibility: 'internal' }), 'body');
    expectProblem(await t.http().get('/api/v1/customers?externalRef=139%0000').set(admin), 'externalRef');
    expectProblem(await t.http().get('/api/v1/complaints?phone=1%00').set(admin), 'phone');
  });

  it('a __proto__ key is refused like any unknown field', async () => {
    const res = await t.http().post('/api/v1/complaints').set(admin).set('content-type', 'application/json')
      .send(JSON.stringify(complaintBody()).replace(/^{/, '{"__proto__":{"severity":"major"},'));
    expectProblem(res, '__proto__');
  });

  it('a body that is not application/json is 415 saying so, not a 400 listing every field', async () => {
    const cases: [string, string][] = [
      ['text/plain', JSON.stringify(complaintBody())],
      ['application/x-www-form-urlencoded', 'summary=x&description=y'],
      ['application/json; charset=latin1', JSON.stringify(complaintBody())],
    ];
    for (const [type, body] of cases) {
      const res = await t.http().post('/api/v1/complaints').set(admin).set('content-type', type).send(body);
      expect([type, res.status]).toEqual([type, 415]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('unsupported_media_type');
      expect(res.body.detail).toMatch(/application\/json/);
      expect(res.body.errors).toBeUndefined();
    }
    // no body at all is still fine on a route whose body is optional
    const { body: complaint } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    await t.http().post(`/api/v1/complaints/${complaint.id}/acknowledge`).set(admin).expect(200);
  });

  it('a bad UUID in the path', async () => {
    for (const path of ['/api/v1/complaints/not-a-uuid', '/api/v1/complaints/123/timeline', '/api/v1/customers/x']) {
      expectProblem(await t.http().get(path).set(admin), 'id');
    }
    expectProblem(await t.http().post('/api/v1/complaints/nope/transition').set(admin).send({ to: 'closed' }), 'id');
  });

  it('bad list parameters', async () => {
    expectProblem(await t.http().get('/api/v1/complaints?limit=0').set(admin), 'limit');
    expectProblem(await t.http().get('/api/v1/complaints?limit=201').set(admin), 'limit');
    expectProblem(await t.http().get('/api/v1/complaints?status=open').set(admin), 'status');
    expectProblem(await t.http().get('/api/v1/complaints?breached=maybe').set(admin), 'breached');
    expectProblem(await t.http().get('/api/v1/complaints?cursor=garbage').set(admin), 'cursor');
    expectProblem(await t.http().get('/api/v1/complaints?sort=name').set(admin), 'sort');
  });

  it('a bad transition target and a bad note visibility', async () => {
    const { body } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    expectProblem(await t.http().post(`/api/v1/complaints/${body.id}/transition`).set(admin).send({ to: 'done' }), 'to');
    expectProblem(await t.http().post(`/api/v1/complaints/${body.id}/notes`).set(admin).send({ body: 'x', visibility: 'public' }), 'visibility');
    expectProblem(await t.http().post(`/api/v1/complaints/${body.id}/transition`).set(admin).set('If-Match', 'yesterday').send({ to: 'in_progress' }), 'If-Match');
    const events = await t.http().get(`/api/v1/complaints/${body.id}/timeline`).set(admin).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created', 'triaged']);
  });

  it('a missing complaint is 404 problem+json', async () => {
    const res = await t.http().get(`/api/v1/complaints/${randomUUID()}`).set(admin).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('not_found');
  });

  it('a body over the size limit is 413 problem+json', async () => {
    const res = await t.http().post('/api/v1/complaints').set(admin).set('content-type', 'application/json').send(JSON.stringify(complaintBody({ description: 'x'.repeat(1_100_000) })));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
