import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';
import { WebhookRelayService } from '../../src/webhooks/relay/webhook-relay.service';
import { createFastPolicy, deactivatePolicy } from '../sla/sla-support';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';
import { Receiver, sleep, waitFor } from './receiver';
import { flushQueueKeys } from '../support/redis-keys';

describe('webhooks: outbox, Standard Webhooks deliveries, order, retries (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const receivers: Receiver[] = [];
  const webhookIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
  });
  afterAll(async () => {
    for (const id of webhookIds) await t.http().delete(`/api/v1/webhooks/${id}`).set(admin);
    await t.close();
    for (const r of receivers) await r.stop();
  });

  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  const register = async (url: string, events: string[] = [...WEBHOOK_EVENT_TYPES], secret?: string) => {
    const res = await t.http().post('/api/v1/webhooks').set(admin).send({ url, events, ...(secret ? { secret } : {}) }).expect(201);
    webhookIds.push(res.body.id);
    return res.body as { id: string; secret: string };
  };
  const intake = async (extra: Record<string, unknown> = {}) => (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody(extra)).expect(201)).body;

  it('registers with a generated whsec_ secret shown once, stored sealed; refuses bad input', async () => {
    const r = await receiver();
    const wh = await register(r.url, ['complaint.created']);
    expect(wh.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const list = await t.http().get('/api/v1/webhooks').set(admin).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(wh.secret);
    expect(list.body.items.find((w: { id: string }) => w.id === wh.id)).toMatchObject({ url: r.url, events: ['complaint.created'], active: true });
    const [row] = await t.dataSource.query(`SELECT secret_sealed FROM webhooks WHERE id = $1`, [wh.id]);
    expect(row.secret_sealed).not.toContain(wh.secret.slice(6));
    for (const body of [
      { url: r.url, events: ['complaint.exploded'] },
      { url: r.url, events: [] },
      { url: 'ftp://example.com/x', events: ['complaint.created'] },
      { url: r.url, events: ['complaint.created'], secret: 'whsec_short' },
      { url: r.url, events: ['complaint.created'], secret: 'no-prefix' },
    ]) {
      const res = await t.http().post('/api/v1/webhooks').set(admin).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const agent = await t.auth('agent');
    await t.http().post('/api/v1/webhooks').set(agent).send({ url: r.url, events: ['complaint.created'] }).expect(403);
    await t.http().delete(`/api/v1/webhooks/${wh.id}`).set(admin).expect(204);
    await t.http().delete(`/api/v1/webhooks/${wh.id}`).set(admin).expect(404);
  });

  it('every event type of a complaint arrives signed, in order, numbered 1, 2, 3 … with the reference', async () => {
    const policy = await createFastPolicy(t, admin, 'social', { acknowledgeWithinSeconds: 2, resolveWithinSeconds: 3600, escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }] });
    try {
      const r = await receiver();
      const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
      await register(r.url, [...WEBHOOK_EVENT_TYPES], secret);
      const c = await intake({ channel: 'social' });
      const supervisor = (await t.http().get('/api/v1/auth/me').set(await t.auth('supervisor')).expect(200)).body;
      await waitFor(() => r.of(c.id).some((m) => m.message.type === 'complaint.escalated'), 15_000);
      await t.http().post(`/api/v1/complaints/${c.id}/assign`).set(admin).send({ assigneeId: supervisor.id }).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({ note: '已收到，马上处理 We are on it' }).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/notes`).set(admin).send({ body: '内部备注 internal', visibility: 'internal' }).expect(201);
      await t.http().post(`/api/v1/complaints/${c.id}/notes`).set(admin).send({ body: '退款已申请 A refund is on its way', visibility: 'customer' }).expect(201);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'resolved', reason: '已退还' }).expect(200);

      const got = await waitFor(() => {
        const mine = r.of(c.id);
        return mine.filter((m) => m.message.type === 'complaint.customer_update').length >= 3 && mine.some((m) => (m.message.data as { to?: string }).to === 'resolved') ? mine : null;
      });
      const types = got.map((m) => m.message.type);
      expect(types[0]).toBe('complaint.created');
      for (const type of ['sla.warning', 'sla.breached', 'complaint.escalated', 'complaint.assigned', 'complaint.status_changed', 'complaint.customer_update']) expect(types).toContain(type);
      // In order and gapless per complaint; each signed per Standard Webhooks with the registered secret.
      expect(got.map((m) => m.message.data.sequence)).toEqual(got.map((_, i) => i + 1));
      const verifier = new Webhook(secret);
      for (const m of got) {
        expect(verifier.verify(m.body, m.headers as Record<string, string>)).toEqual(m.message);
        expect(m.message.data.reference).toBe(c.reference);
      }
      expect(new Set(got.map((m) => m.headers['webhook-id'])).size).toBe(got.length);
      const statuses = got.filter((m) => m.message.type === 'complaint.status_changed').map((m) => (m.message.data as unknown as { to: string }).to);
      expect(statuses).toEqual(['acknowledged', 'in_progress', 'resolved']);
      const updates = got.filter((m) => m.message.type === 'complaint.customer_update').map((m) => m.message.data as unknown as { kind: string; text: string });
      expect(updates.map((u) => u.kind)).toEqual(['status', 'note', 'status']);
      expect(updates[0].text).toBe('已收到，马上处理 We are on it');
      expect(updates[1].text).toBe('退款已申请 A refund is on its way');
      expect(JSON.stringify(got)).not.toContain('内部备注');
      const created = got[0].message;
      expect(created.data).toMatchObject({ complaintId: c.id, reference: c.reference, customerId: c.customer.id, channel: 'social', category: 'billing' });
      expect(created.timestamp).toBe(c.createdAt);
    } finally {
      await deactivatePolicy(t, admin, policy);
    }
  });

  it('a receiver failing twice then succeeding gets the event with the same webhook-id; the attempts are listed', async () => {
    const r = await receiver();
    let failures = 2;
    r.answer = () => (failures-- > 0 ? 503 : 200);
    const wh = await register(r.url, ['complaint.created']);
    const c = await intake();
    await waitFor(() => r.of(c.id).length === 1, 20_000);
    const tries = r.of(c.id, false);
    expect(tries.map((m) => m.status)).toEqual([503, 503, 200]);
    expect(new Set(tries.map((m) => m.headers['webhook-id'])).size).toBe(1);
    const dl = (await t.http().get(`/api/v1/webhooks/${wh.id}/deliveries`).set(admin).expect(200)).body;
    const d = dl.items.find((x: { complaintId: string }) => x.complaintId === c.id);
    expect(d).toMatchObject({ status: 'succeeded', attemptCount: 3, eventType: 'complaint.created', eventId: tries[0].headers['webhook-id'] });
    expect(d.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 200]);
    expect(d.attempts[0].error).toBe('receiver answered 503');
    expect(d.attempts.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
    // Backoff: the second retry waited about twice as long as the first.
    const at = d.attempts.map((a: { at: string }) => new Date(a.at).getTime());
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(900);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(1800);

    // Redeliver: the same event again, same id.
    await t.http().post(`/api/v1/webhooks/${wh.id}/deliveries/${d.id}/redeliver`).set(admin).send({}).expect(202);
    await waitFor(() => r.of(c.id).length === 2);
    expect(r.of(c.id)[1].headers['webhook-id']).toBe(tries[0].headers['webhook-id']);
    await t.http().post(`/api/v1/webhooks/${wh.id}/deliveries/${c.id}/redeliver`).set(admin).send({}).expect(404);
  });

  it('a failing earlier event holds back the later ones of its complaint only', async () => {
    const r = await receiver();
    // Everything fails except complaint y's events, until x is let through.
    let y = { id: '' };
    let holdX = true;
    r.answer = (m) => (m.message.data.complaintId === y.id || !holdX ? 200 : 500);
    await register(r.url, ['complaint.created', 'complaint.status_changed']);
    const x = await intake();
    await t.http().post(`/api/v1/complaints/${x.id}/acknowledge`).set(admin).send({}).expect(200);
    y = await intake();
    await t.http().post(`/api/v1/complaints/${y.id}/acknowledge`).set(admin).send({}).expect(200);
    await waitFor(() => r.of(y.id).length === 2, 20_000);
    await waitFor(() => r.of(x.id, false).length >= 2);
    // x's first event keeps failing and its second is never tried meanwhile.
    expect(r.of(x.id)).toEqual([]);
    expect(new Set(r.of(x.id, false).map((m) => m.message.data.sequence))).toEqual(new Set([1]));
    holdX = false;
    await waitFor(() => r.of(x.id).length === 2, 20_000);
    expect(r.of(x.id).map((m) => m.message.type)).toEqual(['complaint.created', 'complaint.status_changed']);
    expect(r.of(y.id).map((m) => m.message.type)).toEqual(['complaint.created', 'complaint.status_changed']);
  });

  it('a receiver down while Redis is flushed still gets every event after it comes back', async () => {
    const r = await receiver();
    let down = true;
    r.answer = () => (down ? 503 : 200);
    await register(r.url, ['complaint.created', 'complaint.status_changed']);
    const c = await intake();
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    await waitFor(() => r.of(c.id, false).length >= 1);
    await flushQueueKeys();
    down = false;
    await t.app.get(WebhookRelayService).reconcile();
    await waitFor(() => r.of(c.id).length === 2, 20_000);
    expect(r.of(c.id).map((m) => m.message.type)).toEqual(['complaint.created', 'complaint.status_changed']);
  });

  it('events written while Redis is empty are relayed from PostgreSQL, nothing lost', async () => {
    const r = await receiver();
    await register(r.url, ['complaint.created']);
    await flushQueueKeys();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await intake()).id);
    await waitFor(() => ids.every((id) => r.of(id).length === 1));
  });

  it('a delivery failing for 24 h is given up: the webhook is disabled and the admins notified', async () => {
    const r = await receiver();
    r.answer = () => 500;
    const wh = await register(r.url, ['complaint.created']);
    const c = await intake();
    await waitFor(() => r.of(c.id, false).length >= 1);
    // A day of failures, compressed: the first attempt was 25 h ago.
    await t.dataSource.query(`UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours', next_attempt_at = now() WHERE webhook_id = $1`, [wh.id]);
    await t.app.get(WebhookRelayService).reconcile();
    let hook: { active: boolean; disabledReason: string | null } | undefined;
    for (let i = 0; i < 100 && !(hook && !hook.active); i++) {
      await sleep(200);
      hook = (await t.http().get('/api/v1/webhooks?limit=200').set(admin).expect(200)).body.items.find((x: { id: string }) => x.id === wh.id);
    }
    expect(hook).toMatchObject({ active: false });
    expect(hook!.disabledReason).toMatch(/failed for 24 h: receiver answered 500/);
    const dl = (await t.http().get(`/api/v1/webhooks/${wh.id}/deliveries`).set(admin).expect(200)).body;
    expect(dl.items[0].status).toBe('failed');
    const inbox = (await t.http().get('/api/v1/notifications?limit=200').set(admin).expect(200)).body.items;
    expect(inbox.some((n: { type: string; data: { webhookId?: string } }) => n.type === 'webhook_disabled' && n.data.webhookId === wh.id)).toBe(true);
    // Nothing more goes to a disabled webhook.
    const before = r.requests.length;
    await intake();
    await sleep(1500);
    expect(r.requests.length).toBe(before);
    await t.http().post(`/api/v1/webhooks/${wh.id}/deliveries/${dl.items[0].id}/redeliver`).set(admin).send({}).expect(409);
  });

  it('status news told to the customer counts as the periodic progress update (update clock restarts)', async () => {
    const policy = (
      await t.http().post('/api/v1/sla-policies').set(admin).send({ name: 'email updates', match: { channel: 'email' }, rank: -100, acknowledgeWithinSeconds: 3600, resolveWithinSeconds: 7200, updateEverySeconds: 600, warnAtRatio: 0.75, escalation: [] }).expect(201)
    ).body.id;
    try {
      const c = await intake({ channel: 'email' });
      const updateClocks = async () => ((await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body.clocks as { kind: string; state: string; ledger: { reason: string }[] }[]).filter((k) => k.kind === 'update');
      expect((await updateClocks()).map((k) => k.state)).toEqual(['running']);
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({ note: '已受理' }).expect(200);
      const after = await updateClocks();
      expect(after.map((k) => k.state)).toEqual(['stopped', 'running']);
      expect(after[0].ledger.at(-1)!.reason).toBe('update sent to the customer');
      // An internal move (acknowledged → in_progress) is no news: the clock runs on.
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
      expect((await updateClocks()).map((k) => k.state)).toEqual(['stopped', 'running']);
    } finally {
      await t.http().patch(`/api/v1/sla-policies/${policy}`).set(admin).send({ active: false }).expect(200);
    }
  });

  it('the OpenAPI document carries the event catalogue: the message schema and an example per type', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.components.schemas.WebhookMessage.properties.type.enum).toEqual([...WEBHOOK_EVENT_TYPES]);
    const callback = doc.paths['/api/v1/webhooks'].post.callbacks.event['{$request.body#/url}'].post;
    const examples = callback.requestBody.content['application/json'].examples;
    expect(Object.keys(examples)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const type of WEBHOOK_EVENT_TYPES) expect(examples[type].value).toMatchObject({ type, data: { complaintId: expect.any(String), reference: expect.any(String), sequence: expect.any(Number) } });
    expect(callback.parameters.map((p: { name: string }) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  });

  it('a refused change writes no event', async () => {
    const c = await intake();
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE complaint_id = $1`, [c.id]);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'closed' }).expect(409);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE complaint_id = $1`, [c.id]);
    expect(after[0].n).toBe(before[0].n);
    expect(before[0].n).toBe(1);
  });
});

describe('webhooks with two workers relaying at once (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: AuthHeaders;
  let receiver: Receiver;
  let webhookId = '';

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestApp({ workers: true }), createTestApp({ workers: true })]);
    admin = await first.auth('admin');
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    if (webhookId) await first.http().delete(`/api/v1/webhooks/${webhookId}`).set(admin);
    await Promise.all([first.close(), second.close()]);
    await receiver.stop();
  });

  it('deliver each event once, in order per complaint', async () => {
    webhookId = (await first.http().post('/api/v1/webhooks').set(admin).send({ url: receiver.url, events: ['complaint.created', 'complaint.status_changed', 'complaint.customer_update'] }).expect(201)).body.id;
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const app = i % 2 ? second : first;
        const c = (await app.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201)).body;
        ids.push(c.id);
        await app.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
        await app.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
      }),
    );
    // created, acknowledged (status + customer news), in_progress: 4 events each.
    await waitFor(() => ids.every((id) => receiver.of(id).length >= 4), 30_000);
    await sleep(1500);
    for (const id of ids) {
      const mine = receiver.of(id);
      expect(mine.map((m) => m.message.data.sequence)).toEqual([1, 2, 3, 4]);
    }
    const all = receiver.requests.map((m) => m.headers['webhook-id']);
    expect(all.length).toBe(ids.length * 4);
    expect(new Set(all).size).toBe(all.length);
    const [row] = await first.dataSource.query(`SELECT count(*)::int AS n, max(attempts) AS most FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]);
    expect(row).toEqual({ n: ids.length * 4, most: 1 });
  });
});
