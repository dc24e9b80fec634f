import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';
import { SlaFiringService } from '../../src/sla/firing/sla-firing.service';
import { SlaReconcilerService } from '../../src/sla/firing/sla-reconciler.service';
import { deactivatePolicy, timeline } from '../sla/sla-support';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';
import { Received, Receiver, sleep, waitFor } from '../webhooks/receiver';
import { flushQueueKeys } from '../support/redis-keys';

interface Revisit {
  id: string;
  status: string;
  dueAt: string;
  round: number;
  assigneeId: string | null;
}

interface Firing {
  firing: string;
  dueAt: string;
  firedAt: string | null;
}

describe('revisit.due: the call of a revisit coming due is a firing of its clock, announced once (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let r: Receiver;
  const secret = 'whsec_' + Buffer.alloc(32, 11).toString('base64');
  const policies: string[] = [];
  let webhookId = '';
  /** Due 1 s after the resolution; an unanswered call is retried 1 s later. */
  const SOON = 'email';
  /** Due 3 s after the resolution: time to end the revisit first. */
  const LATER = 'web';

  const policy = async (channel: string, revisitWithinSeconds: number) => {
    const res = await t
      .http()
      .post('/api/v1/sla-policies')
      .set(admin)
      .send({
        name: `revisit due ${channel}`,
        match: { channel },
        rank: -100,
        acknowledgeWithinSeconds: 3600,
        resolveWithinSeconds: 7200,
        warnAtRatio: 0.75,
        escalation: [],
        revisitWithinSeconds,
        revisitReachWithinSeconds: 3600,
        revisitRetryDelays: ['1s'],
        revisitMaxAttempts: 3,
      })
      .expect(201);
    policies.push(res.body.id);
  };
  const resolved = async (channel: string) => {
    const c = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ channel })).expect(201)).body as { id: string; reference: string; customer: { id: string } };
    await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'resolved', reason: '已退还多扣的50元' }).expect(200);
    const [revisit] = (await t.http().get(`/api/v1/complaints/${c.id}/revisits`).set(admin).expect(200)).body.items as Revisit[];
    return { ...c, revisit };
  };
  const dueEvents = (complaintId: string): Received[] => r.of(complaintId).filter((m) => m.message.type === 'revisit.due');
  const revisitFirings = async (complaintId: string): Promise<Firing[]> => {
    const sla = (await t.http().get(`/api/v1/complaints/${complaintId}/sla`).set(admin).expect(200)).body;
    return sla.clocks.filter((k: { kind: string }) => k.kind === 'revisit').flatMap((k: { firings: Firing[] }) => k.firings);
  };
  /** Sweeps as several workers would, at once: nothing fires twice. */
  const sweepRace = () => Promise.all([1, 2, 3].map(() => t.app.get(SlaFiringService).sweep()));

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    r = await new Receiver().start();
    webhookId = (await t.http().post('/api/v1/webhooks').set(admin).send({ url: r.url, events: [...WEBHOOK_EVENT_TYPES], secret }).expect(201)).body.id;
    await policy(SOON, 1);
    await policy(LATER, 3);
  });
  afterAll(async () => {
    await t.http().delete(`/api/v1/webhooks/${webhookId}`).set(admin);
    for (const id of policies) await deactivatePolicy(t, admin, id);
    await t.close();
    await r.stop();
  });

  it('a revisit due in 1 s: revisit.due arrives once, signed, after the complaint\'s earlier events; the timeline shows revisit_due', async () => {
    const c = await resolved(SOON);
    const [due] = await waitFor(() => (dueEvents(c.id).length ? dueEvents(c.id) : null), 15_000);
    await sweepRace();
    await t.app.get(SlaReconcilerService).reconcile();
    await sleep(1500);
    expect(dueEvents(c.id)).toHaveLength(1);

    expect(due.message.data).toMatchObject({
      complaintId: c.id,
      reference: c.reference,
      customerId: c.customer.id,
      revisitId: c.revisit.id,
      kind: 'revisit',
      round: 1,
      attempt: 1,
      assigneeId: c.revisit.assigneeId,
      dueAt: c.revisit.dueAt,
      actor: { type: 'system' },
    });
    expect(Date.parse(due.message.timestamp)).toBeGreaterThanOrEqual(Date.parse(c.revisit.dueAt));

    // In order after everything the complaint did before, numbered without gaps, each signed.
    const got = r.of(c.id);
    expect(got.map((m) => m.message.data.sequence)).toEqual(got.map((_, i) => i + 1));
    expect(got[got.length - 1]).toBe(due);
    const types = got.map((m) => m.message.type);
    expect(types[0]).toBe('complaint.created');
    const resolvedAt = got.findIndex((m) => m.message.type === 'complaint.status_changed' && (m.message.data as { to?: string }).to === 'resolved');
    expect(resolvedAt).toBeGreaterThan(0);
    expect(types.indexOf('revisit.due')).toBeGreaterThan(resolvedAt);
    const verifier = new Webhook(secret);
    for (const m of got) expect(verifier.verify(m.body, m.headers as Record<string, string>)).toEqual(m.message);

    const events = await timeline(t, admin, c.id);
    const dueItems = events.filter((e) => e.type === 'revisit_due');
    expect(dueItems).toHaveLength(1);
    expect(dueItems[0]).toMatchObject({ actor: { type: 'system' }, data: { revisitId: c.revisit.id, round: 1, attempt: 1, dueAt: c.revisit.dueAt } });
    expect(events.findIndex((e) => e.type === 'revisit_due')).toBeGreaterThan(events.findIndex((e) => e.type === 'revisit_scheduled'));
    expect(due.message.data.timelineEventId).toBeDefined();

    expect(await revisitFirings(c.id)).toContainEqual({ firing: 'due', dueAt: c.revisit.dueAt, firedAt: expect.any(String) });
  });

  it('an unanswered call moves the due moment: the retry is announced again (attempt 2), each once', async () => {
    const c = await resolved(SOON);
    await waitFor(() => dueEvents(c.id).length === 1, 15_000);
    const na = (await t.http().post(`/api/v1/revisits/${c.revisit.id}/attempts`).set(admin).send({ outcome: 'no_answer' }).expect(201)).body as Revisit;
    expect(Date.parse(na.dueAt)).toBeGreaterThan(Date.parse(c.revisit.dueAt));
    expect(await revisitFirings(c.id)).toContainEqual({ firing: 'due', dueAt: na.dueAt, firedAt: null });
    await waitFor(() => dueEvents(c.id).length === 2, 15_000);
    await sweepRace();
    await sleep(1000);
    expect(dueEvents(c.id).map((m) => (m.message.data as { attempt?: number; dueAt?: string }).attempt)).toEqual([1, 2]);
    expect(dueEvents(c.id)[1].message.data).toMatchObject({ revisitId: c.revisit.id, dueAt: na.dueAt });
    // The call moved; the revisit's deadline (its clock) did not: no ledger entry for the move.
    const sla = (await t.http().get(`/api/v1/complaints/${c.id}/sla`).set(admin).expect(200)).body;
    expect(sla.clocks.find((k: { kind: string }) => k.kind === 'revisit').ledger.map((l: { action: string }) => l.action)).toEqual(['start']);
  });

  it('a revisit completed or cancelled before its due time never fires; one left open beside them does', async () => {
    const completed = await resolved(LATER);
    const cancelled = await resolved(LATER);
    const open = await resolved(LATER);
    await t.http().post(`/api/v1/revisits/${completed.revisit.id}/attempts`).set(admin).send({ outcome: 'reached', satisfied: true, csat: 5, nps: 9 }).expect(201);
    await t.http().post(`/api/v1/complaints/${cancelled.id}/transition`).set(admin).send({ to: 'in_progress', reason: '客户反映问题仍在' }).expect(200);
    // Ending the revisit took its pending due away in the same change.
    for (const c of [completed, cancelled]) expect((await revisitFirings(c.id)).filter((f) => f.firing === 'due')).toEqual([]);
    expect((await revisitFirings(open.id)).filter((f) => f.firing === 'due')).toEqual([{ firing: 'due', dueAt: open.revisit.dueAt, firedAt: null }]);

    await waitFor(() => dueEvents(open.id).length === 1, 15_000);
    await sweepRace();
    await sleep(1000);
    for (const c of [completed, cancelled]) {
      expect(dueEvents(c.id)).toEqual([]);
      expect((await timeline(t, admin, c.id)).filter((e) => e.type === 'revisit_due')).toEqual([]);
    }
    expect(dueEvents(open.id)).toHaveLength(1);
  });

  it('Redis flushed after scheduling: the reconciler puts the wake-up back from sla_firings and the call is announced once', async () => {
    const c = await resolved(LATER);
    await flushQueueKeys();
    const { jobsRestored } = await t.app.get(SlaReconcilerService).reconcile();
    expect(jobsRestored).toBeGreaterThanOrEqual(1);
    await waitFor(() => dueEvents(c.id).length === 1, 15_000);
    await sweepRace();
    await sleep(1000);
    expect(dueEvents(c.id)).toHaveLength(1);
    expect(dueEvents(c.id)[0].message.data).toMatchObject({ revisitId: c.revisit.id, dueAt: c.revisit.dueAt });
  });
});
