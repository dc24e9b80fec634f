import { randomUUID } from 'node:crypto';
import { AuthHeaders, createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  supervisorId: string | null;
  active: boolean;
  version: number;
}

/** Users: creation rules, an admin's changes (PATCH), and changing one's own password. */
describe('users (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let seq = 0;
  const email = (role: string) => `users.${role}.${Date.now().toString(36)}${++seq}@test.example.com`;

  const create = async (role: string, extra: Record<string, unknown> = {}): Promise<User> =>
    (await t.http().post('/api/v1/users').set(admin).send({ email: email(role), name: `Users ${role}`, password: TEST_PASSWORD, role, ...extra }).expect(201)).body;
  const login = (address: string, password = TEST_PASSWORD) => t.http().post('/api/v1/auth/login').send({ email: address, password });
  const bearer = async (address: string, password = TEST_PASSWORD): Promise<AuthHeaders> => {
    const res = await login(address, password).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  const expectField = (res: { status: number; headers: Record<string, string>; body: { errors?: { field: string }[] } }, status: number, field: string) => {
    expect([res.status, res.headers['content-type']]).toEqual([status, expect.stringMatching(/^application\/problem\+json/)]);
    expect((res.body.errors ?? []).map((e) => e.field)).toContain(field);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it('an email that exists (in any case) is 409 naming email', async () => {
      const first = await create('agent');
      const res = await t.http().post('/api/v1/users').set(admin).send({ email: first.email.toUpperCase(), name: 'Twin', password: TEST_PASSWORD, role: 'agent' });
      expectField(res, 409, 'email');
      expect(res.body.code).toBe('conflict');
      expect(res.text).not.toMatch(/duplicate key|uq_users_email|INSERT/i);
    });

    it('supervisorId must be an active supervisor or manager', async () => {
      const supervisor = await create('supervisor');
      const manager = await create('manager');
      const agent = await create('agent');
      const gone = await create('supervisor');
      await t.http().post(`/api/v1/users/${gone.id}/deactivate`).set(admin).expect(200);
      for (const bad of [randomUUID(), agent.id, gone.id]) {
        const res = await t.http().post('/api/v1/users').set(admin).send({ email: email('agent'), name: 'x', password: TEST_PASSWORD, role: 'agent', supervisorId: bad });
        expectField(res, 400, 'supervisorId');
      }
      expect((await create('agent', { supervisorId: supervisor.id })).supervisorId).toBe(supervisor.id);
      expect((await create('supervisor', { supervisorId: manager.id })).supervisorId).toBe(manager.id);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes name, role and supervisor; null removes the supervisor', async () => {
      const supervisor = await create('supervisor');
      const user = await create('agent');
      const changed: User = (await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ name: '李娜', role: 'supervisor', supervisorId: supervisor.id }).expect(200)).body;
      expect(changed).toMatchObject({ id: user.id, email: user.email, name: '李娜', role: 'supervisor', supervisorId: supervisor.id, active: true, version: user.version + 1 });
      expect((await t.http().get(`/api/v1/users/${user.id}`).set(admin).expect(200)).body).toEqual(changed);
      const cleared = (await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ supervisorId: null }).expect(200)).body;
      expect(cleared.supervisorId).toBeNull();
    });

    it('a role change applies on the next request of the user', async () => {
      const user = await create('agent');
      const headers = await bearer(user.email);
      await t.http().get('/api/v1/users').set(headers).expect(403);
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ role: 'supervisor' }).expect(200);
      await t.http().get('/api/v1/users').set(headers).expect(200);
    });

    it('active: false locks the user out at once, active: true lets them back', async () => {
      const user = await create('front_desk');
      const headers = await bearer(user.email);
      await t.http().get('/api/v1/auth/me').set(headers).expect(200);
      expect((await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ active: false }).expect(200)).body.active).toBe(false);
      await t.http().get('/api/v1/auth/me').set(headers).expect(401);
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ active: true }).expect(200);
      await t.http().get('/api/v1/auth/me').set(headers).expect(200);
    });

    it('password resets the password', async () => {
      const user = await create('agent');
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send({ password: 'A-brand-new-passw0rd' }).expect(200);
      await login(user.email).expect(401);
      await login(user.email, 'A-brand-new-passw0rd').expect(200);
    });

    it('refuses bad input naming the field and changes nothing', async () => {
      const user = await create('agent');
      const agent = await create('agent');
      const cases: [Record<string, unknown>, string][] = [
        [{ supervisorId: randomUUID() }, 'supervisorId'],
        [{ supervisorId: agent.id }, 'supervisorId'],
        [{ supervisorId: user.id }, 'supervisorId'],
        [{ supervisorId: 'boss' }, 'supervisorId'],
        [{ role: 'ceo' }, 'role'],
        [{ name: null }, 'name'],
        [{ name: '' }, 'name'],
        [{ active: 'no' }, 'active'],
        [{ password: 'short' }, 'password'],
        [{ email: 'new@example.com' }, 'email'],
      ];
      for (const [body, field] of cases) expectField(await t.http().patch(`/api/v1/users/${user.id}`).set(admin).send(body), 400, field);
      expect((await t.http().get(`/api/v1/users/${user.id}`).set(admin).expect(200)).body).toEqual(user);
    });

    it('If-Match: a stale version is 409; a missing user 404', async () => {
      const user = await create('agent');
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin).set('If-Match', `"${user.version}"`).send({ name: 'first' }).expect(200);
      const stale = await t.http().patch(`/api/v1/users/${user.id}`).set(admin).set('If-Match', `"${user.version}"`).send({ name: 'second' });
      expect([stale.status, stale.body.code]).toEqual([409, 'stale_version']);
      await t.http().patch(`/api/v1/users/${randomUUID()}`).set(admin).send({ name: 'x' }).expect(404);
    });

    it('the last active admin cannot be demoted or deactivated', async () => {
      const only = await create('admin');
      const onlyHeaders = await bearer(only.email);
      // Spec files of a jest worker run one after another: for this test, `only` is the only active admin.
      const others: { id: string }[] = await t.dataSource.query(`SELECT id FROM users WHERE role = 'admin' AND active AND id <> $1`, [only.id]);
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [others.map((o) => o.id)]);
      try {
        for (const body of [{ role: 'manager' }, { active: false }]) {
          const res = await t.http().patch(`/api/v1/users/${only.id}`).set(onlyHeaders).send(body);
          expect([res.status, res.body.code]).toEqual([409, 'conflict']);
        }
        const res = await t.http().post(`/api/v1/users/${only.id}/deactivate`).set(onlyHeaders);
        expect(res.status).toBe(409);
      } finally {
        await t.dataSource.query(`UPDATE users SET active = true WHERE id = ANY($1)`, [others.map((o) => o.id)]);
      }
      await t.http().patch(`/api/v1/users/${only.id}`).set(admin).send({ role: 'manager' }).expect(200);
    });
  });

  describe('POST /auth/password', () => {
    it('changes one\'s own password when the current one is right', async () => {
      const user = await create('agent');
      const headers = await bearer(user.email);
      await t.http().post('/api/v1/auth/password').set(headers).send({ currentPassword: TEST_PASSWORD, newPassword: 'My-own-new-passw0rd' }).expect(204);
      await login(user.email).expect(401);
      await login(user.email, 'My-own-new-passw0rd').expect(200);
    });

    it('a wrong currentPassword is 400 naming it; a short or unchanged newPassword 400 naming it', async () => {
      const user = await create('front_desk');
      const headers = await bearer(user.email);
      const cases: [Record<string, unknown>, string][] = [
        [{ currentPassword: 'not-my-password', newPassword: 'My-own-new-passw0rd' }, 'currentPassword'],
        [{ currentPassword: TEST_PASSWORD, newPassword: 'short' }, 'newPassword'],
        [{ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, 'newPassword'],
        [{ newPassword: 'My-own-new-passw0rd' }, 'currentPassword'],
      ];
      for (const [body, field] of cases) expectField(await t.http().post('/api/v1/auth/password').set(headers).send(body), 400, field);
      await login(user.email).expect(200);
    });

    it('wrong current passwords count as failed logins and lock the account', async () => {
      const user = await create('agent');
      const headers = await bearer(user.email);
      for (let i = 0; i < 5; i++) {
        await t.http().post('/api/v1/auth/password').set(headers).send({ currentPassword: `guess-${i}-wrong`, newPassword: 'My-own-new-passw0rd' }).expect(400);
      }
      const locked = await t.http().post('/api/v1/auth/password').set(headers).send({ currentPassword: TEST_PASSWORD, newPassword: 'My-own-new-passw0rd' });
      expect(locked.status).toBe(429);
      await login(user.email).expect(429);
      // an admin's reset lifts the lock
      const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [user.email]);
      await t.http().patch(`/api/v1/users/${id}`).set(admin).send({ password: 'Reset-by-admin-1234' }).expect(200);
      await login(user.email, 'Reset-by-admin-1234').expect(200);
    });

    it('an API key has no password to change', async () => {
      await t.http().post('/api/v1/auth/password').set(await t.auth('integration')).send({ currentPassword: 'x', newPassword: 'My-own-new-passw0rd' }).expect(403);
    });
  });
});
