import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { isPublicRoute, PERMISSIONS, PUBLIC_ROUTES } from '../../src/auth/permissions';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';
import { AuthHeaders, complaintBody, createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';
import { Receiver, sleep } from '../webhooks/receiver';

type Json = unknown;
interface DocOperation {
  key: string;
  method: string;
  path: string;
  security?: unknown[];
}

/** Collects what the service logs, one JSON line per entry. */
function logCapture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Keys no response may carry, whatever their value. `secret` is shown once, on a webhook's creation. */
const FORBIDDEN_KEY = /^(password|passwords|password_?hash|key_?hash|secret_?hash|secret_?sealed|stack|secret)$/i;
/** Value shapes no response may carry: an argon2 hash, a webhook secret, a stack frame. */
const FORBIDDEN_SHAPES: [string, RegExp][] = [
  ['an argon2 hash', /\$argon2(id|i|d)\$/],
  ['a webhook secret', /whsec_[A-Za-z0-9+/]{8}/],
  ['a stack frame', /\bat .*\.(ts|js):\d+/],
];

/** `where: problem` for every forbidden key in a parsed body. */
function forbiddenKeys(value: Json, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(FORBIDDEN_KEY.test(k) ? [`${path}.${k}`] : []), ...forbiddenKeys(v, `${path}.${k}`)]);
}

/**
 * What an attacker or a careless client must never get: a route answered without valid
 * credentials, a password hash, an API key or its hash, a webhook secret after its creation, a
 * stack trace; and what an operator must never read in the logs: a customer's name or phone.
 */
describe('security (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let operations: DocOperation[];
  const logs = logCapture();
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp({ workers: true, logs: logs.stream });
    admin = await t.auth('admin');
    const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, method: method.toUpperCase(), path, security: op.security })),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  describe('authentication on every route of the OpenAPI document', () => {
    it('the document and the permission table list the same routes; only the public ones need no credentials', () => {
      const documented = operations.map((o) => o.key).sort();
      const tabled = [...Object.keys(PERMISSIONS), ...PUBLIC_ROUTES.filter((k) => k.split(' ')[1].startsWith('/api/'))].sort();
      expect(documented).toEqual(tabled);
      expect(operations.filter((o) => o.security?.length === 0).map((o) => o.key)).toEqual(operations.filter((o) => isPublicRoute(o.key)).map((o) => o.key));
    });

    it('answers 401 problem+json without credentials and with bad, forged or expired ones', async () => {
      const me = await t.http().get('/api/v1/auth/me').set(admin).expect(200);
      const jwt = t.app.get(JwtService);
      const claims = { sub: me.body.id as string, role: 'admin' };
      const now = Math.floor(Date.now() / 1000);
      // Proof that the tokens below fail only for what is wrong with them: the same claims, signed alike, pass.
      await t.http().get('/api/v1/auth/me').set({ Authorization: `Bearer ${jwt.sign(claims, { expiresIn: 60 })}` }).expect(200);
      const credentials: Record<string, AuthHeaders> = {
        none: {},
        'a token that is no JWT': { Authorization: 'Bearer not-a-token' },
        'an empty bearer': { Authorization: 'Bearer ' },
        'Basic credentials': { Authorization: `Basic ${Buffer.from(`${process.env.ADMIN_EMAIL}:${process.env.ADMIN_PASSWORD}`).toString('base64')}` },
        'an expired token': { Authorization: `Bearer ${jwt.sign(claims, { expiresIn: -60 })}` },
        'a token signed with another key': { Authorization: `Bearer ${new JwtService({ secret: 'another-key-entirely-0123456789abcdef' }).sign(claims)}` },
        'an unsigned token (alg none)': { Authorization: `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, iat: now, exp: now + 600 })}.` },
        'a token of a user that does not exist': { Authorization: `Bearer ${jwt.sign({ sub: randomUUID(), role: 'admin' }, { expiresIn: 60 })}` },
        'an unknown API key': { 'X-API-Key': `cdk_AAAAAAAA_${'b'.repeat(40)}` },
      };
      const guarded = operations.filter((o) => !isPublicRoute(o.key));
      expect(guarded.length).toBeGreaterThan(90);
      const wrong: string[] = [];
      for (const op of guarded) {
        const path = op.path.replace(/\{[^}]+\}/g, () => randomUUID());
        await Promise.all(
          Object.entries(credentials).map(async ([name, headers]) => {
            const res = await t.http()[op.method.toLowerCase() as 'get'](path).set(headers);
            if (res.status !== 401 || !String(res.headers['content-type']).startsWith('application/problem+json')) wrong.push(`${op.key} with ${name}: ${res.status} ${res.text.slice(0, 100)}`);
          }),
        );
      }
      expect(wrong).toEqual([]);
    });
  });

  /** Secrets the spec made or read: none may appear in a response but the one that created it, nor in a log. */
  const secrets = new Map<string, string>();

  describe('what responses carry', () => {
    const seen: { label: string; res: Response; secretShownOnce?: boolean }[] = [];
    const record = (label: string, res: Response, secretShownOnce = false) => {
      seen.push({ label, res, secretShownOnce });
      return res;
    };

    beforeAll(async () => {
      const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, body?: object, as = admin) =>
        body === undefined ? t.http()[method](path).set(as) : t.http()[method](path).set(as).send(body);

      // accounts
      const email = `sec.${randomUUID()}@test.example.com`;
      const user = record('POST /users', await call('post', '/api/v1/users', { email, name: 'Sec Agent', password: TEST_PASSWORD, role: 'agent' }).expect(201));
      record('POST /users (duplicate)', await call('post', '/api/v1/users', { email, name: 'Again', password: TEST_PASSWORD, role: 'agent' }).expect(409));
      record('POST /users (weak password)', await call('post', '/api/v1/users', { email: `weak.${randomUUID()}@test.example.com`, name: 'Weak', password: 'weak-pw1', role: 'agent' }).expect(400));
      secrets.set('a refused password', 'weak-pw1');
      const resetTo = 'Reset-Passw0rd-0f-The-Admin';
      secrets.set('a reset password', resetTo);
      record('PATCH /users/:id', await call('patch', `/api/v1/users/${user.body.id}`, { name: 'Sec Agent Renamed', password: resetTo }).expect(200));
      record('POST /users/:id/deactivate', await call('post', `/api/v1/users/${user.body.id}/deactivate`).expect(200));
      record('POST /users/:id/reactivate', await call('post', `/api/v1/users/${user.body.id}/reactivate`).expect(200));
      const login = record('POST /auth/login', await call('post', '/api/v1/auth/login', { email, password: resetTo }).expect(200));
      const agent = { Authorization: `Bearer ${login.body.accessToken}` };
      const newPassword = 'Own-New-Passw0rd-Of-Agent';
      secrets.set('a changed password', newPassword);
      record('POST /auth/password', await call('post', '/api/v1/auth/password', { currentPassword: resetTo, newPassword }, agent).expect(204));
      record('POST /auth/password (wrong current)', await call('post', '/api/v1/auth/password', { currentPassword: 'Not-The-Current-0ne', newPassword: 'Whatever-Passw0rd-2' }, agent).expect(400));
      record('GET /auth/me (agent)', await call('get', '/api/v1/auth/me', undefined, agent).expect(200));

      // API keys: the key is shown once, on creation (as `key`)
      const key = await call('post', '/api/v1/api-keys', { name: 'security-spec' }).expect(201);
      secrets.set('an API key', key.body.key);
      record('GET /auth/me (API key)', await call('get', '/api/v1/auth/me', undefined, { 'X-API-Key': key.body.key }).expect(200));
      const revoked = await call('post', '/api/v1/api-keys', { name: 'security-spec-revoked' }).expect(201);
      secrets.set('a revoked API key', revoked.body.key);
      record('DELETE /api-keys/:id', await call('delete', `/api/v1/api-keys/${revoked.body.id}`).expect(204));

      // webhooks: the secret is shown once, on creation
      const ownSecret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
      const webhook = record('POST /webhooks', await call('post', '/api/v1/webhooks', { url: receiver.url, events: [...WEBHOOK_EVENT_TYPES] }).expect(201), true);
      secrets.set('a generated webhook secret', webhook.body.secret);
      const own = record('POST /webhooks (own secret)', await call('post', '/api/v1/webhooks', { url: receiver.url, events: ['complaint.created'], secret: ownSecret }).expect(201), true);
      secrets.set('a given webhook secret', ownSecret);
      record('POST /webhooks (bad secret)', await call('post', '/api/v1/webhooks', { url: receiver.url, events: ['complaint.created'], secret: 'whsec_c2hvcnQ=' }).expect(400));
      secrets.set('a refused webhook secret', 'whsec_c2hvcnQ=');

      // a complaint with its customer, a note, a remedy: events go out to the webhooks
      const complaint = record('POST /complaints', await call('post', '/api/v1/complaints', complaintBody()).expect(201));
      record('POST /complaints/:id/notes', await call('post', `/api/v1/complaints/${complaint.body.id}/notes`, { body: '已致电客户 / called the customer', visibility: 'customer' }).expect(201));
      record('POST /customers', await call('post', '/api/v1/customers', { externalRef: `sec-${randomUUID()}`, name: 'Sec Customer', phone: '13700000001', tier: 'gold' }).expect(201));
      const compensation = record('POST /complaints/:id/compensations', await call('post', `/api/v1/complaints/${complaint.body.id}/compensations`, { type: 'bill_credit', amount: 100, currency: 'CNY', description: 'credit', rationale: 'overcharged' }).expect(201));
      const problem = await call('post', '/api/v1/problems', { title: 'security spec', category: 'product' }).expect(201);
      await call('post', `/api/v1/problems/${problem.body.id}/complaints`, { complaintId: complaint.body.id }).expect(201);
      const action = await call('post', `/api/v1/problems/${problem.body.id}/actions`, { kind: 'corrective', description: 'fix', ownerId: user.body.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);

      let deliveries = await call('get', `/api/v1/webhooks/${own.body.id}/deliveries`);
      for (const end = Date.now() + 20_000; !deliveries.body.items?.some((d: { deliveredAt: string | null }) => d.deliveredAt) && Date.now() < end; ) {
        await sleep(200);
        deliveries = await call('get', `/api/v1/webhooks/${own.body.id}/deliveries`);
      }
      record('GET /webhooks/:id/deliveries', deliveries);
      const delivery = deliveries.body.items[0] as { id: string };
      record('POST /webhooks/:id/deliveries/:deliveryId/redeliver', await call('post', `/api/v1/webhooks/${own.body.id}/deliveries/${delivery.id}/redeliver`).expect(202));

      // every GET of the document, with the ids made above where it takes one
      const idOf: Record<string, string> = {
        users: user.body.id,
        customers: complaint.body.customer.id,
        complaints: complaint.body.id,
        compensations: compensation.body.id,
        problems: problem.body.id,
        'root-cause-actions': action.body.id,
        webhooks: own.body.id,
        'sla-policies': (await call('get', '/api/v1/sla-policies')).body.items[0].id,
      };
      for (const op of operations.filter((o) => o.method === 'GET')) {
        const collection = op.path.split('/')[3];
        const path = op.path
          .replace('{reference}', complaint.body.reference)
          .replace('{deliveryId}', delivery.id)
          .replace(/\{[^}]+\}/g, () => idOf[collection] ?? randomUUID());
        record(op.key, await call('get', path));
      }
      secrets.set('the admin password', process.env.ADMIN_PASSWORD!);
      secrets.set('the test password', TEST_PASSWORD);
      const stored: { v: string }[] = await t.dataSource.query(
        `SELECT password_hash AS v FROM users UNION ALL SELECT secret_hash FROM api_keys UNION ALL SELECT secret_sealed FROM webhooks`,
      );
      stored.forEach(({ v }, i) => secrets.set(`stored hash or sealed secret #${i}`, v));
    }, 60_000);

    it('exercised the routes that hold secrets, and most GET routes answered 200', () => {
      const ok = (label: string) => seen.find((s) => s.label === label)?.res.status;
      expect(ok('GET /api/v1/users')).toBe(200);
      expect(ok('GET /api/v1/users/:id')).toBe(200);
      expect(ok('GET /api/v1/api-keys')).toBe(200);
      expect(ok('GET /api/v1/webhooks')).toBe(200);
      expect(ok('GET /api/v1/webhooks/:id/deliveries')).toBe(200);
      const gets = seen.filter((s) => s.label.startsWith('GET /api/v1'));
      expect(gets.length).toBe(operations.filter((o) => o.method === 'GET').length);
      expect(gets.filter((s) => s.res.status === 200).length / gets.length).toBeGreaterThan(0.8);
      expect(seen.find((s) => s.label === 'GET /webhooks/:id/deliveries')!.res.body.items[0]).toMatchObject({ status: 'succeeded', attempts: [expect.objectContaining({ statusCode: 200 })] });
    });

    it('no response carries a password, a hash, an API key or a webhook secret after its creation, or a stack trace', () => {
      const leaks: string[] = [];
      for (const { label, res, secretShownOnce } of seen) {
        const where = `${label} (${res.status})`;
        let body: Json = res.body;
        if (secretShownOnce) {
          const { secret, ...rest } = res.body as { secret: string };
          expect(secret).toMatch(/^whsec_/);
          body = rest;
        }
        for (const key of forbiddenKeys(body)) leaks.push(`${where}: key ${key}`);
        const text = JSON.stringify(body) + (res.type.includes('json') ? '' : res.text);
        for (const [what, shape] of FORBIDDEN_SHAPES) if (shape.test(text)) leaks.push(`${where}: ${what}`);
        for (const [what, value] of secrets) if (text.includes(value)) leaks.push(`${where}: ${what}`);
      }
      expect(leaks).toEqual([]);
    });
  });

  // After the describe above: the whole log is also searched for the secrets it made.
  it('logs name and phone of customers redacted, in bodies and query strings alike', async () => {
    const name = '欧阳秀英';
    const englishName = 'Quentin Harrowgate';
    const phone = '13812345678';
    const externalRef = '13887654321';
    const before = logs.text().length;
    const c = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ customer: { externalRef, name, phone, tier: 'gold' } })).expect(201);
    await t.http().post('/api/v1/customers').set(admin).send({ externalRef: `ACC-${Date.now()}`, name: englishName, phone: '+86 138 1111 2222', tier: 'silver' }).expect(201);
    await t.http().post('/api/v1/customers').set(admin).send({ externalRef, name, phone, tier: 'gold' }).expect(409);
    await t.http().post('/api/v1/customers').set(admin).send({ externalRef, name, phone, tier: 'no-such-tier' }).expect(400);
    const found = await t.http().get(`/api/v1/complaints?phone=${phone}`).set(admin).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(c.body.id);
    await t.http().get(`/api/v1/customers?externalRef=${externalRef}`).set(admin).expect(200);
    await t.http().get(`/api/v1/knowledge?q=${encodeURIComponent(name)}`).set(admin).expect(200);
    await t.http().get(`/api/v1/knowledge?q=${encodeURIComponent(englishName)}`).set(admin).expect(200);
    await t.http().get(`/api/v1/complaints?phone=%2B86%20138%201111%202222`).set(admin).expect(200);

    const text = logs.text().slice(before);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { req?: { url?: string } });
    // The requests were logged, with their query strings.
    expect(lines.some((l) => l.req?.url?.startsWith('/api/v1/complaints?phone='))).toBe(true);
    expect(lines.some((l) => l.req?.url?.startsWith('/api/v1/customers?externalRef='))).toBe(true);
    expect(text).toContain('[redacted]');
    for (const secret of [name, englishName, 'Quentin', 'Harrowgate', phone, externalRef, '138 1111 2222', '13811112222']) {
      for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) expect([secret, text.includes(form)]).toEqual([secret, false]);
    }
    // Nor, in the whole log of the spec, the default customer of complaintBody(), a token, a password, a key or a secret.
    const whole = logs.text();
    expect(whole).toContain('/api/v1/webhooks');
    const { name: defaultName, phone: defaultPhone } = complaintBody().customer;
    const inLog = [defaultName, defaultPhone, admin.Authorization.slice('Bearer '.length), ...secrets.values()].filter((s) => whole.includes(s));
    expect(inLog).toEqual([]);
  });

  it('an unknown email is locked after 5 failures like a known one, so the lock tells nothing about which emails exist', async () => {
    // The lock of a known email (and its lifting) is in test/auth/access.e2e-spec.ts.
    const email = `nobody.${randomUUID()}@test.example.com`;
    const login = () => t.http().post('/api/v1/auth/login').send({ email, password: 'Some-Guess-Passw0rd' });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await login().expect(401)).body.detail);
    expect(new Set(answers).size).toBe(1);
    const locked = await login().expect(429);
    expect(locked.body).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
