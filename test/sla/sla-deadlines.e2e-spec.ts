import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QUEUES } from '../../src/queue/queue.constants';
import { tickBucket } from '../../src/sla/firing/sla-job.scheduler';
import { AuthHeaders, createTestApp, TestApp } from '../support/test-app';
import { ALL_FAST_POLICY_FIRINGS, createFastPolicy, deactivatePolicy, firingKeys, intake, sleep, timeline, TimelineItem } from './sla-support';

/**
 * A policy of 2 s acknowledge / 4 s resolve, warning at half, escalation to the supervisor at
 * the breach and to the manager 1 s later. The scenarios run side by side to keep the suite short.
 */
describe('SLA deadlines fire on time through BullMQ (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let policyId: string;
  let majorPolicyId: string;
  const CHANNEL = 'social';

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    await t.auth('supervisor');
    await t.auth('manager');
    policyId = await createFastPolicy(t, admin, CHANNEL);
    // Major complaints on this channel get a longer resolve target, to show recalculation.
    majorPolicyId = await createFastPolicy(t, admin, CHANNEL, { name: 'fast major', match: { channel: CHANNEL, severity: 'major' }, rank: -200, resolveWithinSeconds: 30 });
  });
  afterAll(async () => {
    await deactivatePolicy(t, admin, policyId);
    await deactivatePolicy(t, admin, majorPolicyId);
    await t.close();
  });

  const lateness = (e: TimelineItem) => Date.parse(e.at) - Date.parse(String(e.data.dueAt));

  it('a complaint left alone gets sla_warning, sla_breached and escalated within 1 s of each due time, once each', async () => {
    const c = await intake(t, admin, CHANNEL);
    const received = Date.parse(c.sla.acknowledgeBy) - 2000;
    expect(Date.parse(c.sla.resolveBy) - received).toBe(4000);
    await sleep(6500);

    const items = await timeline(t, admin, c.id);
    expect(firingKeys(items).sort()).toEqual(ALL_FAST_POLICY_FIRINGS);
    const deadlineEvents = items.filter((e) => ['sla_warning', 'sla_breached', 'escalated'].includes(e.type));
    for (const e of deadlineEvents) {
      expect(lateness(e)).toBeGreaterThanOrEqual(0);
      expect(lateness(e)).toBeLessThan(1000);
      expect(e.actor.type).toBe('system');
    }
    const ackBreach = items.find((e) => e.type === 'sla_breached' && e.data.clock === 'acknowledge')!;
    expect(Date.parse(String(ackBreach.data.dueAt))).toBe(Date.parse(c.sla.acknowledgeBy));
    // The breach comes before the escalations it causes.
    const order = items.map((e) => `${e.type}:${String(e.data.clock)}:${String(e.data.firing)}`);
    expect(order.indexOf('sla_breached:acknowledge:breach')).toBeLessThan(order.indexOf('escalated:acknowledge:escalation-1'));

    const complaint = (await t.http().get(`/api/v1/complaints/${c.id}`).set(admin).expect(200)).body;
    expect(complaint).toMatchObject({ escalationLevel: 2, sla: { breached: true } });
    const breached = await t.http().get('/api/v1/complaints?breached=true&limit=200').set(admin).expect(200);
    expect(breached.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    const level2 = await t.http().get('/api/v1/complaints?escalationLevel=2&limit=200').set(admin).expect(200);
    expect(level2.body.items.map((i: { id: string }) => i.id)).toContain(c.id);

    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    const ack = sla.clocks.find((k: { kind: string }) => k.kind === 'acknowledge');
    expect(ack).toMatchObject({ state: 'running', breached: true, targetSeconds: 2 });
    expect(ack.remainingBusinessSeconds).toBeLessThan(0);
    expect(ack.firings.every((f: { firedAt: string | null }) => f.firedAt !== null)).toBe(true);
    expect(ack.ledger.map((l: { action: string }) => l.action)).toEqual(['start']);

    // The people of each level hear of it.
    const supervisorInbox = (await t.http().get('/api/v1/notifications').set(await t.auth('supervisor')).expect(200)).body.items;
    expect(supervisorInbox.filter((n: { complaintId: string; type: string }) => n.complaintId === c.id && n.type === 'escalated').length).toBeGreaterThanOrEqual(2);
    const managerInbox = (await t.http().get('/api/v1/notifications').set(await t.auth('manager')).expect(200)).body.items;
    expect(managerInbox.some((n: { complaintId: string; data: { level: number } }) => n.complaintId === c.id && n.data.level === 2)).toBe(true);
  });

  it('acknowledging in time prevents the acknowledge breach and its escalation', async () => {
    const c = await intake(t, admin, CHANNEL);
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    await sleep(2600);
    const keys = firingKeys(await timeline(t, admin, c.id));
    expect(keys.filter((k) => k.startsWith('acknowledge/'))).toEqual([]);
    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    const ack = sla.clocks.find((k: { kind: string }) => k.kind === 'acknowledge');
    expect(ack).toMatchObject({ state: 'stopped', breached: false, firings: [] });
    expect(ack.ledger.map((l: { action: string; reason: string }) => [l.action, l.reason])).toEqual([
      ['start', expect.any(String)],
      ['stop', 'acknowledged'],
    ]);
  });

  it('pending_customer pauses the resolve clock: the deadline moves by the paused time and nothing fires meanwhile', async () => {
    const c = await intake(t, admin, CHANNEL);
    const resolveBy0 = Date.parse(c.sla.resolveBy);
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer', reason: '等待客户提供账单' }).expect(200);
    const pausedAt = Date.now();
    await sleep(4500); // past the original resolve deadline
    expect(firingKeys(await timeline(t, admin, c.id)).filter((k) => k.startsWith('resolve/breach'))).toEqual([]);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    const pausedMs = Date.now() - pausedAt;
    const after = (await t.http().get(`/api/v1/complaints/${c.id}`).set(admin).expect(200)).body;
    const moved = Date.parse(after.sla.resolveBy) - resolveBy0;
    expect(Math.abs(moved - pausedMs)).toBeLessThan(300);
    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    const resolve = sla.clocks.find((k: { kind: string }) => k.kind === 'resolve');
    expect(resolve.ledger.map((l: { action: string }) => l.action)).toEqual(['start', 'pause', 'resume']);
    expect(resolve.pausedBusinessSeconds).toBeGreaterThan(4.4);
  });

  it('changing severity re-selects the policy and recomputes the deadlines from the same start, keeping the paused time', async () => {
    const c = await intake(t, admin, CHANNEL);
    const received = Date.parse(c.sla.resolveBy) - 4000;
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer' }).expect(200);
    const pausedAt = Date.now();
    await sleep(1500);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    const pausedMs = Date.now() - pausedAt;

    const triaged = await t
      .http()
      .put(`/api/v1/complaints/${c.id}/triage`)
      .set(admin)
      .send({ emotionalNeeds: ['vent'], rationalNeeds: ['fix_problem'], emotionalIntensity: 2, riskFlags: [], severity: 'major' })
      .expect(200);
    expect(triaged.body.severity).toBe('major');
    expect(triaged.body.sla.policyId).toBe(majorPolicyId);
    // 30 s target from the same start, plus the time spent waiting for the customer.
    expect(Math.abs(Date.parse(triaged.body.sla.resolveBy) - received - 30_000 - pausedMs)).toBeLessThan(300);

    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    const resolve = sla.clocks.find((k: { kind: string }) => k.kind === 'resolve');
    expect(resolve.ledger.map((l: { action: string }) => l.action)).toEqual(['start', 'pause', 'resume', 'recalculate']);
    expect(resolve.targetSeconds).toBe(30);
    expect(resolve.pausedBusinessSeconds).toBeGreaterThan(1.4);
    expect(Date.parse(resolve.startedAt)).toBe(received);
    const events = await timeline(t, admin, c.id);
    expect(events.some((e) => e.type === 'sla_recalculated' && e.data.policyId === majorPolicyId)).toBe(true);
    // The old 4 s deadline passes without a resolve breach: its jobs find the deadline moved.
    await sleep(Math.max(0, received + 4000 + pausedMs + 800 - Date.now()));
    expect(firingKeys(await timeline(t, admin, c.id)).filter((k) => k.startsWith('resolve/breach'))).toEqual([]);
  });

  it('a stopped clock keeps no pending moment, a moved deadline gets a wake-up for its new bucket, and a stale wake-up fires nothing', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.SLA_DEADLINES));
    const clock = async (kind: string) => {
      const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
      return sla.clocks.filter((k: { kind: string }) => k.kind === kind).pop() as { firings: { firing: string; dueAt: string; firedAt: string | null }[] };
    };
    // Every pending moment has a delayed wake-up at its bucket (a near one under an id of its own).
    const wakeUps = async (k: { firings: { dueAt: string }[] }) => {
      const buckets = new Set((await queue.getDelayed()).map((j) => (j.data as { dueMs: number }).dueMs));
      return k.firings.filter((f) => buckets.has(tickBucket(new Date(f.dueAt)))).length;
    };

    const c = await intake(t, admin, CHANNEL);
    const ack = await clock('acknowledge');
    expect(ack.firings).toHaveLength(4);
    expect(await wakeUps(ack)).toBe(4);
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    expect((await clock('acknowledge')).firings).toEqual([]);

    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer' }).expect(200);
    expect((await clock('resolve')).firings).toEqual([]);
    await sleep(300);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    const moved = await clock('resolve');
    expect(moved.firings).toHaveLength(4);
    expect(await wakeUps(moved)).toBe(4);
    // The acknowledge clock's old wake-ups still run: they find nothing due for it.
    await sleep(2600);
    expect(firingKeys(await timeline(t, admin, c.id)).filter((k) => k.startsWith('acknowledge/'))).toEqual([]);
  });
});
