import { randomUUID } from 'node:crypto';
import { SlaReconcilerService } from '../../src/sla/firing/sla-reconciler.service';
import { deactivatePolicy, firingKeys, sleep, timeline } from '../sla/sla-support';
import { AuthHeaders, complaintBody, createTestApp, TEST_PASSWORD, TestApp, uniqueRef } from '../support/test-app';
import { flushQueueKeys } from '../support/redis-keys';

interface Revisit {
  id: string;
  status: string;
  dueAt: string;
  round: number;
  kind: string;
  assigneeId: string | null;
  attempts: { n: number; outcome: string; nextDueAt: string | null }[];
  sla: { dueAt: string; breached: boolean; state: string } | null;
  [key: string]: unknown;
}

describe('revisits (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: AuthHeaders;
  let fd: AuthHeaders;
  let mgr: AuthHeaders;
  let agent: AuthHeaders;
  let fdId: string;
  let supId: string;
  const policies: string[] = [];
  const CHANNEL = 'web';
  const SLA_CHANNEL = 'social';

  const user = async (role: string, supervisorId?: string) => {
    const email = `${role}.${randomUUID().slice(0, 8)}@test.example.com`;
    const u = await t.http().post('/api/v1/users').set(admin).send({ email, name: `Revisit ${role}`, password: TEST_PASSWORD, role, supervisorId }).expect(201);
    const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    return { id: u.body.id as string, headers: { Authorization: `Bearer ${login.body.accessToken}` } };
  };
  const policy = async (channel: string, extra: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/api/v1/sla-policies')
      .set(admin)
      .send({ name: `revisits ${channel}`, match: { channel }, rank: -100, acknowledgeWithinSeconds: 3600, resolveWithinSeconds: 7200, warnAtRatio: 0.75, escalation: [], ...extra })
      .expect(201);
    policies.push(res.body.id);
    return res.body;
  };
  /** Taken in by the front desk (its first-contact owner) and resolved. */
  const resolved = async (customer: Record<string, unknown> = {}, channel = CHANNEL) => {
    const c = await t
      .http()
      .post('/api/v1/complaints')
      .set(fd)
      .send(complaintBody({ channel, customer: { externalRef: uniqueRef(), name: '李四', phone: '13911112222', tier: 'gold', preferredContactTime: '工作日19:00以后', ...customer } }))
      .expect(201);
    await t.http().post(`/api/v1/complaints/${c.body.id}/acknowledge`).set(fd).send({}).expect(200);
    await t.http().post(`/api/v1/complaints/${c.body.id}/transition`).set(fd).send({ to: 'in_progress' }).expect(200);
    await t.http().post(`/api/v1/complaints/${c.body.id}/transition`).set(fd).send({ to: 'resolved', reason: '已退还多扣的50元', remedy: '50元话费补偿' }).expect(200);
    return c.body as { id: string; customer: { id: string } };
  };
  const revisitsOf = async (complaintId: string): Promise<Revisit[]> => (await t.http().get(`/api/v1/complaints/${complaintId}/revisits`).set(admin).expect(200)).body.items;
  const open = async (complaintId: string) => (await revisitsOf(complaintId)).find((r) => r.status === 'due' || r.status === 'scheduled')!;
  const attempt = (id: string, body: Record<string, unknown>, as: AuthHeaders = fd) => t.http().post(`/api/v1/revisits/${id}/attempts`).set(as).send(body);
  const untilDue = async (r: Revisit) => sleep(Math.max(0, Date.parse(r.dueAt) - Date.now() + 50));
  const inbox = async (h: AuthHeaders) => (await t.http().get('/api/v1/notifications?limit=200').set(h).expect(200)).body.items as { type: string; complaintId: string }[];
  const complaint = async (id: string) => (await t.http().get(`/api/v1/complaints/${id}`).set(admin).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    const s = await user('supervisor');
    supId = s.id;
    sup = s.headers;
    const f = await user('front_desk', supId);
    fdId = f.id;
    fd = f.headers;
    mgr = (await user('manager')).headers;
    agent = (await user('agent', supId)).headers;
    await policy(CHANNEL, { revisitWithinSeconds: 1, revisitReachWithinSeconds: 3600, revisitRetryDelays: ['1s', '2s'], revisitMaxAttempts: 3, secondRevisitAfterSeconds: 2 });
  });
  afterAll(async () => {
    for (const id of policies) await deactivatePolicy(t, admin, id);
    await t.close();
  });

  it('resolve → revisit → no answer twice, rescheduled each time → not satisfied: reopened and escalated → resolved → satisfied, NPS 9 → closed', async () => {
    const c = await resolved();
    const [first] = await revisitsOf(c.id);
    expect(first).toMatchObject({ kind: 'revisit', round: 1, assigneeId: fdId, resolutionNote: '已退还多扣的50元', remedy: '50元话费补偿', attempts: [] });
    expect(first.customer).toMatchObject({ tier: 'gold', preferredContactTime: '工作日19:00以后', phoneFlagged: false });
    expect(first.complaint).toMatchObject({ id: c.id, summary: '话费多扣了50元', status: 'resolved' });
    // the clock: 1 s to the call and an hour to reach the customer
    expect(Date.parse(first.sla!.dueAt) - Date.parse(first.dueAt)).toBeGreaterThanOrEqual(3599_000);

    await untilDue(first);
    const due = (await t.http().get(`/api/v1/revisits?status=due&assigneeId=${fdId}`).set(fd).expect(200)).body.items as Revisit[];
    expect(due.map((r) => r.id)).toContain(first.id);
    expect((await t.http().get('/api/v1/revisits?status=scheduled').set(fd).expect(200)).body.items.map((r: Revisit) => r.id)).not.toContain(first.id);

    const na = (await attempt(first.id, { outcome: 'no_answer' }).expect(201)).body as Revisit;
    expect(na.attempts).toHaveLength(1);
    expect(Date.parse(na.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));
    expect(na.attempts[0].nextDueAt).toBe(na.dueAt);
    expect(na.sla!.dueAt).toBe(first.sla!.dueAt); // a reschedule keeps the revisit deadline
    await untilDue(na);
    const busy = (await attempt(first.id, { outcome: 'busy', comment: '占线' }).expect(201)).body as Revisit;
    expect(Date.parse(busy.dueAt) - Date.parse(na.dueAt)).toBeGreaterThanOrEqual(2000); // second delay: 2 s
    expect(busy.status).not.toBe('completed');

    const esc0 = (await complaint(c.id)).escalationLevel;
    const unsat = (await attempt(first.id, { outcome: 'reached', satisfied: false, csat: 2, comment: '还是断网' }).expect(201)).body as Revisit;
    expect(unsat).toMatchObject({ status: 'completed', satisfied: false, csat: 2, reopened: true });
    expect(unsat.complaint).toMatchObject({ status: 'in_progress' });
    const reopened = await complaint(c.id);
    expect(reopened).toMatchObject({ status: 'in_progress', escalationLevel: esc0 + 1 });
    const types = (await timeline(t, admin, c.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['revisit_scheduled', 'revisit_attempted', 'revisit_completed', 'reopened', 'escalated']));
    expect((await inbox(fd)).filter((n) => n.complaintId === c.id && n.type === 'revisit_unsatisfied')).toHaveLength(1);
    expect((await inbox(sup)).filter((n) => n.complaintId === c.id && n.type === 'revisit_unsatisfied')).toHaveLength(1);
    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    const revisitClock = sla.clocks.find((k: { kind: string }) => k.kind === 'revisit');
    expect(revisitClock.state).toBe('stopped');
    expect(revisitClock.ledger.map((l: { action: string }) => l.action)).toEqual(['start', 'stop']);

    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'resolved', reason: '更换了光猫' }).expect(200);
    const second = await open(c.id);
    expect(second.id).not.toBe(first.id);
    await untilDue(second);
    const sat = (await attempt(second.id, { outcome: 'reached', satisfied: true, csat: 5, nps: 9 }).expect(201)).body as Revisit;
    expect(sat).toMatchObject({ status: 'completed', nps: 9 });
    expect((await revisitsOf(c.id)).filter((r) => r.status === 'scheduled' || r.status === 'due')).toEqual([]); // gold: no second revisit
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'closed' }).expect(200);

    const from = new Date(Date.now() - 600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const report = (await t.http().get(`/api/v1/reports/satisfaction?from=${from}&to=${to}&groupBy=tier`).set(mgr).expect(200)).body;
    const gold = report.rows.find((r: { group: string }) => r.group === 'gold');
    expect(gold.revisits).toBeGreaterThanOrEqual(2);
    expect(gold.reopened).toBeGreaterThanOrEqual(1);
    expect(gold.promoters).toBeGreaterThanOrEqual(1);
    expect(gold.csatDistribution['5']).toBeGreaterThanOrEqual(1);
  });

  it('closing a resolved complaint before its revisit is done needs a supervisor and a reason', async () => {
    const c = await resolved();
    const agentTry = await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'closed', reason: '客户说不用回访' });
    expect([agentTry.status, agentTry.body.code]).toEqual([403, 'supervisor_required']);
    const noReason = await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(sup).send({ to: 'closed' });
    expect([noReason.status, noReason.body.code, noReason.body.errors?.[0]?.field]).toEqual([409, 'revisit_pending', 'reason']);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(sup).send({ to: 'closed', reason: '客户出国,无法回访' }).expect(200);
    const closedEvent = (await timeline(t, admin, c.id)).find((e) => e.type === 'status_changed' && e.data.to === 'closed')!;
    expect(closedEvent.data.closedBeforeRevisit).toBe((await open(c.id)).id); // the call still happens
  });

  it('a reopen cancels the open revisit; a new resolution schedules a new one', async () => {
    const c = await resolved();
    const r = await open(c.id);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(sup).send({ to: 'in_progress', reason: '客户来电说没修好' }).expect(200);
    expect((await revisitsOf(c.id)).map((x) => [x.id, x.status])).toEqual([[r.id, 'cancelled']]);
    const clock = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body.clocks.find((k: { kind: string }) => k.kind === 'revisit');
    expect(clock.state).toBe('stopped');
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(sup).send({ to: 'resolved' }).expect(200);
    expect((await revisitsOf(c.id)).map((x) => x.status)).toEqual(['cancelled', expect.stringMatching(/^(scheduled|due)$/)]);
  });

  it('bad input is 400 naming the field; an attempt on a completed revisit is 409; two attempts at once: one wins, one gets 409', async () => {
    const c = await resolved();
    const r = await open(c.id);
    const bad: [Record<string, unknown>, string][] = [
      [{ outcome: 'reached', satisfied: true, csat: 0 }, 'csat'],
      [{ outcome: 'reached', satisfied: true, csat: 6 }, 'csat'],
      [{ outcome: 'reached', satisfied: true, nps: 11 }, 'nps'],
      [{ outcome: 'reached', satisfied: true, nps: 3.5 }, 'nps'],
      [{ outcome: 'reached', satisfied: true, nps: -1 }, 'nps'],
      [{ outcome: 'reached', csat: 4 }, 'satisfied'],
      [{ outcome: 'no_answer', nps: 3 }, 'nps'],
      [{ outcome: 'hung_up' }, 'outcome'],
      [{ outcome: 'reached', satisfied: 'yes' }, 'satisfied'],
    ];
    for (const [body, field] of bad) {
      const res = await attempt(r.id, body);
      expect([JSON.stringify(body), res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([JSON.stringify(body), 400, expect.arrayContaining([field])]);
    }
    expect((await revisitsOf(c.id))[0].attempts).toEqual([]); // nothing half-written
    await t.http().get('/api/v1/revisits?status=late').set(admin).expect(400);
    await t.http().get('/api/v1/revisits?cursor=nonsense').set(admin).expect(400);
    await attempt(randomUUID(), { outcome: 'busy' }).expect(404);

    const [a, b] = await Promise.all([attempt(r.id, { outcome: 'no_answer' }), attempt(r.id, { outcome: 'busy' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((await revisitsOf(c.id))[0].attempts).toHaveLength(1);
    // a retry with the same Idempotency-Key answers the first call again instead of recording a second
    const key = `call-${randomUUID()}`;
    const first = await t.http().post(`/api/v1/revisits/${r.id}/attempts`).set(fd).set('Idempotency-Key', key).send({ outcome: 'busy' }).expect(201);
    const retry = await t.http().post(`/api/v1/revisits/${r.id}/attempts`).set(fd).set('Idempotency-Key', key).send({ outcome: 'busy' }).expect(201);
    expect(retry.body.attempts).toEqual(first.body.attempts);
    expect((await revisitsOf(c.id))[0].attempts).toHaveLength(2);

    await attempt(r.id, { outcome: 'reached', satisfied: true, csat: 4, nps: 8 }).expect(201);
    const late = await attempt(r.id, { outcome: 'reached', satisfied: true });
    expect([late.status, late.body.revisitStatus]).toEqual([409, 'completed']);
    // and now anyone may close it
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'closed' }).expect(200);
  });

  it('unanswered up to the attempt count ends unreachable and tells the supervisor; a wrong number ends it at once and flags the phone', async () => {
    const c = await resolved();
    const r = await open(c.id);
    await attempt(r.id, { outcome: 'no_answer' }).expect(201);
    await attempt(r.id, { outcome: 'busy' }).expect(201);
    const last = (await attempt(r.id, { outcome: 'no_answer' }).expect(201)).body as Revisit;
    expect(last).toMatchObject({ status: 'unreachable', endedReason: 'no answer after 3 calls' });
    expect((await inbox(sup)).filter((n) => n.complaintId === c.id && n.type === 'revisit_unreachable')).toHaveLength(1);
    expect((await t.http().get('/api/v1/revisits?status=unreachable&limit=200').set(admin).expect(200)).body.items.map((x: Revisit) => x.id)).toContain(r.id);
    expect((await timeline(t, admin, c.id)).map((e) => e.type)).toContain('revisit_unreachable');

    const w = await resolved();
    const wr = await open(w.id);
    const wrong = (await attempt(wr.id, { outcome: 'wrong_number' }).expect(201)).body as Revisit;
    expect(wrong).toMatchObject({ status: 'unreachable', endedReason: 'wrong number', customer: { phoneFlagged: true } });
    const customer = (await t.http().get(`/api/v1/customers/${w.customer.id}`).set(admin).expect(200)).body;
    expect(customer.phoneFlaggedAt).not.toBeNull();
    await t.http().post(`/api/v1/complaints/${w.id}/transition`).set(fd).send({ to: 'closed' }).expect(200); // unreachable is done
  });

  it('agents record attempts only on revisits assigned to them or to the pool', async () => {
    const c = await resolved();
    const res = await attempt((await open(c.id)).id, { outcome: 'busy' }, agent);
    expect(res.status).toBe(403);
  });

  it('a diamond customer satisfied at the first revisit gets a second one', async () => {
    const c = await resolved({ tier: 'diamond' });
    const first = await open(c.id);
    await attempt(first.id, { outcome: 'reached', satisfied: true, csat: 5, nps: 10 }).expect(201);
    const second = await open(c.id);
    expect(second).toMatchObject({ round: 2, assigneeId: fdId });
    expect(Date.parse(second.dueAt) - Date.now()).toBeGreaterThan(500); // secondRevisitAfterSeconds: 2
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'closed' }).expect(200); // the first is done
  });

  it('a detractor gets a recovery plan with contacts on the worklist until NPS 7+; a manager may end one with a reason', async () => {
    const c = await resolved();
    await attempt((await open(c.id)).id, { outcome: 'reached', satisfied: true, csat: 3, nps: 3 }).expect(201);
    const plans = (await t.http().get(`/api/v1/customers/${c.customer.id}/recovery-plans`).set(fd).expect(200)).body.items;
    expect(plans).toHaveLength(1);
    const plan = plans[0];
    expect(plan).toMatchObject({ status: 'active', startNps: 3, contactEveryDays: 30 });
    const days = (Date.parse(plan.nextContactAt) - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);
    expect((await t.http().get('/api/v1/recovery-plans?status=active&limit=200').set(mgr).expect(200)).body.items.map((p: { id: string }) => p.id)).toContain(plan.id);
    const contacts = (await t.http().get('/api/v1/revisits?kind=recovery&status=scheduled&limit=200').set(fd).expect(200)).body.items.filter((r: Revisit) => r.recoveryPlanId === plan.id);
    expect(contacts).toHaveLength(1);
    expect(contacts[0].dueAt).toBe(plan.nextContactAt);

    // a contact without a repaired view schedules the next one; NPS 8 recovers the plan
    await attempt(contacts[0].id, { outcome: 'reached', satisfied: false, nps: 5 }).expect(201);
    expect((await complaint(c.id)).status).toBe('resolved'); // a recovery contact never reopens
    const next = (await t.http().get(`/api/v1/complaints/${c.id}/revisits`).set(fd).expect(200)).body.items.find((r: Revisit) => r.kind === 'recovery' && r.status === 'scheduled');
    expect(next).toMatchObject({ round: 2, recoveryPlanId: plan.id });
    await attempt(next.id, { outcome: 'reached', satisfied: true, nps: 8 }).expect(201);
    const recovered = (await t.http().get(`/api/v1/customers/${c.customer.id}/recovery-plans`).set(fd).expect(200)).body.items[0];
    expect(recovered).toMatchObject({ status: 'recovered', lastNps: 8, nextContactAt: null });

    const d = await resolved();
    await attempt((await open(d.id)).id, { outcome: 'reached', satisfied: true, nps: 2 }).expect(201);
    const active = (await t.http().get(`/api/v1/customers/${d.customer.id}/recovery-plans?status=active`).set(fd).expect(200)).body.items[0];
    await t.http().post(`/api/v1/recovery-plans/${active.id}/end`).set(agent).send({ reason: 'x' }).expect(403);
    await t.http().post(`/api/v1/recovery-plans/${active.id}/end`).set(mgr).send({}).expect(400);
    const ended = (await t.http().post(`/api/v1/recovery-plans/${active.id}/end`).set(mgr).send({ reason: '客户已携号转网' }).expect(200)).body;
    expect(ended).toMatchObject({ status: 'ended', endReason: '客户已携号转网', nextContactAt: null });
    await t.http().post(`/api/v1/recovery-plans/${active.id}/end`).set(mgr).send({ reason: 'again' }).expect(409);
    expect((await revisitsOf(d.id)).filter((r) => r.kind === 'recovery').map((r) => r.status)).toEqual(['cancelled']);
    expect((await timeline(t, admin, d.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['recovery_plan_started', 'recovery_plan_ended']));
  });

  it('the worklist is ordered by due time, then tier; the pool holds revisits of pool policies', async () => {
    await policy('call_center', { revisitWithinSeconds: 3600, revisitAssignTo: 'pool' });
    const c = await t.http().post('/api/v1/complaints').set(sup).send(complaintBody({ channel: 'call_center' })).expect(201);
    await t.http().post(`/api/v1/complaints/${c.body.id}/transition`).set(sup).send({ to: 'resolved' }).expect(200);
    const r = await open(c.body.id);
    expect(r.assigneeId).toBeNull();
    const pool = (await t.http().get('/api/v1/revisits?pool=true&status=scheduled&limit=200').set(admin).expect(200)).body.items as Revisit[];
    expect(pool.map((x) => x.id)).toContain(r.id);
    const all: Revisit[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Revisit[]; nextCursor: string | null } = (await t.http().get(`/api/v1/revisits?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(admin).expect(200)).body;
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const keys = all.map((x) => [Date.parse(x.dueAt), (x.customer as { tier: string }).tier]);
    const tierRank = (tier: string) => ['diamond', 'platinum', 'gold', 'silver', 'standard'].indexOf(tier);
    for (let i = 1; i < keys.length; i++) {
      const [d0, t0] = keys[i - 1] as [number, string];
      const [d1, t1] = keys[i] as [number, string];
      expect(d0 < d1 || (d0 === d1 && tierRank(t0) <= tierRank(t1))).toBe(true);
    }
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
  });

  it('the revisit clock warns, breaches and escalates like the others, and a revisit whose jobs Redis lost is still due and fires on time', async () => {
    await policy(SLA_CHANNEL, { revisitWithinSeconds: 1, revisitReachWithinSeconds: 1, warnAtRatio: 0.5, escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }] });
    const c = await resolved({}, SLA_CHANNEL);
    await flushQueueKeys(); // the clock's wake-ups are gone
    const r = await open(c.id);
    await sleep(2300); // due after 1 s, deadline after 2 s
    expect((await t.http().get('/api/v1/revisits?status=due&limit=200').set(fd).expect(200)).body.items.map((x: Revisit) => x.id)).toContain(r.id);
    await t.app.get(SlaReconcilerService).reconcile();
    const keys = firingKeys(await timeline(t, admin, c.id)).filter((k) => k.startsWith('revisit/'));
    // each moment once (a warning overtaken by its breach is dropped when both are found due together)
    expect(keys.filter((k) => k !== 'revisit/warning').sort()).toEqual(['revisit/breach', 'revisit/escalation-1']);
    expect(keys.filter((k) => k === 'revisit/warning').length).toBeLessThanOrEqual(1);
    expect(await complaint(c.id)).toMatchObject({ escalationLevel: 1, sla: expect.objectContaining({ breached: true }) });
    expect((await inbox(sup)).some((n) => n.complaintId === c.id && n.type === 'escalated')).toBe(true);
    const after = await open(c.id);
    expect(after.sla).toMatchObject({ breached: true, state: 'running' });
    // reaching the customer late stops the clock, breached
    await attempt(r.id, { outcome: 'reached', satisfied: true, csat: 4 }).expect(201);
    const clock = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body.clocks.find((k: { kind: string }) => k.kind === 'revisit');
    expect(clock).toMatchObject({ state: 'stopped', breached: true });
  });
});
