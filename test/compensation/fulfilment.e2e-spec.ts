import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { AuthHeaders, TestApp } from '../support/test-app';
import type { Staff } from './compensation-support';
import { flushQueueKeys } from '../support/redis-keys';

// Loaded in beforeAll, after FULFILMENT_URL is set: the app's configuration is read when its modules load.
let S: typeof import('./compensation-support');

/**
 * Fulfilment against a receiver started here. How it answers depends on the proposal's
 * description: "ok" delivers, "flaky" fails twice then delivers, "down" always answers 503,
 * "slow" answers after the timeout.
 */
interface Call {
  key: string | undefined;
  body: { proposalId: string; attempt: number; amount: number | null; type: string };
}

describe('compensation fulfilment (e2e)', () => {
  let receiver: Server;
  const calls: Call[] = [];
  let createTestApp: typeof import('../support/test-app').createTestApp;
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: Staff;
  let agent: Staff;

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const body = JSON.parse(text) as Call['body'] & { description: string };
        calls.push({ key: req.headers['idempotency-key'] as string | undefined, body });
        const seen = calls.filter((c) => c.body.proposalId === body.proposalId).length;
        const answer = (status: number, payload: object) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (body.description === 'down') return answer(503, { error: 'unavailable' });
        if (body.description === 'flaky' && seen <= 2) return answer(500, { error: 'try again' });
        if (body.description === 'slow') return void setTimeout(() => answer(200, { reference: 'too-late' }), 1500);
        answer(201, { reference: `R-${body.proposalId.slice(0, 8)}` });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    process.env.FULFILMENT_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fulfil`;
    process.env.FULFILMENT_RETRY_BASE_MS = '100';
    process.env.FULFILMENT_MAX_ATTEMPTS = '3';
    process.env.FULFILMENT_TIMEOUT_MS = '500';
    // The configuration is read when the app's modules load: after the receiver's URL is known.
    ({ createTestApp } = await import('../support/test-app'));
    S = await import('./compensation-support');
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    sup = await S.makeUser(t, admin, 'supervisor');
    agent = await S.makeUser(t, admin, 'agent', sup.id);
    await S.setContractLimits(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  /** An accepted proposal on a new complaint of the agent. */
  async function accepted(app: TestApp, description: string): Promise<{ id: string; complaintId: string }> {
    const complaintId = await S.newComplaint(app, admin, agent.id);
    const p = await app.http().post(`/api/v1/complaints/${complaintId}/compensations`).set(agent.h).send(S.proposal({ description })).expect(201);
    await app.http().post(`/api/v1/compensations/${p.body.id}/offer`).set(agent.h).send({}).expect(200);
    const acc = await app.http().post(`/api/v1/compensations/${p.body.id}/accept`).set(agent.h).send({ reason: '客户接受' }).expect(200);
    expect(acc.body.fulfilment).toMatchObject({ status: 'pending', attempts: 0 });
    return { id: p.body.id, complaintId };
  }
  const get = (app: TestApp, id: string) => app.http().get(`/api/v1/compensations/${id}`).set(admin).then((r) => r.body);
  const settle = (app: TestApp, id: string, ms = 10000) => S.waitFor(() => get(app, id), (p) => p.status === 'fulfilled' || p.status === 'fulfilment_failed', ms);
  const callsOf = (id: string) => calls.filter((c) => c.body.proposalId === id);

  it('an accepted remedy is delivered to the receiver with the proposal id as Idempotency-Key, and ends fulfilled with its reference', async () => {
    const { id, complaintId } = await accepted(t, 'ok');
    const p = await settle(t, id);
    expect(p).toMatchObject({ status: 'fulfilled', fulfilmentReference: `R-${id.slice(0, 8)}`, fulfilledManually: false, fulfilment: { status: 'succeeded', attempts: 1 } });
    expect(callsOf(id)).toEqual([{ key: id, body: expect.objectContaining({ proposalId: id, attempt: 1, amount: 3000, type: 'bill_credit' }) }]);
    const tl = (await t.http().get(`/api/v1/complaints/${complaintId}/timeline?limit=200`).set(admin).expect(200)).body.items as { type: string; actor: { type: string }; data: Record<string, unknown> }[];
    expect(tl.find((e) => e.type === 'compensation_fulfilled')).toMatchObject({ actor: { type: 'system' }, data: { proposalId: id, reference: `R-${id.slice(0, 8)}`, manual: false } });
  });

  it('failed attempts are retried with backoff, with the same Idempotency-Key, until delivered', async () => {
    const { id } = await accepted(t, 'flaky');
    const p = await settle(t, id);
    expect(p).toMatchObject({ status: 'fulfilled', fulfilment: { status: 'succeeded', attempts: 3 } });
    const seen = callsOf(id);
    expect(seen.map((c) => [c.key, c.body.attempt])).toEqual([[id, 1], [id, 2], [id, 3]]);
  });

  it('a receiver that keeps failing (or never answers in time) ends in fulfilment_failed, listed and notified to the supervisor; staff then record it by hand', async () => {
    const down = await accepted(t, 'down');
    const slow = await accepted(t, 'slow');
    const [d, s] = await Promise.all([settle(t, down.id), settle(t, slow.id)]);
    expect(d).toMatchObject({ status: 'fulfilment_failed', fulfilment: { status: 'failed', attempts: 3, lastError: expect.stringContaining('HTTP 503') } });
    expect(s).toMatchObject({ status: 'fulfilment_failed', fulfilment: { status: 'failed', attempts: 3, lastError: expect.stringContaining('no answer within 500 ms') } });
    expect(callsOf(down.id)).toHaveLength(3);
    const list = await t.http().get('/api/v1/compensations?status=fulfilment_failed').set(sup.h).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([down.id, slow.id]));
    const inbox = (await t.http().get('/api/v1/notifications').set(sup.h).expect(200)).body.items as { type: string; complaintId: string; data: { proposalId: string } }[];
    expect(inbox.filter((n) => n.type === 'compensation_fulfilment_failed').map((n) => n.data.proposalId)).toEqual(expect.arrayContaining([down.id, slow.id]));
    const tl = (await t.http().get(`/api/v1/complaints/${down.complaintId}/timeline?limit=200`).set(admin).expect(200)).body.items as { type: string }[];
    expect(tl.map((e) => e.type)).toContain('compensation_fulfilment_failed');
    // agents may not record a fulfilment; a supervisor does
    await t.http().post(`/api/v1/compensations/${down.id}/fulfil`).set(agent.h).send({}).expect(403);
    const manual = await t.http().post(`/api/v1/compensations/${down.id}/fulfil`).set(sup.h).send({ reference: 'BILL-ADJ-17' }).expect(200);
    expect(manual.body).toMatchObject({ status: 'fulfilled', fulfilledManually: true, fulfilmentReference: 'BILL-ADJ-17', fulfilment: { status: 'manual' } });
    // the slow one is retried by a supervisor: a fresh round of attempts
    const retried = await t.http().post(`/api/v1/compensations/${slow.id}/retry-fulfilment`).set(sup.h).send({}).expect(200);
    expect(retried.body).toMatchObject({ status: 'accepted', fulfilment: { status: 'pending', attempts: 0 } });
    expect((await settle(t, slow.id)).status).toBe('fulfilment_failed');
    expect(callsOf(slow.id)).toHaveLength(6);
  });

  it('a flushed Redis does not lose a pending fulfilment: the reconciler rebuilds it from PostgreSQL', async () => {
    await t.close();
    // API only (no worker): the job is enqueued, then Redis loses it.
    const api = await createTestApp();
    try {
    const { id } = await accepted(api, 'ok');
    await flushQueueKeys();
    await S.sleep(300);
    expect((await get(api, id)).status).toBe('accepted');
    expect(callsOf(id)).toHaveLength(0);
    // A worker starts: its reconciler finds the pending fulfilment in PostgreSQL.
    t = await createTestApp({ workers: true });
    const p = await settle(t, id);
    expect(p).toMatchObject({ status: 'fulfilled', fulfilment: { status: 'succeeded', attempts: 1 } });
    expect(callsOf(id)).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});

