/**
 * Intake throughput: POST /api/v1/complaints for 10 s at 20 connections (autocannon) against
 * the built service in its own process (workers in-process, as `npm start` runs it) on a
 * fresh database. The load generator runs in this process, so it does not steal the
 * service's event loop.
 *   npm run bench [-- --duration 10 --connections 20]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
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
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `benchintake${Date.now()}`,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'Bench-Admin-Passw0rd!',
    THROTTLE_LIMIT_PER_MINUTE: '10000000',
    RUN_WORKERS: process.env.BENCH_RUN_WORKERS ?? 'true',
  };
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const service = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false);
    if (ready) break;
    if (i > 120 || service.exitCode !== null) throw new Error('the service did not start');
    await new Promise((r) => setTimeout(r, 500));
  }

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
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

  service.kill('SIGTERM');
  await new Promise((r) => service.once('exit', r));
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
