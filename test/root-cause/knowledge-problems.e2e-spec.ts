import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';
import { analysisBody, complaintOf, Staff, staff, timelineTypes } from './root-cause-support';

/** Knowledge articles (publish, search in Chinese and English, suggestions), problem records and the Pareto report. */
describe('knowledge, problems and the Pareto report (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: Staff;
  let sup2: Staff;
  let agent: Staff;
  let frontDesk: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    frontDesk = await t.auth('front_desk');
    sup = await staff(t, admin, 'supervisor');
    sup2 = await staff(t, admin, 'supervisor');
    agent = await staff(t, admin, 'agent', { supervisorId: sup.id });
  });
  afterAll(() => t.close());

  /** A complaint with a confirmed analysis. */
  async function confirmed(analysis: Record<string, unknown> = {}, complaint: Record<string, unknown> = {}) {
    const c = await complaintOf(t, admin, agent, complaint);
    await t.http().put(`/api/v1/complaints/${c.id}/root-cause`).set(agent.headers).send(analysisBody(analysis)).expect(201);
    await t.http().post(`/api/v1/complaints/${c.id}/root-cause/submit`).set(agent.headers).send({}).expect(200);
    await t.http().post(`/api/v1/complaints/${c.id}/root-cause/confirm`).set(sup.headers).send({}).expect(200);
    return c;
  }
  const publish = (id: string, body: Record<string, unknown>, headers = sup.headers) => t.http().post(`/api/v1/complaints/${id}/root-cause/publish`).set(headers).send(body);
  const search = async (q: string, headers = frontDesk) => (await t.http().get(`/api/v1/knowledge?q=${encodeURIComponent(q)}`).set(headers).expect(200)).body.items as { id: string; title: string; rank: number }[];

  describe('knowledge base', () => {
    let broadband: { id: string };
    let billing: { id: string };
    let broadbandComplaint: string;

    beforeAll(async () => {
      const c1 = await confirmed({}, { category: 'network', summary: '宽带每晚断网', description: '每天晚上八点后宽带断网,已经一个星期了。' });
      broadbandComplaint = c1.id;
      await t.http().post(`/api/v1/complaints/${c1.id}/root-cause/actions`).set(sup.headers).send({ kind: 'corrective', description: '扩容 OLT 端口', ownerId: agent.id, dueAt: new Date(Date.now() + 86400e3).toISOString() }).expect(201);
      broadband = (await publish(c1.id, { title: 'Broadband drops every evening 宽带晚间断网', frontDeskExplanation: '片区端口扩容中,预计本周完成' }).expect(201)).body;
      const c2 = await confirmed(
        { problemStatement: '账单重复扣费', expected: '每月扣一次月租', actual: '同一月租扣了两次', rootCause: 'Billing batch job ran twice after a restart', category: 'price' },
        { category: 'billing' },
      );
      billing = (await publish(c2.id, { title: 'Monthly fee charged twice 月租重复扣费', frontDeskExplanation: '系统重复扣费,已自动退回 / charged twice by mistake, refunded automatically', fix: '批处理加幂等锁' }).expect(201))
        .body;
    });

    it('publishes a confirmed analysis with the fields the front desk needs, defaults from the analysis, on the timeline', async () => {
      const a = (await t.http().get(`/api/v1/knowledge/${broadband.id}`).set(frontDesk).expect(200)).body;
      expect(a).toMatchObject({
        title: 'Broadband drops every evening 宽带晚间断网',
        symptom: '客户宽带晚间频繁断网 — 每晚 20:00 后断线',
        cause: 'OLT 端口容量不足,扩容计划延误',
        fix: '扩容 OLT 端口',
        frontDeskExplanation: '片区端口扩容中,预计本周完成',
        category: 'product',
        complaintCategory: 'network',
        version: 1,
      });
      expect((await timelineTypes(t, admin, broadbandComplaint)).filter((e) => e.type === 'root_cause_published').map((e) => e.data.articleId)).toEqual([broadband.id]);
    });

    it('finds a Chinese article by a two-character query and an English one by a word, ranked', async () => {
      expect((await search('断网')).map((a) => a.id)).toEqual([broadband.id]);
      expect((await search('扣费')).map((a) => a.id)).toEqual([billing.id]);
      expect((await search('broadband')).map((a) => a.id)).toEqual([broadband.id]);
      expect((await search('charged')).map((a) => a.id)).toEqual([billing.id]); // stemmed: charge
      expect((await search('restarts')).map((a) => a.id)).toEqual([billing.id]);
      expect(await search('天气')).toEqual([]);
      expect(await search('!!')).toEqual([]);
      // ranked: the title counts more than the body; both match 宽带/断网, only one in its title
      const both = await search('宽带 扣费 断网');
      expect(both.map((a) => a.id)).toEqual([broadband.id, billing.id]);
      expect(both[0].rank).toBeGreaterThan(both[1].rank);
    });

    it('lists newest first without a query, pages, and filters by category', async () => {
      const page1 = (await t.http().get('/api/v1/knowledge?limit=1').set(frontDesk).expect(200)).body;
      expect(page1.items.map((a: { id: string }) => a.id)).toEqual([billing.id]);
      const page2 = (await t.http().get(`/api/v1/knowledge?limit=1&cursor=${page1.nextCursor}`).set(frontDesk).expect(200)).body;
      expect(page2.items.map((a: { id: string }) => a.id)).toEqual([broadband.id]);
      expect((await t.http().get('/api/v1/knowledge?category=price').set(frontDesk).expect(200)).body.items.map((a: { id: string }) => a.id)).toEqual([billing.id]);
      await t.http().get('/api/v1/knowledge?category=weather').set(frontDesk).expect(400);
      await t.http().get('/api/v1/knowledge?q=断网&cursor=bogus').set(frontDesk).expect(400);
    });

    it('GET /complaints/:id and /complaints/:id/knowledge carry the matching articles for the front desk', async () => {
      const c = await t.http().post('/api/v1/complaints').set(frontDesk).send(complaintBody({ category: 'network', summary: '家里宽带又断网了', description: '晚上断网,影响孩子上网课。' })).expect(201);
      expect(c.body.knowledge).toBeUndefined(); // intake adds no round trip: read GET /complaints/:id/knowledge
      const got = (await t.http().get(`/api/v1/complaints/${c.body.id}`).set(frontDesk).expect(200)).body;
      expect(got.knowledge[0]).toEqual({ id: broadband.id, title: 'Broadband drops every evening 宽带晚间断网', frontDeskExplanation: '片区端口扩容中,预计本周完成', category: 'product', rank: expect.any(Number) });
      const list = (await t.http().get(`/api/v1/complaints/${c.body.id}/knowledge`).set(await t.auth('integration')).expect(200)).body.items;
      expect(list[0].id).toBe(broadband.id);
      expect(list.map((a: { id: string }) => a.id)).not.toContain(billing.id);
    });

    it('publishes only a confirmed analysis; publishing again revises the same article; front desk may not publish', async () => {
      const c = await complaintOf(t, admin, agent);
      await t.http().put(`/api/v1/complaints/${c.id}/root-cause`).set(agent.headers).send(analysisBody()).expect(201);
      expect((await publish(c.id, { title: 'x', frontDeskExplanation: 'y', fix: 'z' }).expect(409)).body).toMatchObject({ code: 'illegal_transition', analysisStatus: 'draft' });
      await publish(c.id, { title: 'x', frontDeskExplanation: 'y' }, frontDesk).expect(403);
      const c2 = await confirmed();
      expect((await publish(c2.id, { title: 'x', frontDeskExplanation: 'y' }).expect(400)).body.errors[0].field).toBe('fix');
      await publish(c2.id, { title: '', frontDeskExplanation: 'y', fix: 'z' }).expect(400);
      const first = (await publish(c2.id, { title: '第一版', frontDeskExplanation: '口径一', fix: '修复' }).expect(201)).body;
      const second = (await publish(c2.id, { title: '第二版', frontDeskExplanation: '口径二', fix: '修复' }).expect(201)).body;
      expect(second).toMatchObject({ id: first.id, version: 2, title: '第二版' });
      expect((await search('第二版')).map((a) => a.id)).toEqual([first.id]);
      expect(await search('第一版')).toEqual([]);
    });
  });

  describe('problem records', () => {
    it('links complaints from customers of several tiers, counts them by tier, and records the link on each timeline', async () => {
      const p = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '城西片区 IPTV 卡顿 / IPTV stutters in the west district', category: 'product', rootCause: '组播配置错误' }).expect(201)).body;
      expect(p).toMatchObject({ status: 'open', category: 'product', complaintCount: 0, categoryLabel: { zh: '产品', en: 'Product' } });
      const ids: string[] = [];
      for (const tier of ['diamond', 'silver', 'silver']) {
        ids.push((await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef: `rc-${Date.now()}-${Math.random()}`, name: '王五', tier } })).expect(201)).body.id);
      }
      for (const id of ids) await t.http().post(`/api/v1/problems/${p.id}/complaints`).set(sup.headers).send({ complaintId: id }).expect(201);
      // linking again changes nothing
      expect((await t.http().post(`/api/v1/problems/${p.id}/complaints`).set(sup.headers).send({ complaintId: ids[0] }).expect(200)).body.created).toBe(false);
      const got = (await t.http().get(`/api/v1/problems/${p.id}`).set(agent.headers).expect(200)).body;
      expect(got.complaints.map((c: { id: string }) => c.id)).toEqual(ids);
      expect(got.complaints.map((c: { customer: { tier: string } }) => c.customer.tier)).toEqual(['diamond', 'silver', 'silver']);
      expect(got.countByTier).toEqual({ diamond: 1, platinum: 0, gold: 0, silver: 2, standard: 0 });
      expect(got.complaintCount).toBe(3);
      expect((await timelineTypes(t, admin, ids[0])).filter((e) => e.type === 'problem_linked')).toHaveLength(1);
    });

    it('refuses bad input and unknown complaints or problems', async () => {
      expect((await t.http().post('/api/v1/problems').set(sup.headers).send({ title: 'x', category: 'weather' }).expect(400)).body.errors[0].field).toBe('category');
      await t.http().post('/api/v1/problems').set(sup.headers).send({ title: ' ', category: 'product' }).expect(400);
      await t.http().post('/api/v1/problems').set(agent.headers).send({ title: 'x', category: 'product' }).expect(403);
      const p = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: 'x', category: 'price' }).expect(201)).body;
      await t.http().post(`/api/v1/problems/${p.id}/complaints`).set(sup.headers).send({ complaintId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      const c = await complaintOf(t, admin, null);
      await t.http().post('/api/v1/problems/00000000-0000-4000-8000-000000000000/complaints').set(sup.headers).send({ complaintId: c.id }).expect(404);
      expect((await timelineTypes(t, admin, c.id)).filter((e) => e.type === 'problem_linked')).toEqual([]);
    });

    it('lists by status and category, and closes with a version check', async () => {
      const p = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '竞争对手降价', category: 'competitor_action' }).expect(201)).body;
      const open = (await t.http().get('/api/v1/problems?status=open&category=competitor_action').set(sup.headers).expect(200)).body.items;
      expect(open.map((x: { id: string }) => x.id)).toEqual([p.id]);
      await t.http().patch(`/api/v1/problems/${p.id}`).set(sup.headers).send({ status: 'resolved', version: 9 }).expect(409);
      expect((await t.http().patch(`/api/v1/problems/${p.id}`).set(sup.headers).send({ status: 'resolved', version: 1 }).expect(200)).body).toMatchObject({ status: 'resolved', version: 2 });
      expect((await t.http().get('/api/v1/problems?status=open&category=competitor_action').set(sup.headers).expect(200)).body.items).toEqual([]);
    });

    it('suggests open problems with similar text for a complaint, those of the category it points to first', async () => {
      const network = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '光猫频繁掉线 / ONT keeps disconnecting', category: 'product', rootCause: '光猫固件缺陷' }).expect(201)).body;
      const pricey = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '掉线补偿标准不统一', category: 'front_desk_inconsistent_explanation' }).expect(201)).body;
      const closedOne = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '光猫掉线(已解决)', category: 'product' }).expect(201)).body;
      await t.http().patch(`/api/v1/problems/${closedOne.id}`).set(sup.headers).send({ status: 'closed' }).expect(200);
      const c = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ category: 'network', summary: '光猫老是掉线', description: '光猫一天掉线好几次' })).expect(201)).body;
      const similar = (await t.http().get(`/api/v1/complaints/${c.id}/similar-problems`).set(agent.headers).expect(200)).body.items;
      const ids = similar.map((x: { id: string }) => x.id);
      expect(ids[0]).toBe(network.id);
      expect(ids).toContain(pricey.id);
      expect(ids).not.toContain(closedOne.id);
      expect(similar[0].sameCategory).toBe(true);
      expect(similar.find((x: { id: string }) => x.id === pricey.id).sameCategory).toBe(false);
      // once linked, it is no longer suggested for that complaint
      await t.http().post(`/api/v1/problems/${network.id}/complaints`).set(sup.headers).send({ complaintId: c.id }).expect(201);
      expect((await t.http().get(`/api/v1/complaints/${c.id}/similar-problems`).set(agent.headers).expect(200)).body.items.map((x: { id: string }) => x.id)).not.toContain(network.id);
    });
  });

  describe('Pareto report', () => {
    it('ranks confirmed root causes by category with share and cumulative share ending at 1, for leads only', async () => {
      await new Promise((r) => setTimeout(r, 10));
      const from = new Date().toISOString(); // what the tests before confirmed or linked stays out
      await confirmed({ category: 'service_time_limit_exceeded' });
      await confirmed({ category: 'service_time_limit_exceeded' });
      await confirmed({ category: 'service_time_limit_exceeded' });
      await confirmed({ category: 'front_desk_wrong_explanation' });
      const draftOnly = await complaintOf(t, admin, agent);
      await t.http().put(`/api/v1/complaints/${draftOnly.id}/root-cause`).set(agent.headers).send(analysisBody({ category: 'natural' })).expect(201);
      const to = new Date(Date.now() + 1000).toISOString();
      const res = (await t.http().get(`/api/v1/reports/root-causes?from=${from}&to=${to}`).set(await t.auth('manager')).expect(200)).body;
      expect(res.rows.map((r: { group: string; count: number; share: number; cumulativeShare: number; vital: boolean }) => [r.group, r.count, r.share, r.cumulativeShare, r.vital])).toEqual([
        ['service_time_limit_exceeded', 3, 0.75, 0.75, true],
        ['front_desk_wrong_explanation', 1, 0.25, 1, true],
      ]);
      expect(res.rows[0].label).toEqual({ zh: '超出服务时限', en: 'Service time limit exceeded' });
      expect(res.total).toBe(4);
      await t.http().get('/api/v1/reports/root-causes').set(agent.headers).expect(403);
      await t.http().get('/api/v1/reports/root-causes?from=yesterday').set(sup.headers).expect(400);
      await t.http().get(`/api/v1/reports/root-causes?from=${to}&to=${from}`).set(sup.headers).expect(400);
    });

    it('groups by problem', async () => {
      await new Promise((r) => setTimeout(r, 10));
      const from = new Date().toISOString(); // what the tests before confirmed or linked stays out
      const a = (await t.http().post('/api/v1/problems').set(sup2.headers).send({ title: '问题甲', category: 'product' }).expect(201)).body;
      const b = (await t.http().post('/api/v1/problems').set(sup2.headers).send({ title: '问题乙', category: 'price' }).expect(201)).body;
      for (const [p, n] of [[a, 1], [b, 2]] as const) {
        for (let i = 0; i < n; i++) {
          const c = await complaintOf(t, admin, null);
          await t.http().post(`/api/v1/problems/${p.id}/complaints`).set(sup2.headers).send({ complaintId: c.id }).expect(201);
        }
      }
      const res = (await t.http().get(`/api/v1/reports/root-causes?groupBy=problem&from=${from}&to=${new Date(Date.now() + 1000).toISOString()}`).set(sup.headers).expect(200)).body;
      expect(res.rows.map((r: { group: string; count: number; cumulativeShare: number; label: { zh: string } }) => [r.group, r.label.zh, r.count, r.cumulativeShare])).toEqual([
        [b.id, '问题乙', 2, 2 / 3],
        [a.id, '问题甲', 1, 1],
      ]);
    });
  });
});
