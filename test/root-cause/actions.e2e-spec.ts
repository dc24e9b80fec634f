import { ActionDueReconciler } from '../../src/root-cause/firing/action-due.reconciler';
import { AuthHeaders, createTestApp, TestApp } from '../support/test-app';
import { analysisBody, complaintOf, sleep, Staff, staff, timelineTypes } from './root-cause-support';
import { flushQueueKeys } from '../support/redis-keys';

/** Corrective and preventive actions: their rules, the overdue list, and the owner told once when one falls due. */
describe('root-cause actions (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: Staff;
  let owner: Staff;
  let otherAgent: Staff;
  let complaintId: string;

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    sup = await staff(t, admin, 'supervisor');
    owner = await staff(t, admin, 'agent', { supervisorId: sup.id });
    otherAgent = await staff(t, admin, 'agent');
    complaintId = (await complaintOf(t, admin, owner)).id;
    await t.http().put(`/api/v1/complaints/${complaintId}/root-cause`).set(owner.headers).send(analysisBody()).expect(201);
  });
  afterAll(() => t.close());

  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const addAction = (body: Record<string, unknown>, headers = sup.headers, id = complaintId) =>
    t.http().post(`/api/v1/complaints/${id}/root-cause/actions`).set(headers).send({ kind: 'corrective', description: '扩容 OLT 端口', ownerId: owner.id, dueAt: inSeconds(3600), ...body });
  const patch = (id: string, body: object, headers: AuthHeaders) => t.http().patch(`/api/v1/root-cause-actions/${id}`).set(headers).send(body);
  const dueNotices = async (headers: AuthHeaders, actionId: string) =>
    ((await t.http().get('/api/v1/notifications?limit=200').set(headers).expect(200)).body.items as { type: string; data: { actionId: string } }[]).filter(
      (n) => n.type === 'root_cause_action_due' && n.data.actionId === actionId,
    );

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const inactive = await staff(t, admin, 'agent');
    await t.http().post(`/api/v1/users/${inactive.id}/deactivate`).set(admin).expect(200);
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerId: inactive.id }, 'ownerId'],
      [{ ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
      [{ ownerId: 'nobody' }, 'ownerId'],
      [{ dueAt: 'next Friday' }, 'dueAt'],
      [{ dueAt: '2026-13-45T25:61:00Z' }, 'dueAt'],
      [{ kind: 'punitive' }, 'kind'],
      [{ description: '  ' }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await addAction(body).expect(400);
      expect([field, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([field, expect.arrayContaining([field])]);
    }
    expect((await t.http().get(`/api/v1/root-cause-actions?complaintId=${complaintId}`).set(sup.headers).expect(200)).body.items).toEqual([]);
    expect((await timelineTypes(t, admin, complaintId)).filter((e) => e.type === 'root_cause_action_added')).toEqual([]);
  });

  it('needs an analysis first (404), and agents act only on their own complaints', async () => {
    const bare = await complaintOf(t, admin, owner);
    await addAction({}, sup.headers, bare.id).expect(404);
    await addAction({}, otherAgent.headers).expect(403);
  });

  it('moves open → in_progress → done → verified; the owner cannot verify (four_eyes), another agent cannot work it', async () => {
    const a = (await addAction({ kind: 'preventive', description: '建立端口容量预警 / alert on port capacity' }).expect(201)).body;
    expect(a).toMatchObject({ status: 'open', kind: 'preventive', ownerId: owner.id, complaintId, overdue: false, version: 1 });
    expect((await patch(a.id, { status: 'in_progress' }, otherAgent.headers).expect(403)).body.code).toBe('forbidden');
    await patch(a.id, { status: 'verified' }, sup.headers).expect(409);
    await patch(a.id, { status: 'in_progress' }, owner.headers).expect(200);
    await patch(a.id, { status: 'done', version: 1 }, owner.headers).expect(409); // stale
    const done = (await patch(a.id, { status: 'done', note: '已上线' }, owner.headers).expect(200)).body;
    expect(done).toMatchObject({ status: 'done', version: 3 });
    expect(done.doneAt).not.toBeNull();
    expect((await patch(a.id, { status: 'verified' }, owner.headers).expect(403)).body.code).toBe('four_eyes');
    expect((await patch(a.id, { status: 'verified' }, otherAgent.headers).expect(403)).body.code).toBe('forbidden');
    const verified = (await patch(a.id, { status: 'verified' }, sup.headers).expect(200)).body;
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: sup.id });
    expect((await patch(a.id, { status: 'open' }, sup.headers).expect(409)).body.allowed).toEqual([]);
    const events = (await timelineTypes(t, admin, complaintId)).filter((e) => e.type.startsWith('root_cause_action') && (e.data.actionId === a.id));
    expect(events.map((e) => [e.type, e.data.to ?? null])).toEqual([
      ['root_cause_action_added', null],
      ['root_cause_action_updated', 'in_progress'],
      ['root_cause_action_updated', 'done'],
      ['root_cause_action_updated', 'verified'],
    ]);
  });

  it('lists overdue actions (by owner), and tells the owner once when an action falls due', async () => {
    const late = (await addAction({ dueAt: new Date(Date.now() - 3600e3).toISOString() }).expect(201)).body;
    const soon = (await addAction({ dueAt: inSeconds(2), description: '更换光模块 / replace the optical module' }).expect(201)).body;
    const later = (await addAction({ dueAt: inSeconds(3600) }).expect(201)).body;
    const overdue = (await t.http().get(`/api/v1/root-cause-actions?overdue=true&ownerId=${owner.id}`).set(sup.headers).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(soon.id);
    expect(overdue).not.toContain(later.id);
    expect((await t.http().get(`/api/v1/root-cause-actions?overdue=true&ownerId=${otherAgent.id}`).set(sup.headers).expect(200)).body.items).toEqual([]);

    await sleep(4000);
    expect(await dueNotices(owner.headers, late.id)).toHaveLength(1);
    expect(await dueNotices(owner.headers, soon.id)).toHaveLength(1);
    expect(await dueNotices(owner.headers, later.id)).toHaveLength(0);
    // the reconciler running again (as every worker does) tells no one twice
    await t.app.get(ActionDueReconciler).reconcile();
    await t.app.get(ActionDueReconciler).reconcile();
    expect(await dueNotices(owner.headers, soon.id)).toHaveLength(1);
    const listed = (await t.http().get(`/api/v1/root-cause-actions/${soon.id}`).set(sup.headers).expect(200)).body;
    expect(listed).toMatchObject({ overdue: true });
    expect(listed.notifiedAt).not.toBeNull();
    // a done action is no longer overdue
    await patch(late.id, { status: 'done' }, owner.headers).expect(200);
    const after = (await t.http().get(`/api/v1/root-cause-actions?overdue=true&ownerId=${owner.id}`).set(sup.headers).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(after).not.toContain(late.id);
    expect(after).toContain(soon.id);
  });

  it('a rescheduled action is announced again at its new due time', async () => {
    const a = (await addAction({ dueAt: new Date(Date.now() - 1000).toISOString() }).expect(201)).body;
    await sleep(2500);
    expect(await dueNotices(owner.headers, a.id)).toHaveLength(1);
    const moved = (await patch(a.id, { dueAt: inSeconds(1) }, sup.headers).expect(200)).body;
    expect(moved.notifiedAt).toBeNull();
    await sleep(3000);
    expect(await dueNotices(owner.headers, a.id)).toHaveLength(2);
  });

  it('after Redis loses its wake-ups, the reconciler puts them back and the owner is still told once', async () => {
    const a = (await addAction({ dueAt: inSeconds(2.5) }).expect(201)).body;
    await flushQueueKeys();
    const restored = await t.app.get(ActionDueReconciler).reconcile();
    expect(restored.jobsRestored).toBeGreaterThanOrEqual(1);
    await sleep(4000);
    expect(await dueNotices(owner.headers, a.id)).toHaveLength(1);
  });

  it('a problem carries actions too, listed by problem and worked without a complaint', async () => {
    const p = (await t.http().post('/api/v1/problems').set(sup.headers).send({ title: '城东片区晚间断网', category: 'product' }).expect(201)).body;
    const a = (await t.http().post(`/api/v1/problems/${p.id}/actions`).set(sup.headers).send({ kind: 'preventive', description: '季度容量评审', ownerId: owner.id, dueAt: inSeconds(3600) }).expect(201)).body;
    expect(a).toMatchObject({ problemId: p.id, analysisId: null, complaintId: null });
    await t.http().post(`/api/v1/problems/${p.id}/actions`).set(sup.headers).send({ kind: 'preventive', description: 'x', ownerId: owner.id, dueAt: 'soon' }).expect(400);
    expect((await t.http().get(`/api/v1/root-cause-actions?problemId=${p.id}`).set(sup.headers).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    await patch(a.id, { status: 'done' }, owner.headers).expect(200);
    expect((await patch(a.id, { status: 'verified' }, sup.headers).expect(200)).body.status).toBe('verified');
    expect((await t.http().get(`/api/v1/problems/${p.id}`).set(sup.headers).expect(200)).body.actions.map((x: { status: string }) => x.status)).toEqual(['verified']);
  });

  it('an Idempotency-Key retry answers the first action', async () => {
    const body = { kind: 'corrective', description: '重启 OLT', ownerId: owner.id, dueAt: inSeconds(7200) };
    const first = await t.http().post(`/api/v1/complaints/${complaintId}/root-cause/actions`).set(sup.headers).set('Idempotency-Key', 'act-1').send(body).expect(201);
    const again = await t.http().post(`/api/v1/complaints/${complaintId}/root-cause/actions`).set(sup.headers).set('Idempotency-Key', 'act-1').send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    await t.http().post(`/api/v1/complaints/${complaintId}/root-cause/actions`).set(sup.headers).set('Idempotency-Key', 'act-1').send({ ...body, description: '别的' }).expect(422);
  });
});
