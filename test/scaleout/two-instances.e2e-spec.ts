import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import type { AuthHeaders, TestApp } from '../support/test-app';
import { TEST_REDIS_URL } from '../support/test-env';

const LIMIT = 6;
process.env.THROTTLE_LIMIT_PER_MINUTE = String(LIMIT);

/** A TCP relay in front of the test Redis: `cut()` makes Redis unreachable for the apps, `restore()` brings it back. */
class RedisRelay {
  private readonly sockets = new Set<Socket>();
  private server: Server = this.newServer();
  private port = 0;

  get url(): string {
    const target = new URL(TEST_REDIS_URL);
    target.port = String(this.port);
    return target.toString();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async restore(): Promise<void> {
    if (this.server.listening) return;
    this.server = this.newServer();
    await this.listen();
  }

  private newServer(): Server {
    return createServer((client) => {
      const target = new URL(TEST_REDIS_URL);
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }
}

/**
 * Two API processes on one PostgreSQL database and one Redis prefix, as behind a load balancer:
 * the rate limit and the failed-login lock hold across both, and while Redis is away the
 * limit is counted in each process without refusing or holding up requests.
 */
describe('Two API instances (e2e)', () => {
  const relay = new RedisRelay();
  let a: TestApp;
  let b: TestApp;
  let admin: AuthHeaders;
  let password: string;

  /** A new staff member (so no earlier request counted against them) and their token. */
  const newStaff = async (): Promise<{ email: string; headers: AuthHeaders }> => {
    const email = `scale.${randomUUID()}@test.example.com`;
    await a.http().post('/api/v1/users').set(admin).send({ email, name: 'Scale Agent', password, role: 'agent' }).expect(201);
    const login = await b.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    return { email, headers: { Authorization: `Bearer ${login.body.accessToken}` } };
  };

  beforeAll(async () => {
    await relay.listen();
    process.env.REDIS_URL = relay.url;
    // Imported after REDIS_URL is set: the app reads its environment when its modules load.
    const { createTestApp, TEST_PASSWORD } = require('../support/test-app') as typeof import('../support/test-app');
    password = TEST_PASSWORD;
    a = await createTestApp();
    b = await createTestApp();
    admin = await a.auth('admin');
  });
  afterAll(async () => {
    await relay.restore();
    await a?.close();
    await b?.close();
    await relay.cut();
  });

  it('counts one rate limit over both instances: requests alternate, the one past the limit is refused on either', async () => {
    const { headers } = await newStaff();
    for (let i = 1; i <= LIMIT; i++) {
      const res = await (i % 2 ? a : b).http().get('/api/v1/auth/me').set(headers);
      expect([i, res.status, res.headers['x-ratelimit-remaining']]).toEqual([i, 200, String(LIMIT - i)]);
    }
    const refusedA = await a.http().get('/api/v1/auth/me').set(headers);
    const refusedB = await b.http().get('/api/v1/auth/me').set(headers);
    expect([refusedA.status, refusedA.body.code, refusedB.status]).toEqual([429, 'too_many_requests', 429]);
    expect(Number(refusedB.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('locks an email after 5 failed logins spread over both instances, on both', async () => {
    const { email } = await newStaff();
    for (let i = 0; i < 5; i++) await (i % 2 ? a : b).http().post('/api/v1/auth/login').send({ email, password: `Wrong-${i}-Passw0rd` }).expect(401);
    for (const app of [a, b]) {
      const locked = await app.http().post('/api/v1/auth/login').send({ email, password }).expect(429);
      expect(locked.body).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    }
  });

  it('answers at once while Redis is away, limiting in each instance, and shares the limit again when it is back', async () => {
    const { SharedThrottlerStorage } = require('../../src/auth/shared-throttler.storage') as typeof import('../../src/auth/shared-throttler.storage');
    const away = await newStaff();
    const back = await newStaff();
    await relay.cut();

    for (let i = 1; i <= LIMIT; i++) {
      const started = Date.now();
      const res = await a.http().get('/api/v1/auth/me').set(away.headers);
      expect([i, res.status, Date.now() - started < 1000]).toEqual([i, 200, true]);
    }
    const started = Date.now();
    const refused = await a.http().get('/api/v1/auth/me').set(away.headers);
    expect([refused.status, Date.now() - started < 1000]).toEqual([429, true]);
    // Counted in a's process only: b has seen none of them.
    await b.http().get('/api/v1/auth/me').set(away.headers).expect(200);

    await relay.restore();
    for (const app of [a, b]) {
      const storage = app.app.get(SharedThrottlerStorage);
      // Counts on a probe key of its own until the count lands in Redis again (reconnection backs off).
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        await storage.increment('reconnect-probe', 60_000, 1_000, 60_000, 'default');
        if (!storage.countingInProcess) break;
      }
      expect(storage.countingInProcess).toBe(false);
    }
    for (let i = 1; i <= LIMIT; i++) await (i % 2 ? a : b).http().get('/api/v1/auth/me').set(back.headers).expect(200);
    await b.http().get('/api/v1/auth/me').set(back.headers).expect(429);
  });
});
