import type { Writable } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app/app.module';
import { configureApp } from '../../src/app/configure-app';
import { WorkersModule } from '../../src/app/workers.module';
import { httpLoggerOptions } from '../../src/common/logging/logging.module';

export { complaintBody, uniqueRef } from './complaint-body';

export type AuthHeaders = Record<string, string>;

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  /** Headers that authenticate as a staff member of this role (or an integration key). */
  auth: (role?: string) => Promise<AuthHeaders>;
  close: () => Promise<void>;
}

/**
 * The real AppModule on this worker's PostgreSQL database and Redis prefix. `logs`: the
 * service's own logger options (redaction included) at every level, written to this stream
 * instead of staying silent.
 */
export async function createTestApp(options: { workers?: boolean; logs?: Writable } = {}): Promise<TestApp> {
  const builder = Test.createTestingModule({ imports: [AppModule, ...(options.workers ? [WorkersModule] : [])] });
  if (options.logs) builder.overrideProvider(PARAMS_PROVIDER_TOKEN).useValue({ pinoHttp: [httpLoggerOptions('trace'), options.logs] });
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSource),
    auth: authenticator(() => request(server)),
    close: () => app.close(),
  };
}

export const TEST_PASSWORD = 'Test-Staff-Passw0rd!';

/**
 * `auth(role)`: logs in as the bootstrapped admin, or creates (once per app) a user of the role
 * through the admin and logs in as it; `auth('integration')` creates an API key.
 */
function authenticator(http: () => ReturnType<typeof request>): (role?: string) => Promise<AuthHeaders> {
  const cache = new Map<string, Promise<AuthHeaders>>();
  const login = async (email: string, password: string): Promise<AuthHeaders> => {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${res.text}`);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  const make = async (role: string): Promise<AuthHeaders> => {
    if (role === 'admin') return login(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!);
    const admin = await get('admin');
    if (role === 'integration') {
      const res = await http().post('/api/v1/api-keys').set(admin).send({ name: `test-${role}-${Date.now()}` });
      if (res.status !== 201) throw new Error(`creating an API key failed: ${res.status} ${res.text}`);
      return { 'X-API-Key': res.body.key };
    }
    const email = `${role}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@test.example.com`;
    const res = await http().post('/api/v1/users').set(admin).send({ email, name: `Test ${role}`, password: TEST_PASSWORD, role });
    if (res.status !== 201) throw new Error(`creating a ${role} failed: ${res.status} ${res.text}`);
    return login(email, TEST_PASSWORD);
  };
  const get = (role = 'admin'): Promise<AuthHeaders> => {
    let headers = cache.get(role);
    if (!headers) {
      headers = make(role);
      headers.catch(() => cache.delete(role));
      cache.set(role, headers);
    }
    return headers;
  };
  return get;
}
