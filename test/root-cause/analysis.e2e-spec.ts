import { AuthHeaders, createTestApp, TestApp } from '../support/test-app';
import { analysisBody, complaintOf, Staff, staff, timelineTypes, why } from './root-cause-support';

/** The 5-Whys analysis of a complaint: writing, versions, sign-off, the close rule, bad input and concurrency. */
describe('root-cause analysis (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let agent: Staff;
  let otherAgent: Staff;
  let sup: Staff;
  let sup2: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    sup = await staff(t, admin, 'supervisor');
    sup2 = await staff(t, admin, 'supervisor');
    agent = await staff(t, admin, 'agent', { supervisorId: sup.id });
    otherAgent = await staff(t, admin, 'agent');
  });
  afterAll(() => t.close());

  const put = (id: string, headers: AuthHeaders, body: unknown) => t.http().put(`/api/v1/complaints/${id}/root-cause`).set(headers).send(body as object);
  const post = (id: string, step: string, headers: AuthHeaders, body: object = {}) => t.http().post(`/api/v1/complaints/${id}/root-cause/${step}`).set(headers).send(body);

  it('serves the taxonomy as data, with zh and en labels', async () => {
    const res = await t.http().get('/api/v1/root-cause-categories').set(await t.auth('front_desk')).expect(200);
    const keys = res.body.items.map((c: { key: string }) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['product', 'price', 'service', 'benefit', 'management', 'natural']));
    expect(keys).toEqual(
      expect.arrayContaining([
        'front_desk_inconsistent_explanation',
        'front_desk_wrong_explanation',
        'service_time_limit_exceeded',
        'internal_process',
        'first_contact_responsibility',
        'front_desk_handling_skill',
        'no_valid_reason',
        'customers_influencing_each_other',
        'competitor_action',
      ]),
    );
    for (const c of res.body.items) expect(c.labels).toEqual({ zh: expect.any(String), en: expect.any(String) });
    expect(res.body.items.find((c: { key: string }) => c.key === 'first_contact_responsibility').labels.zh).toBe('首问负责制未落实');
  });

  it('runs draft → submitted → confirmed with every step on the timeline and every version kept', async () => {
    const c = await complaintOf(t, admin, agent, { severity: 'serious' });
    const created = await put(c.id, agent.headers, analysisBody()).expect(201);
    expect(created.body).toMatchObject({ complaintId: c.id, status: 'draft', version: 1, authorId: agent.id, authors: [agent.id], category: 'product', categoryLabel: { zh: '产品', en: 'Product' } });
    expect(created.body.whys[2]).toEqual({ question: '为什么没扩容?', answer: '扩容计划延误', evidence: [{ kind: 'document', ref: null, description: '扩容计划表' }] });
    expect(created.headers.etag).toBe('"1"');

    // the agent changes the second why and adds a fourth
    const body2 = analysisBody({ whys: [...analysisBody().whys.slice(0, 1), why('为什么拥塞?', '片区新增 300 户'), analysisBody().whys[2], why('为什么计划延误?', '设备到货晚')] });
    const edited = await put(c.id, agent.headers, { ...body2, version: 1 }).expect(200);
    expect(edited.body.version).toBe(2);
    // the same content again changes nothing
    expect((await put(c.id, agent.headers, body2).expect(200)).body.version).toBe(2);

    expect((await post(c.id, 'submit', agent.headers).expect(200)).body).toMatchObject({ status: 'submitted', submittedBy: agent.id, version: 3 });
    expect((await post(c.id, 'confirm', sup.headers, { note: '证据充分' }).expect(200)).body).toMatchObject({ status: 'confirmed', confirmedBy: sup.id, version: 4 });

    const versions = (await t.http().get(`/api/v1/complaints/${c.id}/root-cause/versions`).set(sup.headers).expect(200)).body.items;
    expect(versions.map((v: { version: number; step: string }) => [v.version, v.step])).toEqual([
      [1, 'drafted'],
      [2, 'edited'],
      [3, 'submitted'],
      [4, 'confirmed'],
    ]);
    expect(versions[1].whyChanges).toEqual([
      { index: 1, change: 'changed' },
      { index: 3, change: 'added' },
    ]);
    expect(versions[1].changedFields).toEqual(['whys']);
    expect(versions[1].actor.id).toBe(agent.id);
    expect(versions[0].content.whys).toHaveLength(3);
    expect(versions[1].content.whys).toHaveLength(4);

    const types = (await timelineTypes(t, admin, c.id)).map((e) => e.type).filter((x) => x.startsWith('root_cause'));
    expect(types).toEqual(['root_cause_drafted', 'root_cause_updated', 'root_cause_submitted', 'root_cause_confirmed']);
  });

  it('four eyes: an author cannot confirm (403 four_eyes), nor a supervisor who edited the chain; another supervisor can', async () => {
    const c = await complaintOf(t, admin, agent);
    await put(c.id, agent.headers, analysisBody()).expect(201);
    // the supervisor corrects the chain: now an author too
    await put(c.id, sup.headers, analysisBody({ rootCause: 'OLT 端口容量不足' })).expect(200);
    await post(c.id, 'submit', agent.headers).expect(200);
    const own = await post(c.id, 'confirm', agent.headers).expect(403);
    expect(own.body.code).toBe('forbidden'); // agents may not confirm at all (role)
    const editor = await post(c.id, 'confirm', sup.headers).expect(403);
    expect(editor.body.code).toBe('four_eyes');
    await post(c.id, 'confirm', sup2.headers).expect(200);
  });

  it('a supervisor who writes and submits an analysis gets four_eyes on confirming it', async () => {
    const c = await complaintOf(t, admin, null);
    await put(c.id, sup.headers, analysisBody()).expect(201);
    await post(c.id, 'submit', sup.headers).expect(200);
    const res = await post(c.id, 'confirm', sup.headers).expect(403);
    expect(res.body).toMatchObject({ code: 'four_eyes', status: 403 });
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('only an author submits; a submitted analysis cannot be edited or confirmed twice; reopen needs a reason and returns to draft', async () => {
    const c = await complaintOf(t, admin, agent);
    await put(c.id, agent.headers, analysisBody()).expect(201);
    expect((await post(c.id, 'submit', sup.headers).expect(403)).body.code).toBe('forbidden');
    await post(c.id, 'submit', agent.headers).expect(200);
    const edit = await put(c.id, agent.headers, analysisBody({ rootCause: 'x' })).expect(409);
    expect(edit.body).toMatchObject({ code: 'illegal_transition', allowed: ['confirm', 'reopen'] });
    await post(c.id, 'submit', agent.headers).expect(409);
    expect((await post(c.id, 'reopen', sup.headers, {}).expect(400)).body.errors[0].field).toBe('reason');
    const back = await post(c.id, 'reopen', sup.headers, { reason: '第三个为什么缺少证据' }).expect(200);
    expect(back.body).toMatchObject({ status: 'draft', reopenReason: '第三个为什么缺少证据', submittedBy: null });
    await put(c.id, agent.headers, analysisBody({ rootCause: '设备到货晚' })).expect(200);
    await post(c.id, 'submit', agent.headers).expect(200);
    await post(c.id, 'confirm', sup.headers).expect(200);
    await post(c.id, 'confirm', sup2.headers).expect(409);
    // a confirmed analysis reopens to draft too, on the timeline with its reason
    await post(c.id, 'reopen', sup.headers, { reason: '客户再次投诉' }).expect(200);
    const reopened = (await timelineTypes(t, admin, c.id)).filter((e) => e.type === 'root_cause_reopened');
    expect(reopened.map((e) => e.data.reason)).toEqual(['第三个为什么缺少证据', '客户再次投诉']);
  });

  it('agents write analyses only of their own complaints; front desk and integrations may not write them', async () => {
    const c = await complaintOf(t, admin, agent);
    expect((await put(c.id, otherAgent.headers, analysisBody()).expect(403)).body.detail).toMatch(/only work complaints assigned to it/);
    await put(c.id, await t.auth('front_desk'), analysisBody()).expect(403);
    await put(c.id, await t.auth('integration'), analysisBody()).expect(403);
    await t.http().get(`/api/v1/complaints/${c.id}/root-cause`).set(otherAgent.headers).expect(404);
    await t.http().post(`/api/v1/complaints/${c.id}/root-cause/confirm`).set(await t.auth('front_desk')).send({}).expect(403);
  });

  describe('bad input: 400 naming the field, nothing written', () => {
    let id: string;
    beforeAll(async () => {
      id = (await complaintOf(t, admin, agent)).id;
    });

    const cases: [string, Record<string, unknown>, string][] = [
      ['no whys', { whys: [] }, 'whys'],
      ['eight whys', { whys: Array.from({ length: 8 }, (_, i) => why(`为什么${i}`, `因为${i}`)) }, 'whys'],
      ['an empty answer', { whys: [why('为什么?', '   ')] }, 'whys[0].answer'],
      ['an empty question', { whys: [why('', '因为')] }, 'whys[0].question'],
      ['an unknown evidence kind', { whys: [why('为什么?', '因为', [{ kind: 'rumour', description: '听说' }])] }, 'whys[0].evidence[0].kind'],
      ['evidence without a description', { whys: [why('为什么?', '因为', [{ kind: 'bill' }])] }, 'whys[0].evidence[0].description'],
      ['an unknown category', { category: 'weather' }, 'category'],
      ['an empty root cause', { rootCause: ' ' }, 'rootCause'],
      ['a why that is not an object', { whys: ['为什么'] }, 'whys[0]'],
      ['an unknown field', { blame: 'someone' }, 'blame'],
    ];
    it.each(cases)('%s', async (_name, patch, field) => {
      const res = await put(id, agent.headers, analysisBody(patch)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      await t.http().get(`/api/v1/complaints/${id}/root-cause`).set(agent.headers).expect(404);
      expect((await timelineTypes(t, admin, id)).filter((e) => e.type.startsWith('root_cause'))).toEqual([]);
    });
  });

  it('optimistic version: a stale version or If-Match is 409 and changes nothing', async () => {
    const c = await complaintOf(t, admin, agent);
    await put(c.id, agent.headers, analysisBody()).expect(201);
    await put(c.id, agent.headers, { ...analysisBody({ rootCause: '第二版' }), version: 1 }).expect(200);
    const stale = await put(c.id, agent.headers, { ...analysisBody({ rootCause: '第三版' }), version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
    await t.http().put(`/api/v1/complaints/${c.id}/root-cause`).set(agent.headers).set('If-Match', '"1"').send(analysisBody({ rootCause: '第四版' })).expect(409);
    await post(c.id, 'submit', agent.headers, { version: 1 }).expect(409);
    expect((await t.http().get(`/api/v1/complaints/${c.id}/root-cause`).set(agent.headers).expect(200)).body).toMatchObject({ rootCause: '第二版', version: 2, status: 'draft' });
  });

  it('concurrent edits of one analysis holding the same version: one wins, the other gets 409', async () => {
    const c = await complaintOf(t, admin, agent);
    await put(c.id, agent.headers, analysisBody()).expect(201);
    const results = await Promise.all(['甲', '乙', '丙'].map((x) => put(c.id, agent.headers, { ...analysisBody({ rootCause: `版本${x}` }), version: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const versions = (await t.http().get(`/api/v1/complaints/${c.id}/root-cause/versions`).set(agent.headers).expect(200)).body.items;
    expect(versions).toHaveLength(2);
  });

  describe('closing needs a confirmed analysis for serious and major complaints', () => {
    const walk = async (id: string, statuses: string[]) => {
      for (const to of statuses) {
        const res = to === 'acknowledged' ? await t.http().post(`/api/v1/complaints/${id}/acknowledge`).set(admin).send({}) : await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to, reason: '客户确认已解决' });
        if (res.status !== 200) return res;
      }
      return null;
    };

    it.each(['serious', 'major'])('a %s complaint: 409 root_cause_required without one, and closes once it is confirmed', async (severity) => {
      const c = await complaintOf(t, admin, agent, { severity });
      expect(await walk(c.id, ['acknowledged', 'in_progress', 'resolved'])).toBeNull();
      const refused = await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认已解决' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'root_cause_required', analysisStatus: null });
      await put(c.id, agent.headers, analysisBody()).expect(201);
      await post(c.id, 'submit', agent.headers).expect(200);
      const submitted = await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认已解决' }).expect(409);
      expect(submitted.body).toMatchObject({ code: 'root_cause_required', analysisStatus: 'submitted' });
      expect((await t.http().get(`/api/v1/complaints/${c.id}`).set(admin).expect(200)).body.status).toBe('resolved');
      await post(c.id, 'confirm', sup.headers).expect(200);
      expect((await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认已解决' }).expect(200)).body.status).toBe('closed');
    });

    it('an ordinary complaint closes without one', async () => {
      const c = await complaintOf(t, admin, agent);
      expect(await walk(c.id, ['acknowledged', 'in_progress', 'resolved', 'closed'])).toBeNull();
    });

    it('a reopened analysis blocks closing again', async () => {
      const c = await complaintOf(t, admin, agent, { severity: 'major' });
      await put(c.id, agent.headers, analysisBody()).expect(201);
      await post(c.id, 'submit', agent.headers).expect(200);
      await post(c.id, 'confirm', sup.headers).expect(200);
      await post(c.id, 'reopen', sup.headers, { reason: '复核' }).expect(200);
      const res = await walk(c.id, ['acknowledged', 'in_progress', 'resolved', 'closed']);
      expect(res?.body).toMatchObject({ code: 'root_cause_required', analysisStatus: 'draft' });
    });
  });

  describe('candidate solutions', () => {
    it('are scored on the four criteria, listed best first, and the chosen one is recorded with why', async () => {
      const c = await complaintOf(t, admin, agent);
      await put(c.id, agent.headers, analysisBody()).expect(201);
      const add = (body: object, key?: string) => {
        const req = t.http().post(`/api/v1/complaints/${c.id}/root-cause/solutions`).set(agent.headers);
        return (key ? req.set('Idempotency-Key', key) : req).send(body);
      };
      const slow = await add({ description: '新建机房 / build a new site', risk: 4, timing: 1, resources: 2, effort: 5 }).expect(201);
      expect(slow.body.score).toBe(12.5);
      const quick = await add({ description: '临时调整晚高峰带宽策略 / reshape bandwidth at the peak', risk: 2, timing: 5, resources: 4, effort: 2 }, 'sol-1').expect(201);
      expect(quick.body.score).toBe(81.3);
      // a retry with the same key answers the first one
      expect((await add({ description: '临时调整晚高峰带宽策略 / reshape bandwidth at the peak', risk: 2, timing: 5, resources: 4, effort: 2 }, 'sol-1').expect(201)).body.id).toBe(quick.body.id);
      expect((await add({ description: 'x', risk: 0, timing: 6, resources: 3, effort: 3 }).expect(400)).body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['risk', 'timing']);

      const chosen = await t.http().post(`/api/v1/complaints/${c.id}/root-cause/solutions/${quick.body.id}/choose`).set(agent.headers).send({ reason: '见效最快、风险低' }).expect(200);
      expect(chosen.body).toMatchObject({ chosenSolutionId: quick.body.id, choiceReason: '见效最快、风险低' });
      const got = (await t.http().get(`/api/v1/complaints/${c.id}/root-cause`).set(agent.headers).expect(200)).body;
      expect(got.solutions.map((s: { id: string; rank: number; chosen: boolean }) => [s.id, s.rank, s.chosen])).toEqual([
        [quick.body.id, 1, true],
        [slow.body.id, 2, false],
      ]);
      const events = (await timelineTypes(t, admin, c.id)).filter((e) => e.type.startsWith('root_cause_solution'));
      expect(events.map((e) => e.type)).toEqual(['root_cause_solution_proposed', 'root_cause_solution_proposed', 'root_cause_solution_chosen']);
      expect(events[2].data).toMatchObject({ solutionId: quick.body.id, reason: '见效最快、风险低' });
    });

    it('a solution of another analysis cannot be chosen', async () => {
      const a = await complaintOf(t, admin, agent);
      const b = await complaintOf(t, admin, agent);
      await put(a.id, agent.headers, analysisBody()).expect(201);
      await put(b.id, agent.headers, analysisBody()).expect(201);
      const s = await t.http().post(`/api/v1/complaints/${a.id}/root-cause/solutions`).set(agent.headers).send({ description: 'x', risk: 1, timing: 1, resources: 1, effort: 1 }).expect(201);
      await t.http().post(`/api/v1/complaints/${b.id}/root-cause/solutions/${s.body.id}/choose`).set(agent.headers).send({ reason: 'x' }).expect(404);
    });
  });
});
