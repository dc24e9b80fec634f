import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

describe('complaint intake and lifecycle (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('takes a complaint in with a reference, default severity, derived priority and SLA deadlines', async () => {
    const res = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    expect(res.body).toMatchObject({
      status: 'new',
      severity: 'ordinary',
      priority: 'P3',
      escalationLevel: 0,
      repeatOf: null,
      customer: { tier: 'gold' },
      version: 1,
    });
    expect(res.body.reference).toMatch(/^CMP-\d{4}-\d{6}$/);
    const received = Date.parse(res.body.receivedAt);
    expect(Date.parse(res.body.sla.acknowledgeBy) - received).toBe(4 * 3600 * 1000);
    expect(Date.parse(res.body.sla.resolveBy) - received).toBe(24 * 3600 * 1000);
    expect(res.headers.etag).toBe('"1"');
  });

  it('derives priority from severity and tier, and halves the acknowledge time for diamond customers', async () => {
    const body = complaintBody({ severity: 'major' });
    (body.customer as Record<string, unknown>).tier = 'diamond';
    const res = await t.http().post('/api/v1/complaints').set(admin).send(body).expect(201);
    expect(res.body.priority).toBe('P1');
    expect(Date.parse(res.body.sla.acknowledgeBy) - Date.parse(res.body.receivedAt)).toBe(15 * 60 * 1000);
  });

  it('starts the clocks from receivedAt and refuses a receivedAt in the future', async () => {
    const receivedAt = new Date(Date.now() - 3600_000).toISOString();
    const res = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ receivedAt })).expect(201);
    expect(res.body.receivedAt).toBe(receivedAt);
    expect(res.body.sla.acknowledgeBy).toBe(new Date(Date.parse(receivedAt) + 4 * 3600_000).toISOString());
    const future = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ receivedAt: new Date(Date.now() + 86400_000).toISOString() })).expect(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'receivedAt' })]);
  });

  it('walks intake → acknowledge → assign → in_progress → resolved → closed → reopen, each step on the timeline', async () => {
    const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const id = created.body.id;
    const agent = await t.http().get('/api/v1/auth/me').set(await t.auth('agent')).expect(200);
    const assigneeId: string = agent.body.id;
    await t.http().post(`/api/v1/complaints/${id}/acknowledge`).set(admin).send({ note: '已收到' }).expect(200);
    const unknown = await t.http().post(`/api/v1/complaints/${id}/assign`).set(admin).send({ assigneeId: '5b0e7a52-93d4-4b8c-9d1e-0c3f2a1b4c5d' }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    const assigned = await t.http().post(`/api/v1/complaints/${id}/assign`).set(admin).send({ assigneeId }).expect(200);
    expect(assigned.body.assigneeId).toBe(assigneeId);
    await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    await t.http().post(`/api/v1/complaints/${id}/notes`).set(admin).send({ body: '已联系计费部门', visibility: 'internal' }).expect(201);
    const resolved = await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to: 'resolved', reason: '已退还50元' }).expect(200);
    expect(resolved.body.resolvedAt).not.toBeNull();
    // closing before the revisit is done takes a supervisor's (here the admin's) reason
    const closed = await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to: 'closed', reason: '客户当场确认已解决' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed' });
    const reopened = await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to: 'in_progress', reason: '问题复发' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });

    const timeline = await t.http().get(`/api/v1/complaints/${id}/timeline`).set(admin).expect(200);
    const items = timeline.body.items as { type: string; at: string; actor: unknown; data: Record<string, unknown> }[];
    expect(items.map((e) => e.type)).toEqual([
      'created', 'triaged', 'acknowledged', 'assigned', 'status_changed', 'note_added',
      'status_changed', 'revisit_scheduled', // a resolution schedules the callback
      'status_changed', 'reopened', 'revisit_cancelled', // a reopen cancels it
    ]);
    expect(items.map((e) => e.data.to ?? null)).toEqual([null, null, 'acknowledged', assigneeId, 'in_progress', null, 'resolved', null, 'closed', 'in_progress', null]);
    for (const e of items) {
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(e.actor).toEqual(expect.objectContaining({ type: expect.any(String) }));
    }
    const times = items.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('refuses an illegal move with 409 and the allowed targets, and acknowledging twice', async () => {
    const { body } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const bad = await t.http().post(`/api/v1/complaints/${body.id}/transition`).set(admin).send({ to: 'closed' }).expect(409);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ code: 'illegal_transition', allowed: ['acknowledged', 'in_progress', 'resolved', 'withdrawn'] });
    await t.http().post(`/api/v1/complaints/${body.id}/acknowledge`).set(admin).send({}).expect(200);
    const again = await t.http().post(`/api/v1/complaints/${body.id}/acknowledge`).set(admin).send({}).expect(409);
    expect(again.body.allowed).toEqual(['in_progress', 'pending_customer', 'resolved', 'withdrawn']);
    const events = await t.http().get(`/api/v1/complaints/${body.id}/timeline`).set(admin).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created', 'triaged', 'acknowledged']);
  });

  it('moving straight from new to in_progress counts as the acknowledgement', async () => {
    const { body } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const moved = await t.http().post(`/api/v1/complaints/${body.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    expect(moved.body.acknowledgedAt).not.toBeNull();
    const events = await t.http().get(`/api/v1/complaints/${body.id}/timeline`).set(admin).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created', 'triaged', 'status_changed', 'acknowledged']);
  });

  it('rejects a stale version with 409 (If-Match header or body version) and writes nothing', async () => {
    const { body } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const stale = await t.http().post(`/api/v1/complaints/${body.id}/transition`).set(admin).set('If-Match', '"7"').send({ to: 'in_progress' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 1 });
    await t.http().post(`/api/v1/complaints/${body.id}/acknowledge`).set(admin).send({ version: 2 }).expect(409);
    const ok = await t.http().post(`/api/v1/complaints/${body.id}/acknowledge`).set(admin).set('If-Match', '"1"').send({}).expect(200);
    expect(ok.body.version).toBe(2);
    const current = await t.http().get(`/api/v1/complaints/${body.id}`).set(admin).expect(200);
    expect(current.body).toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it('links a repeat complaint of the same customer and category to the earlier one', async () => {
    const first = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const ref = first.body.customer.externalRef;
    const second = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef: ref } })).expect(201);
    expect(second.body).toMatchObject({ repeatOf: first.body.id, isRepeat: true });
    const other = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef: ref }, category: 'network' })).expect(201);
    expect(other.body).toMatchObject({ repeatOf: null, isRepeat: false });
    const old = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ category: 'price' })).expect(201);
    await t.dataSource.query(`UPDATE complaints SET received_at = now() - interval '31 days' WHERE id = $1`, [old.body.id]);
    const late = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef: old.body.customer.externalRef }, category: 'price' })).expect(201);
    expect(late.body.repeatOf).toBeNull();
  });

  it('upserts the inline customer by externalRef and accepts a customerId instead', async () => {
    const first = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const ref = first.body.customer.externalRef;
    const upgraded = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef: ref, tier: 'platinum' }, category: 'other' })).expect(201);
    expect(upgraded.body.customer).toMatchObject({ id: first.body.customer.id, tier: 'platinum', name: '张三' });
    const byId = await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody({ category: 'product' }), customer: undefined, customerId: first.body.customer.id }).expect(201);
    expect(byId.body.customer.id).toBe(first.body.customer.id);
    const missing = await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody(), customer: undefined, customerId: '8d4f3b1a-6c2e-4f7a-9b8c-1d2e3f4a5b6c' }).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    const neither = await t.http().post('/api/v1/complaints').set(admin).send({ ...complaintBody(), customer: undefined }).expect(400);
    expect(neither.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'customer' })]));
  });

  it('gives references that never collide under concurrent intake', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => t.http().post('/api/v1/complaints').set(admin).send(complaintBody())));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(20);
  });

  it('a tier change at intake recomputes the deadlines of the customer\'s open complaints from their own start', async () => {
    const standard = complaintBody();
    standard.customer.tier = 'standard';
    const first = await t.http().post('/api/v1/complaints').set(admin).send(standard).expect(201);
    const received = Date.parse(first.body.receivedAt);
    expect(Date.parse(first.body.sla.acknowledgeBy) - received).toBe(4 * 3600_000);
    const upgrade = complaintBody({ category: 'network', customer: { externalRef: first.body.customer.externalRef, tier: 'diamond' } });
    await t.http().post('/api/v1/complaints').set(admin).send(upgrade).expect(201);
    const after = (await t.http().get(`/api/v1/complaints/${first.body.id}`).set(admin).expect(200)).body;
    expect(Date.parse(after.sla.acknowledgeBy) - received).toBe(2 * 3600_000);
    const events = (await t.http().get(`/api/v1/complaints/${first.body.id}/timeline`).set(admin).expect(200)).body.items;
    const recalculated = events.find((e: { type: string }) => e.type === 'sla_recalculated');
    expect(recalculated.data.reason).toBe('customer tier standard → diamond');
    // The priority follows the tier, from the complaint's own triage.
    expect(first.body.priority).toBe('P4');
    expect(after.priority).toBe('P3');
    const changed = events.find((e: { type: string }) => e.type === 'priority_changed');
    expect(changed.data).toMatchObject({ from: { priority: 'P4' }, to: { priority: 'P3' }, reason: 'customer tier standard → diamond' });
  });
});
