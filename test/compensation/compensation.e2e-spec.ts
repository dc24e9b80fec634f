import { randomUUID } from 'node:crypto';
import { AuthHeaders, createTestApp, TestApp, uniqueRef } from '../support/test-app';
import { makeUser, newComplaint, proposal, setContractLimits, Staff } from './compensation-support';

describe('compensation proposals and approval limits (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: Staff;
  let sup2: Staff;
  let mgr: Staff;
  let agent: Staff;
  let other: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    sup = await makeUser(t, admin, 'supervisor');
    sup2 = await makeUser(t, admin, 'supervisor');
    mgr = await makeUser(t, admin, 'manager');
    agent = await makeUser(t, admin, 'agent', sup.id);
    other = await makeUser(t, admin, 'agent', sup.id);
    await setContractLimits(t, admin);
  });
  afterAll(() => t.close());

  const propose = (h: AuthHeaders, complaintId: string, extra: Record<string, unknown> = {}) => t.http().post(`/api/v1/complaints/${complaintId}/compensations`).set(h).send(proposal(extra));
  const act = (h: AuthHeaders, id: string, action: string, body: Record<string, unknown> = {}) => t.http().post(`/api/v1/compensations/${id}/${action}`).set(h).send(body);
  const timeline = async (id: string) => (await t.http().get(`/api/v1/complaints/${id}/timeline?limit=200`).set(admin).expect(200)).body.items as { type: string; actor: { id: string }; data: Record<string, unknown> }[];

  it('within the agent\'s limit: approved at once, with both events on the timeline', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const res = await propose(agent.h, id, { amount: 3000, needs: ['compensation', 'be_respected'] }).expect(201);
    expect(res.body).toMatchObject({ complaintId: id, status: 'approved', requiredApproverRole: null, amount: 3000, currency: 'CNY', points: null, value: 3000, needs: ['compensation', 'be_respected'] });
    expect(res.body.proposedBy).toMatchObject({ id: agent.id, role: 'agent' });
    const events = (await timeline(id)).filter((e) => e.type.startsWith('compensation_'));
    expect(events.map((e) => [e.type, e.data.proposalId, e.actor.id])).toEqual([
      ['compensation_proposed', res.body.id, agent.id],
      ['compensation_decided', res.body.id, agent.id],
    ]);
    expect(events[1].data).toMatchObject({ decision: 'approved', automatic: true });
    expect(typeof res.body.value).toBe('number');
  });

  it('above it: waits for a supervisor, who is notified; an agent may not approve; the supervisor does', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const res = await propose(agent.h, id, { amount: 20000 }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
    const inbox = (await t.http().get('/api/v1/notifications').set(sup.h).expect(200)).body.items as { type: string; data: { proposalId: string } }[];
    expect(inbox.some((n) => n.type === 'compensation_approval' && n.data.proposalId === res.body.id)).toBe(true);
    await act(agent.h, res.body.id, 'approve').expect(403);
    const ok = await act(sup.h, res.body.id, 'approve', { reason: '金额合理' }).expect(200);
    expect(ok.body).toMatchObject({ status: 'approved', requiredApproverRole: 'supervisor', decidedBy: { id: sup.id, role: 'supervisor' }, decisionReason: '金额合理', version: 2 });
    const decided = (await timeline(id)).filter((e) => e.type === 'compensation_decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ actor: { id: sup.id }, data: { decision: 'approved', reason: '金额合理' } });
  });

  it('nobody approves their own proposal (four_eyes), even with the authority', async () => {
    const id = await newComplaint(t, admin, sup.id);
    const own = await propose(sup.h, id, { amount: 60000 }).expect(201);
    expect(own.body.requiredApproverRole).toBe('manager');
    const mid = await newComplaint(t, admin, mgr.id);
    const mine = await propose(mgr.h, mid, { amount: 600000 }).expect(201);
    expect(mine.body.requiredApproverRole).toBe('admin');
    const res = await act(mgr.h, mine.body.id, 'approve');
    expect([res.status, res.body.code]).toEqual([403, 'four_eyes']);
    const rej = await act(mgr.h, mine.body.id, 'reject');
    expect([rej.status, rej.body.code]).toEqual([403, 'four_eyes']);
    await act(admin, mine.body.id, 'approve').expect(200);
  });

  it('a supervisor above their limit is refused (approval_limit_exceeded); the manager decides', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const big = await propose(agent.h, id, { amount: 200000 }).expect(201);
    expect(big.body.requiredApproverRole).toBe('manager');
    const res = await act(sup.h, big.body.id, 'approve');
    expect([res.status, res.body.code, res.headers['content-type']]).toEqual([403, 'approval_limit_exceeded', expect.stringContaining('application/problem+json')]);
    const rej = await act(sup.h, big.body.id, 'reject');
    expect([rej.status, rej.body.code]).toEqual([403, 'approval_limit_exceeded']);
    await act(mgr.h, big.body.id, 'approve').expect(200);
  });

  it('the per-customer 30-day cap counts approved, offered, accepted and fulfilled proposals, not rejected or pending ones', async () => {
    const ref = uniqueRef();
    const c1 = await newComplaint(t, admin, agent.id, { customer: { externalRef: ref, name: '钱七', tier: 'gold' } });
    const c2 = await newComplaint(t, admin, agent.id, { customer: { externalRef: ref, name: '钱七' }, category: 'network' });
    const a = await propose(agent.h, c1, { amount: 5000 }).expect(201);
    const b = await propose(agent.h, c1, { amount: 5000 }).expect(201);
    await act(agent.h, b.body.id, 'offer').expect(200);
    const c = await propose(agent.h, c2, { amount: 5000 }).expect(201);
    await act(agent.h, c.body.id, 'offer').expect(200);
    await act(agent.h, c.body.id, 'accept').expect(200);
    expect([a.body.status, b.body.status, c.body.status]).toEqual(['approved', 'approved', 'approved']);
    // a pending one (needs a supervisor), rejected: counts for nothing
    const pending = await propose(agent.h, c2, { amount: 9000 }).expect(201);
    await act(sup.h, pending.body.id, 'reject', { reason: '不合理' }).expect(200);
    const d = await propose(agent.h, c2, { amount: 5000 }).expect(201); // 20,000 exactly
    expect(d.body.status).toBe('approved');
    const e = await propose(agent.h, c1, { amount: 100 }).expect(201); // 20,100 > the agent's 20,000
    expect(e.body).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
    expect(e.body.ruleReasons.join(' ')).toContain('20000 already given');
  });

  it('two approvers racing on one proposal: exactly one decision wins, the other gets 409', async () => {
    const id = await newComplaint(t, admin, agent.id);
    for (let round = 0; round < 3; round++) {
      const p = await propose(agent.h, id, { amount: 10000 }).expect(201);
      const [x, y] = await Promise.all([act(sup.h, p.body.id, round === 2 ? 'reject' : 'approve'), act(sup2.h, p.body.id, 'approve')]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const loser = x.status === 409 ? x : y;
      expect(loser.body.allowed).toBeDefined();
      const decided = (await timeline(id)).filter((e) => e.type === 'compensation_decided' && e.data.proposalId === p.body.id);
      expect(decided).toHaveLength(1);
    }
    // a stale version is refused the same way
    const p = await propose(agent.h, id, { amount: 10000 }).expect(201);
    const stale = await act(sup.h, p.body.id, 'approve', { version: 7 });
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version']);
    await t.http().post(`/api/v1/compensations/${p.body.id}/approve`).set(sup.h).set('If-Match', '"1"').send({}).expect(200);
  });

  it('illegal moves are 409 with what is allowed; the customer may decline', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const p = await propose(agent.h, id, { amount: 20000 }).expect(201);
    const early = await act(agent.h, p.body.id, 'offer');
    expect([early.status, early.body.allowed, early.body.allowedActions]).toEqual([409, ['approved', 'rejected'], ['approve', 'reject']]);
    await act(sup.h, p.body.id, 'approve').expect(200);
    await act(agent.h, p.body.id, 'offer').expect(200);
    const declined = await act(agent.h, p.body.id, 'decline', { reason: '客户想要现金' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', customerDecisionReason: '客户想要现金', allowedActions: [] });
    const again = await act(agent.h, p.body.id, 'accept');
    expect([again.status, again.body.allowed]).toEqual([409, []]);
    const types = (await timeline(id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['compensation_offered', 'compensation_declined']));
  });

  it('an agent works only the complaints assigned to them', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const res = await propose(other.h, id);
    expect(res.status).toBe(403);
    const p = await propose(agent.h, id).expect(201);
    await act(other.h, p.body.id, 'offer').expect(403);
  });

  it('bad input is 400 naming the field and writes nothing', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 10.5 }, 'amount'],
      [{ amount: -100 }, 'amount'],
      [{ amount: 0 }, 'amount'],
      [{ amount: 1e15 }, 'amount'],
      [{ amount: '3000' }, 'amount'],
      [{ currency: 'XXQ' }, 'currency'],
      [{ currency: 'cny' }, 'currency'],
      [{ currency: 'EUR' }, 'currency'],
      [{ type: 'points', points: 500 }, 'amount'],
      [{ points: 500 }, 'points'],
      [{ type: 'points', amount: undefined, currency: undefined }, 'points'],
      [{ type: 'points', amount: undefined, currency: undefined, points: 1.5 }, 'points'],
      [{ type: 'gift', amount: undefined }, 'amount'],
      [{ type: 'cash' }, 'type'],
      [{ description: '' }, 'description'],
      [{ needs: ['be_rich'] }, 'needs'],
      [{ isAdmin: true }, 'isAdmin'],
    ];
    for (const [extra, field] of cases) {
      const res = await propose(agent.h, id, extra);
      expect([extra, res.status, JSON.stringify(res.body.errors ?? [])]).toEqual([extra, 400, expect.stringContaining(`"field":"${field}`)]);
    }
    const list = await t.http().get(`/api/v1/complaints/${id}/compensations`).set(agent.h).expect(200);
    expect(list.body.items).toEqual([]);
    expect((await timeline(id)).some((e) => e.type.startsWith('compensation_'))).toBe(false);
  });

  it('points and in-kind remedies carry their value; an Idempotency-Key retry returns the first proposal', async () => {
    const id = await newComplaint(t, admin, agent.id);
    const pts = await propose(agent.h, id, { type: 'points', amount: undefined, currency: undefined, points: 2000 }).expect(201);
    expect(pts.body).toMatchObject({ type: 'points', points: 2000, amount: null, currency: null, value: 2000, valueCurrency: 'CNY' });
    const key = randomUUID();
    const body = proposal({ type: 'value_added_service', amount: 4000, description: '免费试用视频会员三个月' });
    const first = await t.http().post(`/api/v1/complaints/${id}/compensations`).set(agent.h).set('Idempotency-Key', key).send(body).expect(201);
    const again = await t.http().post(`/api/v1/complaints/${id}/compensations`).set(agent.h).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const list = await t.http().get(`/api/v1/complaints/${id}/compensations`).set(agent.h).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect((await t.http().get(`/api/v1/compensations/${first.body.id}`).set(agent.h).expect(200)).body).toMatchObject({ type: 'value_added_service', amount: 4000, value: 4000 });
  });

  it('limits are data: admin writes them (validated), others read them', async () => {
    const read = await t.http().get('/api/v1/settings/approval-limits').set(agent.h).expect(200);
    expect(read.body.limits.map((l: { role: string }) => l.role)).toEqual(['agent', 'supervisor', 'manager', 'admin']);
    expect(read.body.limits[3]).toEqual({ role: 'admin', maxPerProposal: null, maxPerCustomer30Days: null });
    await t.http().put('/api/v1/settings/approval-limits').set(mgr.h).send(read.body).expect(403);
    const inverted = await t.http().put('/api/v1/settings/approval-limits').set(admin).send({ currency: 'CNY', limits: [
      { role: 'agent', maxPerProposal: 5000, maxPerCustomer30Days: 20000 },
      { role: 'supervisor', maxPerProposal: 100, maxPerCustomer30Days: 200000 },
      { role: 'manager', maxPerProposal: 500000, maxPerCustomer30Days: 2000000 },
    ] });
    expect([inverted.status, inverted.body.errors]).toEqual([400, [{ field: 'limits.1.maxPerProposal', message: 'supervisor may not be below agent' }]]);
    const missing = await t.http().put('/api/v1/settings/approval-limits').set(admin).send({ currency: 'CNY', limits: [{ role: 'agent', maxPerProposal: 1, maxPerCustomer30Days: 1 }] });
    expect(missing.status).toBe(400);
    const noValue = await t.http().put('/api/v1/settings/approval-limits').set(admin).send({ currency: 'CNY', limits: [{ role: 'agent', maxPerCustomer30Days: 1 }] });
    expect([noValue.status, JSON.stringify(noValue.body.errors)]).toEqual([400, expect.stringContaining('maxPerProposal')]);
    const stale = await t.http().put('/api/v1/settings/approval-limits').set(admin).send({ ...read.body, version: read.body.version + 5, updatedAt: undefined, updatedBy: undefined });
    expect(stale.status).toBe(409);
  });

  it('a team\'s monthly budget: a proposal that would exceed it needs one level higher; spend is reported', async () => {
    const lead = await makeUser(t, admin, 'supervisor');
    const member = await makeUser(t, admin, 'agent', lead.id);
    const month = new Date().toISOString().slice(0, 7);
    await t.http().put('/api/v1/settings/team-budgets').set(admin).send({ teamId: lead.id, month, amount: 6000 }).expect(200);
    const bad = await t.http().put('/api/v1/settings/team-budgets').set(admin).send({ teamId: member.id, month, amount: 6000 });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'teamId']);
    const id = await newComplaint(t, admin, member.id);
    const first = await propose(member.h, id, { amount: 3000 }).expect(201);
    expect([first.body.status, first.body.teamId]).toEqual(['approved', lead.id]);
    const over = await propose(member.h, id, { amount: 4000 }).expect(201); // 7,000 > 6,000: agent's limit covers it, one level higher
    expect(over.body).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
    expect(over.body.ruleReasons.join(' ')).toContain('monthly budget');
    await act(lead.h, over.body.id, 'approve').expect(200);
    const report = await t.http().get(`/api/v1/reports/compensation-budgets?month=${month}`).set(mgr.h).expect(200);
    expect(report.body.rows.find((r: { group: string }) => r.group === lead.id)).toMatchObject({ budget: 6000, spent: 7000, remaining: -1000, proposals: 2, month, currency: 'CNY' });
    const settings = await t.http().get(`/api/v1/settings/team-budgets?month=${month}`).set(lead.h).expect(200);
    expect(settings.body.rows.some((r: { group: string }) => r.group === lead.id)).toBe(true);
  });

  it('suggestions: emotional complaints get gestures first, a rational demand for compensation gets money; each says why', async () => {
    const emotional = await newComplaint(t, admin, agent.id, {
      summary: '营业员态度恶劣',
      description: '营业厅的工作人员对我大吼大叫,根本不听我说话,还说是我的错,太不尊重人了,我非常生气。',
      category: 'service_attitude',
    });
    const s1 = await t.http().get(`/api/v1/complaints/${emotional}/compensation-suggestions`).set(agent.h).expect(200);
    expect(s1.body.dominant).toBe('emotional');
    expect(['points', 'value_added_service', 'gift']).toContain(s1.body.items[0].type);
    expect(s1.body.items.every((i: { why: string }) => i.why.length > 20)).toBe(true);
    const rational = await newComplaint(t, admin, agent.id, {
      summary: '话费多扣要求赔偿',
      description: 'The bill charged me 50 yuan twice. Fix it and refund the money, and I want compensation for the overcharge.',
    });
    const s2 = await t.http().get(`/api/v1/complaints/${rational}/compensation-suggestions`).set(agent.h).expect(200);
    expect(s2.body.items[0]).toMatchObject({ type: 'bill_credit', currency: 'CNY' });
    expect(s2.body.items[0].why).toMatch(/compensation/);
    expect(s2.body.items[0]).toHaveProperty('requiredApproverRole');
  });

  it('report: count, accepted, rate, total and average per group; cost per resolved complaint by dominance and emotion-first', async () => {
    const from = new Date().toISOString();
    // emotion first: acknowledged, then a remedy accepted, then resolved
    const first = await newComplaint(t, admin, agent.id);
    await t.http().post(`/api/v1/complaints/${first}/acknowledge`).set(agent.h).send({ note: '非常抱歉' }).expect(200);
    const a = await propose(agent.h, first, { amount: 2000 }).expect(201);
    await act(agent.h, a.body.id, 'offer').expect(200);
    await act(agent.h, a.body.id, 'accept').expect(200);
    await t.http().post(`/api/v1/complaints/${first}/transition`).set(agent.h).send({ to: 'resolved' }).expect(200);
    // money first: a remedy accepted before any acknowledgement
    const later = await newComplaint(t, admin, agent.id);
    const b = await propose(agent.h, later, { amount: 4000, type: 'refund' }).expect(201);
    await act(agent.h, b.body.id, 'offer').expect(200);
    await act(agent.h, b.body.id, 'accept').expect(200);
    await t.http().post(`/api/v1/complaints/${later}/transition`).set(agent.h).send({ to: 'resolved' }).expect(200);
    // declined
    const c = await propose(agent.h, later, { amount: 1000, type: 'refund' }).expect(201);
    await act(agent.h, c.body.id, 'offer').expect(200);
    await act(agent.h, c.body.id, 'decline').expect(200);
    const to = new Date(Date.now() + 1000).toISOString();

    const byType = await t.http().get(`/api/v1/reports/compensation?from=${from}&to=${to}&groupBy=type`).set(mgr.h).expect(200);
    expect(byType.body.rows).toEqual([
      { group: 'bill_credit', count: 1, accepted: 1, declined: 0, acceptanceRate: 1, totalValue: 2000, averageValue: 2000, proposedValue: 2000, currency: 'CNY' },
      { group: 'refund', count: 2, accepted: 1, declined: 1, acceptanceRate: 0.5, totalValue: 4000, averageValue: 4000, proposedValue: 5000, currency: 'CNY' },
    ]);
    const byTeam = await t.http().get(`/api/v1/reports/compensation?from=${from}&to=${to}&groupBy=team`).set(mgr.h).expect(200);
    expect(byTeam.body.rows).toEqual([expect.objectContaining({ group: sup.id, count: 3, accepted: 2, totalValue: 6000, averageValue: 3000 })]);
    const byTier = await t.http().get(`/api/v1/reports/compensation?from=${from}&to=${to}&groupBy=tier`).set(mgr.h).expect(200);
    expect(byTier.body.rows.map((r: { group: string }) => r.group)).toEqual(['gold']);
    const byDominant = await t.http().get(`/api/v1/reports/compensation?from=${from}&to=${to}&groupBy=dominant`).set(mgr.h).expect(200);
    expect(byDominant.body.rows.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(3);
    const cost = byType.body.costPerResolved as { dominant: string; emotionalNeedsAddressedFirst: boolean; resolvedComplaints: number; totalValue: number; costPerResolvedComplaint: number }[];
    expect(cost.find((r) => r.emotionalNeedsAddressedFirst)).toMatchObject({ resolvedComplaints: 1, totalValue: 2000, costPerResolvedComplaint: 2000 });
    expect(cost.find((r) => !r.emotionalNeedsAddressedFirst)).toMatchObject({ resolvedComplaints: 1, totalValue: 4000, costPerResolvedComplaint: 4000 });

    const bad = await t.http().get(`/api/v1/reports/compensation?groupBy=color`).set(mgr.h);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'groupBy']);
    await t.http().get(`/api/v1/reports/compensation`).set(agent.h).expect(403);
  });
});
