import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { AdminBootstrapService } from '../../src/auth/admin-bootstrap.service';
import { requireAdminForMount } from '../../src/auth/require-admin-for-mount';
import { AuthHeaders, complaintBody, createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

describe('accounts, login, API keys (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  const newUser = async (role = 'agent', email = `u.${randomUUID()}@test.example.com`) => {
    const res = await t.http().post('/api/v1/users').set(admin).send({ email, name: `User ${role}`, password: TEST_PASSWORD, role }).expect(201);
    return { id: res.body.id as string, email };
  };
  const login = (email: string, password = TEST_PASSWORD) => t.http().post('/api/v1/auth/login').send({ email, password });

  it('logs in with a short-lived bearer token; wrong password and unknown email get the same 401', async () => {
    const { email } = await newUser('front_desk', `Mixed.Case.${randomUUID()}@Test.Example.com`);
    const ok = await login(email.toUpperCase()).expect(200);
    expect(ok.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    const me = await t.http().get('/api/v1/auth/me').set({ Authorization: `Bearer ${ok.body.accessToken}` }).expect(200);
    expect(me.body).toMatchObject({ type: 'user', role: 'front_desk', name: 'User front_desk' });

    const wrong = await login(email, 'Wrong-Passw0rd!').expect(401);
    const unknown = await login(`nobody.${randomUUID()}@example.com`).expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.code).toBe('unauthenticated');
    await t.http().get('/api/v1/complaints').set({ Authorization: 'Bearer not.a.jwt' }).expect(401);
    await t.http().get('/api/v1/complaints').set({ Authorization: 'Basic abc' }).expect(401);
    await t.http().get('/api/v1/complaints').expect(401);
    await t.http().get('/api/v1/no-such-route').expect(401);
  });

  it('locks an email for a while after 5 failed logins, even for the right password', async () => {
    const { email } = await newUser();
    for (let i = 0; i < 5; i++) await login(email, `Wrong-${i}-Passw0rd`).expect(401);
    const locked = await login(email).expect(429);
    expect(locked.body).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    await t.dataSource.query(`UPDATE login_attempts SET locked_until = now() - interval '1 second' WHERE email = $1`, [email]);
    await login(email).expect(200);
  });

  it('refuses weak or duplicate accounts, names the field', async () => {
    const short = await t.http().post('/api/v1/users').set(admin).send({ email: `s.${randomUUID()}@example.com`, name: 'S', password: 'short-pw', role: 'agent' }).expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const role = await t.http().post('/api/v1/users').set(admin).send({ email: `r.${randomUUID()}@example.com`, name: 'R', password: TEST_PASSWORD, role: 'root' }).expect(400);
    expect(role.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const { email } = await newUser();
    await t.http().post('/api/v1/users').set(admin).send({ email: email.toUpperCase(), name: 'Dup', password: TEST_PASSWORD, role: 'agent' }).expect(409);
    const sup = await t.http().post('/api/v1/users').set(admin).send({ email: `x.${randomUUID()}@example.com`, name: 'X', password: TEST_PASSWORD, role: 'agent', supervisorId: randomUUID() }).expect(400);
    expect(sup.body.errors).toEqual([expect.objectContaining({ field: 'supervisorId' })]);
  });

  it("a deactivated user's token stops working at once, and works again after reactivation", async () => {
    const { id, email } = await newUser('supervisor');
    const token = { Authorization: `Bearer ${(await login(email).expect(200)).body.accessToken}` };
    await t.http().get('/api/v1/complaints').set(token).expect(200);
    const off = await t.http().post(`/api/v1/users/${id}/deactivate`).set(admin).expect(200);
    expect(off.body.active).toBe(false);
    await t.http().get('/api/v1/complaints').set(token).expect(401);
    await login(email).expect(401);
    await t.http().post(`/api/v1/users/${id}/reactivate`).set(admin).expect(200);
    await t.http().get('/api/v1/complaints').set(token).expect(200);
  });

  it('lists users paginated and filtered by role, never with a password hash', async () => {
    await newUser('manager');
    await newUser('manager');
    const page = await t.http().get('/api/v1/users?role=manager&limit=1').set(admin).expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ role: 'manager', active: true });
    const next = await t.http().get(`/api/v1/users?role=manager&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`).set(admin).expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const all = await t.http().get('/api/v1/users?limit=200').set(admin).expect(200);
    expect(all.text).not.toMatch(/hash|\$argon2/i);
    const one = await t.http().get(`/api/v1/users/${page.body.items[0].id}`).set(admin).expect(200);
    expect(Object.keys(one.body).sort()).toEqual(['active', 'createdAt', 'email', 'id', 'name', 'role', 'supervisorId', 'updatedAt', 'version']);
  });

  it('creates API keys shown once, lists them without key or hash, revokes them at once', async () => {
    const created = await t.http().post('/api/v1/api-keys').set(admin).send({ name: 'call-center' }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'call-center', prefix: expect.stringMatching(/^[A-Za-z0-9]{8}$/), key: expect.stringMatching(/^cdk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32,}$/), createdAt: expect.any(String) });
    const key = { 'X-API-Key': created.body.key };
    const me = await t.http().get('/api/v1/auth/me').set(key).expect(200);
    expect(me.body).toMatchObject({ type: 'api_key', id: created.body.id, role: 'integration', name: 'call-center' });
    const [{ last_used_at }] = await t.dataSource.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(last_used_at).not.toBeNull();

    const list = await t.http().get('/api/v1/api-keys').set(admin).expect(200);
    expect(list.text).not.toContain(created.body.key);
    expect(list.text).not.toMatch(/hash/i);
    expect(list.body.items.find((k: { id: string }) => k.id === created.body.id)).toMatchObject({ prefix: created.body.prefix, revokedAt: null, lastUsedAt: expect.any(String) });

    await t.http().get('/api/v1/complaints').set({ 'X-API-Key': created.body.key.slice(0, -1) + 'x' }).expect(401);
    await t.http().delete(`/api/v1/api-keys/${created.body.id}`).set(admin).expect(204);
    await t.http().get('/api/v1/complaints').set(key).expect(401);
    await t.http().delete(`/api/v1/api-keys/${created.body.id}`).set(admin).expect(204);
    await t.http().delete(`/api/v1/api-keys/${randomUUID()}`).set(admin).expect(404);
  });

  it('intake by a front-desk user makes him the assignee and the actor of the created event', async () => {
    const fd = await t.auth('front_desk');
    const me = await t.http().get('/api/v1/auth/me').set(fd).expect(200);
    const c = await t.http().post('/api/v1/complaints').set(fd).send(complaintBody()).expect(201);
    expect(c.body.assigneeId).toBe(me.body.id);
    const tl = await t.http().get(`/api/v1/complaints/${c.body.id}/timeline`).set(fd).expect(200);
    expect(tl.body.items[0]).toMatchObject({ type: 'created', actor: expect.objectContaining({ type: 'user', id: me.body.id }) });
    const [row] = await t.dataSource.query(`SELECT intake_actor_type, intake_actor_id FROM complaints WHERE id = $1`, [c.body.id]);
    expect(row).toEqual({ intake_actor_type: 'user', intake_actor_id: me.body.id });
  });

  it('intake by an API key records the key as the actor and leaves it unassigned', async () => {
    const key = await t.auth('integration');
    const me = await t.http().get('/api/v1/auth/me').set(key).expect(200);
    const c = await t.http().post('/api/v1/complaints').set(key).send(complaintBody({ channel: 'call_center' })).expect(201);
    expect(c.body.assigneeId).toBeNull();
    const tl = await t.http().get(`/api/v1/complaints/${c.body.id}/timeline`).set(key).expect(200);
    expect(tl.body.items[0]).toMatchObject({ type: 'created', actor: expect.objectContaining({ type: 'api_key', id: me.body.id }) });
  });

  it('assigning to someone who is not an active user is 400 naming assigneeId', async () => {
    const c = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const { id } = await newUser('agent');
    await t.http().post(`/api/v1/users/${id}/deactivate`).set(admin).expect(200);
    for (const assigneeId of [randomUUID(), id]) {
      const res = await t.http().post(`/api/v1/complaints/${c.body.id}/assign`).set(admin).send({ assigneeId }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    }
  });

  it('guards express mounts (bull-board) for active admins only', async () => {
    const mount = express().use('/admin/queues', requireAdminForMount(), (_req, res) => res.send('queues'));
    await request(mount).get('/admin/queues').expect(401);
    await request(mount).get('/admin/queues').set(await t.auth('manager')).expect(403);
    await request(mount).get('/admin/queues').set(await t.auth('integration')).expect(401);
    const ok = await request(mount).get('/admin/queues').set(admin).expect(200);
    expect(ok.text).toBe('queues');
  });

  it('creates the bootstrap admin once, even when instances start together', async () => {
    const bootstrap = t.app.get(AdminBootstrapService);
    expect(await bootstrap.ensureAdmin()).toBe(false);
    await t.dataSource.query(`DELETE FROM users`);
    const results = await Promise.all([bootstrap.ensureAdmin(), bootstrap.ensureAdmin(), bootstrap.ensureAdmin()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const rows = await t.dataSource.query(`SELECT email, role FROM users`);
    expect(rows).toEqual([{ email: process.env.ADMIN_EMAIL, role: 'admin' }]);
    await login(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!).expect(200);
  });
});
