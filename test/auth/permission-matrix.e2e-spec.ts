import { randomUUID } from 'node:crypto';
import { ACCESS_ROLES, AccessRole, decide, isPublicRoute, PERMISSIONS, PUBLIC_ROUTES } from '../../src/auth/permissions';
import { AuthHeaders, complaintBody, createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

type Caller = AccessRole | 'anonymous' | 'revoked_key' | 'deactivated_user';

/**
 * Walks the whole permission table: every route × every role, plus no credentials, a revoked
 * key and a deactivated user. What matters is 401 / 403 / anything else. Params get random
 * UUIDs so allowed calls end in 404 or 400 without side effects.
 */
describe('permission matrix (e2e)', () => {
  let t: TestApp;
  const headers = new Map<Caller, AuthHeaders>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ACCESS_ROLES) headers.set(role, await t.auth(role));
    headers.set('anonymous', {});
    const admin = headers.get('admin')!;
    const key = await t.http().post('/api/v1/api-keys').set(admin).send({ name: 'to-revoke' }).expect(201);
    await t.http().delete(`/api/v1/api-keys/${key.body.id}`).set(admin).expect(204);
    headers.set('revoked_key', { 'X-API-Key': key.body.key });
    const email = `gone.${randomUUID()}@test.example.com`;
    const user = await t.http().post('/api/v1/users').set(admin).send({ email, name: 'Gone', password: TEST_PASSWORD, role: 'supervisor' }).expect(201);
    const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    await t.http().post(`/api/v1/users/${user.body.id}/deactivate`).set(admin).expect(200);
    headers.set('deactivated_user', { Authorization: `Bearer ${login.body.accessToken}` });
  });
  afterAll(() => t.close());

  const send = (key: string, h: AuthHeaders) => {
    const [method, pattern] = key.split(' ');
    const path = pattern.replace(/:[A-Za-z]+/g, () => randomUUID());
    const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).set(h);
    return ['POST', 'PUT', 'PATCH'].includes(method) ? req.send({}) : req;
  };

  it('answers every route for every caller as the table says', async () => {
    const callers: Caller[] = [...ACCESS_ROLES, 'anonymous', 'revoked_key', 'deactivated_user'];
    const wrong: string[] = [];
    const keys = Object.keys(PERMISSIONS);
    await Promise.all(
      keys.map(async (key) => {
        for (const caller of callers) {
          const res = await send(key, headers.get(caller)!);
          const role = (ACCESS_ROLES as string[]).includes(caller) ? caller : null;
          const expected = role === null ? 401 : decide(key, role) === 'allow' ? 'other' : 403;
          const got = res.status === 401 || res.status === 403 ? res.status : 'other';
          if (got !== expected) wrong.push(`${caller} ${key}: expected ${expected}, got ${res.status} ${res.text.slice(0, 120)}`);
        }
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('leaves the public routes open to anyone', async () => {
    for (const key of PUBLIC_ROUTES.filter((k) => k.startsWith('GET /health'))) {
      const res = await send(key, {});
      expect([key, res.status]).toEqual([key, 200]);
    }
    await t.http().get('/docs-json').expect(200);
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'x' });
    expect(login.status).toBe(401);
    expect(login.body.detail).toBe('Email or password is wrong');
  });

  it('every operation of the OpenAPI document is in the table', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
        if (!isPublicRoute(key) && !(key in PERMISSIONS)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
    expect(doc.body.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.body.paths['/api/v1/users'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/api/v1/complaints'].post.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
  });

  describe('hand-written rules (so a wrong table cannot pass its own test)', () => {
    let complaintId: string;
    let othersComplaintId: string;
    const as = (role: Caller) => headers.get(role)!;

    beforeAll(async () => {
      const c = await t.http().post('/api/v1/complaints').set(as('front_desk')).send(complaintBody()).expect(201);
      complaintId = c.body.id;
      // taken in by a supervisor, so assigned to them
      othersComplaintId = (await t.http().post('/api/v1/complaints').set(as('supervisor')).send(complaintBody()).expect(201)).body.id;
    });

    it('must deny', async () => {
      const policy = { name: 'x', match: {}, rank: 1, acknowledgeWithinSeconds: 10, resolveWithinSeconds: 20, warnAtRatio: 0.5, escalation: [] };
      const user = { email: `x.${randomUUID()}@example.com`, name: 'x', password: TEST_PASSWORD, role: 'admin' };
      const cases: [Caller, string, string, object?][] = [
        ['front_desk', 'POST', '/api/v1/sla-policies', policy],
        ['front_desk', 'POST', '/api/v1/users', user],
        ['front_desk', 'POST', `/api/v1/complaints/${complaintId}/assign`, { assigneeId: randomUUID() }],
        ['integration', 'POST', '/api/v1/sla-policies', policy],
        ['integration', 'POST', '/api/v1/calendars', {}],
        ['integration', 'POST', '/api/v1/api-keys', { name: 'mine' }],
        ['integration', 'GET', '/api/v1/users'],
        ['agent', 'POST', `/api/v1/complaints/${complaintId}/assign`, { assigneeId: randomUUID() }],
        ['agent', 'POST', '/api/v1/sla-policies', policy],
        ['manager', 'POST', '/api/v1/users', user],
        ['manager', 'PATCH', `/api/v1/users/${randomUUID()}`, { name: 'x' }],
        ['integration', 'POST', `/api/v1/complaints/${complaintId}/transition`, { to: 'in_progress' }],
        ['integration', 'POST', '/api/v1/auth/password', { currentPassword: 'x', newPassword: 'y'.repeat(12) }],
        ['manager', 'POST', '/api/v1/sla-policies', policy],
        ['supervisor', 'POST', '/api/v1/users', user],
        ['supervisor', 'POST', '/api/v1/api-keys', { name: 'mine' }],
        ['front_desk', 'GET', '/api/v1/api-keys'],
        ['agent', 'GET', '/api/v1/api-keys'],
        ['supervisor', 'GET', '/api/v1/api-keys'],
        ['manager', 'GET', '/api/v1/api-keys'],
        ['integration', 'GET', '/api/v1/api-keys'],
        // an agent may not work a complaint that is not his
        ['agent', 'POST', `/api/v1/complaints/${complaintId}/acknowledge`, {}],
        ['agent', 'POST', `/api/v1/complaints/${complaintId}/transition`, { to: 'in_progress' }],
        ['agent', 'PUT', `/api/v1/complaints/${complaintId}/triage`, { emotionalNeeds: [], rationalNeeds: [], emotionalIntensity: 0, riskFlags: [] }],
        // nor may a front-desk member who did not take it in
        ['front_desk', 'POST', `/api/v1/complaints/${othersComplaintId}/acknowledge`, {}],
        ['front_desk', 'POST', `/api/v1/complaints/${othersComplaintId}/transition`, { to: 'withdrawn' }],
        // manager reports: supervisors, managers and admins only
        ['front_desk', 'GET', '/api/v1/reports/sla'],
        ['agent', 'GET', '/api/v1/reports/sla'],
        ['integration', 'GET', '/api/v1/reports/sla'],
        ['agent', 'GET', '/api/v1/reports/breaches'],
        ['front_desk', 'GET', '/api/v1/reports/definitions'],
        // a recovery plan is ended by a manager (or admin); the satisfaction report is for supervisors up
        ['agent', 'POST', `/api/v1/recovery-plans/${randomUUID()}/end`, { reason: 'x' }],
        ['supervisor', 'POST', `/api/v1/recovery-plans/${randomUUID()}/end`, { reason: 'x' }],
        ['integration', 'POST', `/api/v1/recovery-plans/${randomUUID()}/end`, { reason: 'x' }],
        ['front_desk', 'GET', '/api/v1/reports/satisfaction'],
        ['agent', 'GET', '/api/v1/reports/satisfaction'],
        ['integration', 'GET', '/api/v1/reports/satisfaction'],
      ];
      for (const [role, method, path, body] of cases) {
        const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch'](path).set(as(role));
        const res = await (body ? req.send(body) : req);
        expect([role, method, path, res.status]).toEqual([role, method, path, 403]);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    });

    it('must allow', async () => {
      await t.http().post('/api/v1/complaints').set(as('front_desk')).send(complaintBody()).expect(201);
      await t.http().post('/api/v1/complaints').set(as('integration')).send(complaintBody({ channel: 'call_center' })).expect(201);
      await t.http().post(`/api/v1/complaints/${complaintId}/notes`).set(as('integration')).send({ body: '客户来电询问进度', visibility: 'internal' }).expect(201);
      await t.http().get(`/api/v1/complaints/${complaintId}`).set(as('manager')).expect(200);
      for (const role of ['supervisor', 'manager'] as const) await t.http().get('/api/v1/reports/sla').set(as(role)).expect(200);
      await t.http().get('/api/v1/complaints').set(as('agent')).expect(200);
      await t.http().get('/api/v1/api-keys').set(as('admin')).expect(200);
      // the call center works the revisit worklist through its key
      await t.http().get('/api/v1/revisits?status=due').set(as('integration')).expect(200);
      await t.http().get(`/api/v1/complaints/${complaintId}/revisits`).set(as('agent')).expect(200);
      await t.http().get('/api/v1/reports/satisfaction').set(as('supervisor')).expect(200);
      await t.http().post(`/api/v1/recovery-plans/${randomUUID()}/end`).set(as('manager')).send({ reason: 'x' }).expect(404);
      await t.http().get('/api/v1/users?role=agent').set(as('supervisor')).expect(200);
      const agent = await t.http().get('/api/v1/auth/me').set(as('agent')).expect(200);
      await t.http().post(`/api/v1/complaints/${complaintId}/assign`).set(as('supervisor')).send({ assigneeId: agent.body.id }).expect(200);
      // now it is his: the agent works it
      await t.http().post(`/api/v1/complaints/${complaintId}/acknowledge`).set(as('agent')).send({}).expect(200);
      await t.http().post(`/api/v1/complaints/${complaintId}/transition`).set(as('agent')).send({ to: 'in_progress' }).expect(200);
      await t.http().put(`/api/v1/complaints/${complaintId}/triage`).set(as('agent')).send({ emotionalNeeds: ['be_heard'], rationalNeeds: [], emotionalIntensity: 1, riskFlags: [] }).expect(200);
    });

    it('managers have supervisor rights on complaints', async () => {
      const m = as('manager');
      const id = (await t.http().post('/api/v1/complaints').set(as('front_desk')).send(complaintBody()).expect(201)).body.id;
      const agent = await t.http().get('/api/v1/auth/me').set(as('agent')).expect(200);
      await t.http().post(`/api/v1/complaints/${id}/assign`).set(m).send({ assigneeId: agent.body.id }).expect(200);
      await t.http().post(`/api/v1/complaints/${id}/acknowledge`).set(m).send({}).expect(200);
      await t.http().post(`/api/v1/complaints/${id}/transition`).set(m).send({ to: 'in_progress' }).expect(200);
      await t.http().post(`/api/v1/complaints/${id}/notes`).set(m).send({ body: '经理已介入', visibility: 'internal' }).expect(201);
      await t.http().put(`/api/v1/complaints/${id}/triage`).set(m).send({ emotionalNeeds: ['be_respected'], rationalNeeds: ['fix_problem'], emotionalIntensity: 2, riskFlags: [] }).expect(200);
    });

    it('a front-desk member acknowledges and moves on the complaints they took in', async () => {
      const fd = as('front_desk');
      const c = (await t.http().post('/api/v1/complaints').set(fd).send(complaintBody()).expect(201)).body;
      const me = await t.http().get('/api/v1/auth/me').set(fd).expect(200);
      expect(c.assigneeId).toBe(me.body.id);
      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(fd).send({ note: '已电话致歉' }).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'in_progress' }).expect(200);
      // once assigned on, it is no longer theirs
      const agent = await t.http().get('/api/v1/auth/me').set(as('agent')).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/assign`).set(as('supervisor')).send({ assigneeId: agent.body.id }).expect(200);
      const res = await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(fd).send({ to: 'pending_customer' });
      expect([res.status, res.body.detail]).toEqual([403, 'The front_desk role may only work complaints assigned to it']);
    });
  });
});
