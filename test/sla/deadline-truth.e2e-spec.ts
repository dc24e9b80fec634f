import { metricsRegistry } from '../../src/metrics/sla-metrics';
import { SlaCalendarRecomputeService } from '../../src/sla/firing/sla-calendar-recompute.service';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';
import { deactivatePolicy, sleep, timeline } from './sla-support';

const HOUR = 3600;
const ALL_WEEK = { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] };
const OFFICE = [['09:00', '18:00']];
const MON_FRI = { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE };

interface Clock {
  kind: string;
  state: string;
  dueAt: string | null;
  calendarId: string | null;
  targetSeconds: number;
  firings: { firing: string; dueAt: string; firedAt: string | null }[];
  ledger: { action: string; reason: string; detail: Record<string, unknown> }[];
}

/**
 * Deadline truth: each way a deadline used to go wrong through recalculation, pauses, stops,
 * calendar edits and backdating, and who is told. The app runs without workers unless a
 * scenario needs the deadline jobs, so a due-but-unfired deadline can be observed.
 */
describe('deadline truth (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const policies: string[] = [];

  const policy = async (body: Record<string, unknown>) => {
    const res = await t.http().post('/api/v1/sla-policies').set(admin).send({ rank: -500, warnAtRatio: 0.5, escalation: [], ...body }).expect(201);
    policies.push(res.body.id);
    return res.body.id as string;
  };
  const calendar = async (weeklyHours: Record<string, string[][]>, timezone = 'Europe/London') =>
    (await t.http().post('/api/v1/calendars').set(admin).send({ name: `cal ${Date.now()}`, timezone, weeklyHours }).expect(201)).body as { id: string; version: number };
  const intake = async (headers: AuthHeaders, extra: Record<string, unknown>) =>
    (await t.http().post('/api/v1/complaints').set(headers).send(complaintBody(extra)).expect(201)).body;
  const clocks = async (id: string): Promise<Clock[]> => (await t.http().get(`/api/v1/complaints/${id}/sla`).set(admin).expect(200)).body.clocks;
  const clock = async (id: string, kind: string) => (await clocks(id)).filter((c) => c.kind === kind).pop()!;
  const get = async (id: string) => (await t.http().get(`/api/v1/complaints/${id}`).set(admin).expect(200)).body;
  const triage = (id: string, severity: string) =>
    t.http().put(`/api/v1/complaints/${id}/triage`).set(admin).send({ emotionalNeeds: [], rationalNeeds: ['fix_problem'], emotionalIntensity: 1, riskFlags: [], severity });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(async () => {
    for (const id of policies) await deactivatePolicy(t, admin, id);
    await t.close();
  });

  describe('1. recalculation uses the new policy’s calendar', () => {
    it('Friday 17:55 on a Mon–Fri calendar, moved to a 24x7 policy: the acknowledge deadline is Friday 18:10, and back again Monday 09:10', async () => {
      const office = await calendar(MON_FRI);
      await policy({ name: 'web office', match: { channel: 'web', severity: 'ordinary' }, calendarId: office.id, acknowledgeWithinSeconds: 900, resolveWithinSeconds: 40 * HOUR });
      await policy({ name: 'web major 24x7', match: { channel: 'web', severity: 'major' }, acknowledgeWithinSeconds: 900, resolveWithinSeconds: 40 * HOUR, notifyAtIntakeRole: 'manager' });
      // Friday 2025-11-21 17:55 in London (UTC in November).
      const c = await intake(admin, { channel: 'web', receivedAt: '2025-11-21T17:55:00.000Z' });
      expect((await clock(c.id, 'acknowledge')).dueAt).toBe('2025-11-24T09:10:00.000Z');

      await triage(c.id, 'major').expect(200);
      const upgraded = await clock(c.id, 'acknowledge');
      expect(upgraded).toMatchObject({ dueAt: '2025-11-21T18:10:00.000Z', calendarId: null });
      expect(upgraded.ledger.at(-1)).toMatchObject({ action: 'recalculate' });

      await triage(c.id, 'ordinary').expect(200);
      expect(await clock(c.id, 'acknowledge')).toMatchObject({ dueAt: '2025-11-24T09:10:00.000Z', calendarId: office.id });
    });
  });

  describe('2. a stop or pause after a deadline that has not fired yet records the breach in the same change', () => {
    beforeAll(() => policy({ name: 'chat 1s', match: { channel: 'social' }, acknowledgeWithinSeconds: 1, resolveWithinSeconds: 2, escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }] }));

    it('acknowledging late records sla_breached, the escalation, the flag and ?breached=true', async () => {
      const c = await intake(admin, { channel: 'social' });
      await sleep(1300); // no worker runs: the breach is due but unfired
      const acked = (await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200)).body;
      expect(acked).toMatchObject({ status: 'acknowledged', escalationLevel: 1, sla: { breached: true } });
      const events = await timeline(t, admin, c.id);
      expect(events.filter((e) => e.type === 'sla_breached').map((e) => e.data.clock)).toEqual(['acknowledge']);
      expect(events.filter((e) => e.type === 'escalated').map((e) => e.data.clock)).toEqual(['acknowledge']);
      // The acknowledge warning was overtaken by its breach; the resolve warning fell due meanwhile and is recorded too.
      expect(events.filter((e) => e.type === 'sla_warning').map((e) => e.data.clock)).toEqual(['resolve']);
      const listed = (await t.http().get('/api/v1/complaints?breached=true&limit=200').set(admin).expect(200)).body.items.map((i: { id: string }) => i.id);
      expect(listed).toContain(c.id);
      const ack = await clock(c.id, 'acknowledge');
      expect(ack.state).toBe('stopped');
      expect(ack.firings.find((f) => f.firing === 'breach')!.firedAt).not.toBeNull();
    });

    it('pausing after the resolve deadline records its breach; the deadline stays where it was while paused', async () => {
      const c = await intake(admin, { channel: 'social' });
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
      await sleep(2300);
      const parked = (await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer' }).expect(200)).body;
      expect(parked.sla).toMatchObject({ breached: true, resolveBy: c.sla.resolveBy });
      expect((await timeline(t, admin, c.id)).filter((e) => e.type === 'sla_breached').map((e) => e.data.clock)).toEqual(['resolve']);
      // 3. The breach is not moved by the pause after it, nor by the resume.
      await sleep(500);
      const resumed = (await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200)).body;
      expect(resumed.sla.resolveBy).toBe(c.sla.resolveBy);
      expect((await clock(c.id, 'resolve')).dueAt).toBe(c.sla.resolveBy);
    });
  });

  describe('3. only pauses before a point shift it', () => {
    it('paused before its deadline a clock shows no deadline; resumed, the deadline has moved by the pause', async () => {
      await policy({ name: 'email 1h', match: { channel: 'email' }, acknowledgeWithinSeconds: HOUR, resolveWithinSeconds: 2 * HOUR });
      const c = await intake(admin, { channel: 'email' });
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
      const parked = (await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer' }).expect(200)).body;
      expect(parked.sla.resolveBy).toBeNull();
      await sleep(400);
      const resumed = (await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200)).body;
      const moved = Date.parse(resumed.sla.resolveBy) - Date.parse(c.sla.resolveBy);
      expect(moved).toBeGreaterThanOrEqual(400);
      expect(moved).toBeLessThan(1500);
      // The acknowledge deadline (reached before nothing) is untouched.
      expect(resumed.sla.acknowledgeBy).toBe(c.sla.acknowledgeBy);
    });
  });

  describe('4. a calendar edit moves the running clocks that count in it', () => {
    let workers: TestApp;
    beforeAll(async () => (workers = await createTestApp({ workers: true })));
    afterAll(() => workers.close());

    it('a holiday added on the due day moves the deadline and its firings; the recompute is recorded and can resume', async () => {
      const cal = await calendar(ALL_WEEK, 'UTC');
      await policy({ name: 'front desk all week', match: { channel: 'front_desk', customerTier: 'silver' }, calendarId: cal.id, acknowledgeWithinSeconds: 24 * HOUR, resolveWithinSeconds: 48 * HOUR });
      const c = await intake(admin, { channel: 'front_desk', customer: { externalRef: `cal-${Date.now()}`, tier: 'silver' } });
      const before = await clock(c.id, 'acknowledge');
      const dueDay = before.dueAt!.slice(0, 10);
      const edited = (await t.http().patch(`/api/v1/calendars/${cal.id}`).set(admin).send({ holidays: [dueDay] }).expect(200)).body;
      // A worker recomputes it (the calendar-changed job), with the reconciler as the fallback.
      for (let i = 0; i < 50 && (await clock(c.id, 'acknowledge')).dueAt === before.dueAt; i++) await sleep(100);
      await workers.app.get(SlaCalendarRecomputeService).resumePending();
      const after = await clock(c.id, 'acknowledge');
      expect(Date.parse(after.dueAt!)).toBeGreaterThan(Date.parse(before.dueAt!));
      expect(after.firings.find((f) => f.firing === 'breach')!.dueAt).toBe(after.dueAt);
      expect(after.ledger.at(-1)).toMatchObject({ action: 'recalculate', reason: 'calendar edited' });
      expect((await get(c.id)).sla.acknowledgeBy).toBe(after.dueAt);
      const [{ clocks_version }] = await t.dataSource.query(`SELECT clocks_version FROM calendars WHERE id = $1`, [cal.id]);
      expect(clocks_version).toBe(edited.version);
      // Running it again changes nothing and records nothing.
      await workers.app.get(SlaCalendarRecomputeService).recompute(cal.id);
      const again = await clock(c.id, 'acknowledge');
      expect(again.dueAt).toBe(after.dueAt);
      expect(again.ledger).toHaveLength(after.ledger.length);
    });
  });

  describe('6. reopen and recalculation cover every clock; a moved deadline re-arms what fired', () => {
    it('a reopen runs the update and final-response clocks again', async () => {
      await policy({ name: 'regulator channel', match: { channel: 'regulator' }, acknowledgeWithinSeconds: HOUR, resolveWithinSeconds: 8 * HOUR, updateEverySeconds: 2 * HOUR, finalResponseWithinDays: 15 });
      const c = await intake(admin, { channel: 'regulator' });
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'resolved' }).expect(200);
      // the complaint's own clocks stop; the revisit's (the callback after resolution) runs
      expect((await clocks(c.id)).filter((k) => k.state !== 'stopped').map((k) => k.kind)).toEqual(['revisit']);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress', reason: '客户不满意' }).expect(200);
      const running = (await clocks(c.id)).filter((k) => k.state === 'running').map((k) => k.kind).sort();
      expect(running).toEqual(['final_response', 'resolve', 'update']);
    });

    it('a recalculation re-selects the update clock too, and re-arms a fired warning whose new instant lies ahead', async () => {
      await policy({ name: 'call center fast', match: { channel: 'call_center', severity: 'ordinary' }, acknowledgeWithinSeconds: 2, resolveWithinSeconds: HOUR, updateEverySeconds: HOUR });
      await policy({ name: 'call center major', match: { channel: 'call_center', severity: 'major' }, acknowledgeWithinSeconds: 60, resolveWithinSeconds: HOUR, updateEverySeconds: 2 * HOUR });
      const c = await intake(admin, { channel: 'call_center' });
      await sleep(1200);
      // A change records the due warning (no worker runs here): an internal note does not move clocks, a customer one does.
      await t.http().post(`/api/v1/complaints/${c.id}/notes`).set(admin).send({ body: '已回电告知处理进度', visibility: 'customer' }).expect(201);
      expect((await clock(c.id, 'acknowledge')).firings.find((f) => f.firing === 'warning')!.firedAt).not.toBeNull();
      await triage(c.id, 'major').expect(200);
      const ack = await clock(c.id, 'acknowledge');
      const warning = ack.firings.find((f) => f.firing === 'warning')!;
      expect(warning.firedAt).toBeNull();
      expect(Date.parse(warning.dueAt) - Date.parse(c.receivedAt)).toBe(30_000);
      expect((await clock(c.id, 'update')).targetSeconds).toBe(2 * HOUR);
    });
  });

  describe('7. receivedAt a little ahead is clock skew, never an ignored stop', () => {
    it('3 s ahead counts as now and an acknowledge a moment later stops the clock; 10 s ahead is refused', async () => {
      const ahead = new Date(Date.now() + 3000).toISOString();
      const c = await intake(admin, { receivedAt: ahead });
      expect(Date.parse(c.receivedAt)).toBeLessThanOrEqual(Date.now());
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
      expect((await clock(c.id, 'acknowledge')).state).toBe('stopped');
      const far = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ receivedAt: new Date(Date.now() + 10_000).toISOString() })).expect(400);
      expect(far.body.errors[0].field).toBe('receivedAt');
    });
  });

  describe('8. a backdated intake', () => {
    it('records the missed deadlines without the overtaken warnings, outside the lateness histogram', async () => {
      const catchUps = async () => (await metricsRegistry.getSingleMetric('sla_catchup_firings_total')!.get()).values.reduce((n, v) => n + v.value, 0);
      const lateness = async () =>
        (await metricsRegistry.getSingleMetric('sla_firing_lateness_seconds')!.get()).values.filter((v) => (v as { metricName?: string }).metricName === 'sla_firing_lateness_seconds_count').reduce((n, v) => n + v.value, 0);
      const [lateBefore, catchUpBefore] = [await lateness(), await catchUps()];
      const c = await intake(admin, { receivedAt: new Date(Date.now() - 3 * 24 * HOUR * 1000).toISOString() });
      expect(c.sla.breached).toBe(true);
      expect(c.escalationLevel).toBe(2);
      const events = await timeline(t, admin, c.id);
      expect(events.filter((e) => e.type === 'sla_warning')).toEqual([]);
      expect(events.filter((e) => e.type === 'sla_breached').map((e) => e.data.clock).sort()).toEqual(['acknowledge', 'resolve']);
      expect(await catchUps()).toBeGreaterThan(catchUpBefore);
      expect(await lateness()).toBe(lateBefore);
    });
  });

  describe('9. the right people are told', () => {
    it('an unassigned call-center complaint warns the supervisors; a deactivated assignee’s warnings go to their supervisor', async () => {
      const integration = await t.auth('integration');
      const supervisor = await t.auth('supervisor');
      const supervisorId = (await t.http().get('/api/v1/auth/me').set(supervisor).expect(200)).body.id;
      const backdated = new Date(Date.now() - 3 * 24 * HOUR * 1000).toISOString();
      const byPhone = await intake(integration, { channel: 'call_center', receivedAt: backdated });
      expect(byPhone.assigneeId).toBeNull();
      const inbox = async (h: AuthHeaders) => (await t.http().get('/api/v1/notifications?limit=200').set(h).expect(200)).body.items as { complaintId: string; type: string }[];
      expect((await inbox(supervisor)).filter((n) => n.complaintId === byPhone.id && n.type === 'sla_breached').length).toBeGreaterThanOrEqual(1);

      // A front-desk member of the supervisor's team, deactivated: the supervisor hears of their complaint.
      const email = `fd.${Date.now()}@test.example.com`;
      const created = await t.http().post('/api/v1/users').set(admin).send({ email, name: '前台 小王', password: 'Test-Staff-Passw0rd!', role: 'front_desk', supervisorId }).expect(201);
      const frontDesk = { Authorization: `Bearer ${(await t.http().post('/api/v1/auth/login').send({ email, password: 'Test-Staff-Passw0rd!' }).expect(200)).body.accessToken}` };
      const mine = await intake(frontDesk, { channel: 'social' });
      await t.http().post(`/api/v1/users/${created.body.id}/deactivate`).set(admin).expect(200);
      await sleep(1300);
      await t.http().post(`/api/v1/complaints/${mine.id}/acknowledge`).set(admin).send({}).expect(200);
      expect((await inbox(supervisor)).filter((n) => n.complaintId === mine.id && n.type === 'sla_breached').length).toBe(1);
    });

    it('an upgrade to major by triage notifies managers as a major intake does', async () => {
      const manager = await t.auth('manager');
      const c = await intake(admin, { channel: 'web' });
      await triage(c.id, 'major').expect(200);
      const notes = (await t.http().get('/api/v1/notifications?limit=200').set(manager).expect(200)).body.items as { complaintId: string; type: string }[];
      expect(notes.filter((n) => n.complaintId === c.id && n.type === 'major_complaint')).toHaveLength(1);
    });
  });
});
