import { QUEUES } from '../../src/queue/queue.constants';
import { randomUUID } from 'node:crypto';
import { StaffSessionService, STAFF_SESSION_COOKIE } from '../../src/auth/staff-session.service';
import { AuthHeaders, createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * The staff pages' session at the HTTP level: the sign-in form, the cookie's flags and
 * signature, its expiry, the origin check on writes, and /admin/queues with either credential.
 */
describe('admin pages session (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const HTML = 'text/html,application/xhtml+xml';
  /** This server's origin; writes must name it. */
  let self: string;

  beforeAll(async () => {
    t = await createTestApp();
    // As behind a TLS-terminating proxy on this host: X-Forwarded-Proto decides req.secure.
    t.app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
    // One listening port for the whole spec (supertest reuses it), so the Origin is known.
    await t.app.listen(0, '127.0.0.1');
    self = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  const signIn = (email: string, password: string, extra: Record<string, string> = {}, headers: Record<string, string> = { Origin: self }) =>
    t.http().post('/admin/login').set(headers).type('form').send({ email, password, ...extra });

  const sessionCookie = (res: { headers: Record<string, unknown> }): string => {
    const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
    const line = cookies.find((c) => c.startsWith(`${STAFF_SESSION_COOKIE}=`));
    if (!line) throw new Error(`no ${STAFF_SESSION_COOKIE} cookie in ${JSON.stringify(cookies)}`);
    return line;
  };
  const cookieValue = (line: string) => line.split(';')[0].slice(STAFF_SESSION_COOKIE.length + 1);
  const withCookie = (value: string) => ({ Cookie: `${STAFF_SESSION_COOKIE}=${value}` });
  const newUser = async (role: string) => {
    const email = `page.${role}.${randomUUID()}@test.example.com`;
    const res = await t.http().post('/api/v1/users').set(admin).send({ email, name: `Page ${role}`, password: TEST_PASSWORD, role }).expect(201);
    return { id: res.body.id as string, email };
  };
  /** A fresh admin's session (sign-ins are limited to 10 a minute per address and email). */
  const adminSession = async () => {
    const { email } = await newUser('admin');
    return cookieValue(sessionCookie(await signIn(email, TEST_PASSWORD).expect(303)));
  };

  it('serves the sign-in form as plain HTML that allows no scripts and is not cached', async () => {
    const res = await t.http().get('/admin/login').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.text).toContain('<form method="post" action="/admin/login">');
    expect(res.text).toMatch(/name="email"[\s\S]*name="password"/);
    expect(res.text).not.toMatch(/<script/i);
  });

  it('sends a browser without credentials from /admin/queues to the form; API clients get problem+json', async () => {
    const nav = await t.http().get('/admin/queues').set('Accept', HTML).expect(302);
    expect(nav.headers.location).toBe('/admin/login?next=%2Fadmin%2Fqueues');
    const api = await t.http().get('/admin/queues/api/queues').set('Accept', 'application/json').expect(401);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(api.body.detail).toContain('/admin/login');
    await t.http().get('/admin/queues').expect(401);
  });

  it('signs an admin in with an HttpOnly, SameSite=Strict, short-lived cookie for the whole site and redirects to the dashboard', async () => {
    const res = await signIn(process.env.ADMIN_EMAIL!.toUpperCase(), process.env.ADMIN_PASSWORD!).expect(303);
    expect(res.headers.location).toBe('/admin/queues');
    const line = sessionCookie(res);
    const attrs = line.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'max-age=1800']));
    expect(attrs).not.toContain('secure'); // plain HTTP here
    expect(attrs.find((a) => a.startsWith('expires='))).toBeDefined();
    expect(cookieValue(line)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const page = await t.http().get('/admin/queues').set(withCookie(cookieValue(line))).set('Accept', HTML).expect(200);
    expect(page.text).toMatch(/<html/i);
    const queues = await t.http().get('/admin/queues/api/queues').set(withCookie(cookieValue(line))).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    // signed in, the form shows who and offers to sign out
    const again = await t.http().get('/admin/login').set(withCookie(cookieValue(line))).expect(200);
    expect(again.text).toContain('Signed in as');
    expect(again.text).toContain('action="/admin/logout"');
  });

  it('marks the cookie Secure when the request came over HTTPS (X-Forwarded-Proto from a trusted proxy)', async () => {
    const https = self.replace(/^http:/, 'https:');
    const res = await signIn(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!, {}, { Origin: https, 'X-Forwarded-Proto': 'https' }).expect(303);
    expect(sessionCookie(res).split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
    // the Origin must then be the https one
    await signIn(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!, {}, { Origin: self, 'X-Forwarded-Proto': 'https' }).expect(403);
  });

  it('goes on to the page the browser asked for, but only to a staff page of this server', async () => {
    const deep = await signIn(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!, { next: '/admin/queues/queue/sla-deadlines' }).expect(303);
    expect(deep.headers.location).toBe('/admin/queues/queue/sla-deadlines');
    const away = await signIn(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!, { next: 'https://evil.example/admin/queues' }).expect(303);
    expect(away.headers.location).toBe('/admin/queues');
  });

  it('shows the form again with a message for wrong credentials (401) and a role without pages (403), setting no cookie', async () => {
    const wrong = await signIn(process.env.ADMIN_EMAIL!, 'Wrong-Passw0rd!').expect(401);
    expect(wrong.headers['content-type']).toMatch(/text\/html/);
    expect(wrong.text).toContain('Email or password is wrong');
    expect(wrong.text).toContain(`value="${process.env.ADMIN_EMAIL}"`);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    // agents have no staff page (supervisors and managers have the reports page)
    const { email } = await newUser('agent');
    const refused = await signIn(email, TEST_PASSWORD).expect(403);
    expect(refused.text).toContain('The agent role may not sign in to these pages');
    expect(refused.headers['set-cookie']).toBeUndefined();

    const empty = await signIn('', '').expect(400);
    expect(empty.text).toContain('Enter your email and password.');
    // markup in what is echoed back stays text
    const odd = await signIn('"><script>alert(1)</script>', 'x').expect(401);
    expect(odd.text).not.toContain('<script>alert(1)</script>');
  });

  it('lets supervisors and managers sign in for the reports page, which they land on; the queue dashboard stays the admins\'', async () => {
    for (const role of ['manager', 'supervisor']) {
      const { email } = await newUser(role);
      const res = await signIn(email, TEST_PASSWORD).expect(303);
      expect(res.headers.location).toBe('/reports');
      const cookie = withCookie(cookieValue(sessionCookie(res)));
      await t.http().get('/reports').set(cookie).expect(200).expect('Content-Type', /text\/html/);
      await t.http().get('/api/v1/reports/backlog').set(cookie).expect(200);
      // a cross-site read, and any other API route, do not take the cookie
      await t.http().get('/api/v1/reports/backlog').set({ ...cookie, Origin: 'https://evil.example' }).expect(401);
      await t.http().get('/api/v1/complaints').set(cookie).expect(401);
      await t.http().get('/admin/queues').set({ ...cookie, Accept: 'text/html' }).expect(403);
    }
    const agent = await newUser('agent');
    const agentCookie = withCookie(await t.app.get(StaffSessionService).issue(agent.id));
    await t.http().get('/reports').set(agentCookie).expect(403);
    await t.http().get('/api/v1/reports/backlog').set(agentCookie).expect(403);
    // no credentials at all: redirected to the sign-in form, whatever the client accepts
    const anonymous = await t.http().get('/reports').expect(302);
    expect(anonymous.headers.location).toBe('/admin/login?next=%2Freports');
  });

  it('shares the failed-login lock with the API login', async () => {
    const { email } = await newUser('admin');
    for (let i = 0; i < 5; i++) await signIn(email, `Wrong-${i}-Passw0rd`).expect(401);
    const locked = await signIn(email, TEST_PASSWORD).expect(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    expect(locked.text).toContain('Too many failed logins');
    await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(429);
  });

  it('limits sign-ins to 10 a minute per address and email, answering with the form', async () => {
    const email = `limited.${randomUUID()}@test.example.com`;
    for (let i = 0; i < 10; i++) await signIn(email, '').expect(400);
    const limited = await signIn(email, 'Whatever-Passw0rd').expect(429);
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.text).toContain('Too many sign-in attempts');
  });

  it('refuses a tampered, forged or foreign cookie, and clears it', async () => {
    const value = await adminSession();
    const [head, body, sig] = value.split('.');
    const flipped = `${head}.${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const otherUser = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    const bearer = admin.Authorization.replace(/^Bearer /, '');
    for (const bad of [flipped, `${head}.${otherUser}.${sig}`, bearer, 'not-a-session']) {
      const api = await t.http().get('/admin/queues/api/queues').set(withCookie(bad)).expect(401);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(String(api.headers['set-cookie'])).toMatch(new RegExp(`${STAFF_SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
      const nav = await t.http().get('/admin/queues').set(withCookie(bad)).set('Accept', HTML).expect(302);
      expect(nav.headers.location).toMatch(/^\/admin\/login/);
    }
    // and the session cookie is no Bearer token
    await t.http().get('/admin/queues').set('Authorization', `Bearer ${value}`).expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${value}`).expect(401);
    // the API ignores cookies altogether
    await t.http().get('/api/v1/auth/me').set(withCookie(value)).expect(401);
  });

  it('refuses an expired session', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(admin).expect(200);
    const sessions = t.app.get(StaffSessionService);
    const expired = await sessions.issue(me.body.id, -1);
    await t.http().get('/admin/queues/api/queues').set(withCookie(expired)).expect(401);
    await t.http().get('/admin/queues').set(withCookie(expired)).set('Accept', HTML).expect(302);
    const fresh = await sessions.issue(me.body.id, 60);
    await t.http().get('/admin/queues/api/queues').set(withCookie(fresh)).expect(200);
  });

  it('stops a session at once when its admin is deactivated or stops being an admin', async () => {
    const { id, email } = await newUser('admin');
    const value = cookieValue(sessionCookie(await signIn(email, TEST_PASSWORD).expect(303)));
    await t.http().get('/admin/queues/api/queues').set(withCookie(value)).expect(200);
    await t.http().post(`/api/v1/users/${id}/deactivate`).set(admin).expect(200);
    await t.http().get('/admin/queues/api/queues').set(withCookie(value)).expect(401);
    await t.http().get('/admin/queues').set(withCookie(value)).set('Accept', HTML).expect(302);
    await t.http().post(`/api/v1/users/${id}/reactivate`).set(admin).expect(200);
    await t.http().get('/admin/queues/api/queues').set(withCookie(value)).expect(200);
    await t.dataSource.query(`UPDATE users SET role = 'supervisor' WHERE id = $1`, [id]);
    await t.http().get('/admin/queues/api/queues').set(withCookie(value)).expect(403);
    const page = await t.http().get('/admin/queues').set(withCookie(value)).set('Accept', HTML).expect(403);
    expect(page.text).toContain('The supervisor role may not open this page');
  });

  it('refuses cross-origin writes to /admin/*, including the dashboard API, with 403', async () => {
    const value = await adminSession();
    const clean = '/admin/queues/api/queues/sla-deadlines/clean/completed';
    const evil = { Origin: 'https://evil.example' };

    const { email } = await newUser('admin');
    const login = await signIn(email, TEST_PASSWORD, {}, evil).expect(403);
    expect(login.headers['set-cookie']).toBeUndefined();
    await signIn(email, TEST_PASSWORD, {}, { Origin: 'null' }).expect(403);
    await signIn(email, TEST_PASSWORD, {}, {}).expect(403); // names no origin
    await signIn(email, TEST_PASSWORD, {}, { Referer: `${self}/admin/login` }).expect(303);
    await signIn(email, TEST_PASSWORD, {}, { Referer: 'https://evil.example/admin/login' }).expect(403);
    await t.http().post('/admin/logout').set(withCookie(value)).set(evil).expect(403);

    const cross = await t.http().put(clean).set(withCookie(value)).set(evil).expect(403);
    expect(cross.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http().put(clean).set(withCookie(value)).expect(403); // a cookie but no origin
    await t.http().post('/admin/queues/api/queues/sla-deadlines/add').set(withCookie(value)).set(evil).send({ name: 'x', data: {} }).expect(403);
    await t.http().put(clean).set(withCookie(value)).set('Origin', self).expect(200);
    // a Bearer token is never sent by a browser on its own: no origin needed, a foreign one still refused
    await t.http().put(clean).set(admin).expect(200);
    await t.http().put(clean).set(admin).set(evil).expect(403);
    // reads are not writes
    await t.http().get('/admin/queues/api/queues').set(withCookie(value)).set(evil).expect(200);
  });

  it('signs out: clears the cookie and goes back to the form', async () => {
    const value = await adminSession();
    const res = await t.http().post('/admin/logout').set(withCookie(value)).set('Origin', self).type('form').send('').expect(303);
    expect(res.headers.location).toBe('/admin/login');
    const line = sessionCookie(res);
    expect(line).toMatch(new RegExp(`^${STAFF_SESSION_COOKIE}=;`));
    expect(line).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(line.toLowerCase()).toContain('path=/');
  });
});
