/**
 * Intake throughput: POST /api/v1/complaints for 10 s at 20 connections (autocannon) against
 * the real app (workers in-process, as `npm start` runs it) on a fresh database.
 *   npm run bench [-- --duration 10 --connections 20]
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const duration = arg('duration', 10);
  const connections = arg('connections', 20);
  const dbName = `bench_intake_${Date.now()}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `benchintake${Date.now()}`,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'Bench-Admin-Passw0rd!',
    THROTTLE_LIMIT_PER_MINUTE: '10000000',
    RUN_WORKERS: 'true',
  });
  const { AppModule } = await import('../src/app.module');
  const { configureApp } = await import('../src/common/http/configure-app');
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };

  let n = 0;
  const result = await autocannon({
    url: `${base}/api/v1/complaints`,
    duration,
    connections,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        setupRequest: (req) => {
          n++;
          req.body = JSON.stringify({
            customer: { externalRef: `bench-${n % 5000}`, name: '张三', tier: n % 10 === 0 ? 'diamond' : 'gold' },
            channel: 'call_center',
            category: ['billing', 'network', 'service_attitude', 'product'][n % 4],
            summary: '话费多扣了50元',
            description: '上个月账单多扣了50元，营业厅说是系统问题，至今未处理。我已经第三次打电话了，再不解决我就携号转网！',
          });
          return req;
        },
      },
    ],
  });
  console.log(`POST /api/v1/complaints, ${duration} s at ${connections} connections`);
  console.log(`requests: ${result.requests.total} (${result.requests.average.toFixed(0)} req/s average), non-2xx: ${result.non2xx}, errors: ${result.errors}`);
  console.log(`latency ms: p50 ${result.latency.p50}  p90 ${result.latency.p90}  p99 ${result.latency.p99}  max ${result.latency.max}`);

  await app.close();
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
