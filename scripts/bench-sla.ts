/**
 * Deadline-firing benchmark: schedules N complaints' deadlines due within a short window on a
 * fresh database and measures firing lateness (fired at − due at) and throughput.
 *   npm run bench:sla -- 10000 100000
 * Each complaint gets one clock with one breach firing; rows are inserted in bulk, the jobs
 * through the same scheduler the API uses, and the BullMQ workers of this process fire them.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const BASE_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function dbUrl(name: string) {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(count: number) {
  const dbName = `bench_sla_${Date.now()}`;
  process.env.DATABASE_URL = dbUrl(dbName);
  process.env.QUEUE_PREFIX = `benchsla${Date.now()}`;
  process.env.RUN_WORKERS = 'false';
  process.env.LOG_LEVEL = 'warn';
  process.env.SLA_RECONCILE_SECONDS = '3600';
  const { WorkerModule } = await import('../src/app/worker.module');
  const { SlaJobScheduler } = await import('../src/sla/sla-job.scheduler');

  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  await app.init();
  const ds = app.get(DataSource);
  const scheduler = app.get(SlaJobScheduler);

  const windowMs = Math.max(5000, Math.ceil(count / 2000) * 1000); // spread due times over the window
  const leadMs = Math.max(8000, count / 2); // time to schedule before the first is due
  const start = Date.now() + leadMs;
  console.log(`\n== ${count} deadlines due within ${windowMs / 1000} s (first due in ${(leadMs / 1000).toFixed(1)} s)`);

  const t0 = Date.now();
  await ds.query(`INSERT INTO customers (external_ref, tier, version) VALUES ('bench', 'gold', 1)`);
  const [{ id: customerId }] = await ds.query(`SELECT id FROM customers WHERE external_ref = 'bench'`);
  for (let i = 0; i < count; i += 5000) {
    const n = Math.min(5000, count - i);
    await ds.query(
      `WITH c AS (
         INSERT INTO complaints (reference, customer_id, channel, category, summary, description, severity, priority, status,
                                 intake_actor_type, received_at, version)
         SELECT 'BENCH-' || ($2::int + g), $1, 'web', 'billing', 's', 'd', 'ordinary', 'P3', 'new', 'system', now(), 1
           FROM generate_series(1, $3::int) g RETURNING id, reference),
       k AS (
         INSERT INTO sla_clocks (complaint_id, kind, status, started_at, target_seconds, warn_at_ratio, escalation, due_at)
         SELECT id, 'acknowledge', 'running', now(), 1, 0, '[]', to_timestamp(($4::bigint + (substr(reference, 7)::int % $5::int)) / 1000.0)
           FROM c RETURNING id, complaint_id, due_at)
       INSERT INTO sla_firings (clock_id, complaint_id, firing, due_at) SELECT id, complaint_id, 'breach', due_at FROM k`,
      [customerId, i, n, start, windowMs],
    );
  }
  const inserted = Date.now();
  const pending = await scheduler.pending('true', [], count + 1);
  await scheduler.add(pending);
  const scheduled = Date.now();
  console.log(`rows inserted in ${((inserted - t0) / 1000).toFixed(1)} s, ${pending.length} jobs scheduled in ${((scheduled - inserted) / 1000).toFixed(1)} s`);
  if (scheduled > start) console.log(`WARNING: scheduling took longer than the lead time; lateness includes ${scheduled - start} ms of scheduling`);

  const deadline = start + windowMs + 120_000;
  let fired = 0;
  let lastReport = 0;
  while (Date.now() < deadline) {
    [{ fired }] = await ds.query(`SELECT count(*)::int AS fired FROM sla_firings WHERE fired_at IS NOT NULL`);
    if (fired >= count) break;
    if (Date.now() - lastReport > 5000) {
      console.log(`  … ${fired}/${count} fired`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const rows: { lateness: number }[] = await ds.query(
    `SELECT extract(epoch FROM fired_at - due_at) * 1000 AS lateness FROM sla_firings WHERE fired_at IS NOT NULL`,
  );
  const [{ first, last }] = await ds.query(`SELECT min(fired_at) AS first, max(fired_at) AS last FROM sla_firings WHERE fired_at IS NOT NULL`);
  const lat = rows.map((r) => Number(r.lateness)).sort((a, b) => a - b);
  const spanS = (new Date(last).getTime() - new Date(first).getTime()) / 1000;
  console.log(`fired ${lat.length}/${count}`);
  console.log(`lateness ms: p50 ${percentile(lat, 50).toFixed(0)}  p99 ${percentile(lat, 99).toFixed(0)}  max ${lat[lat.length - 1].toFixed(0)}`);
  console.log(`throughput: ${(lat.length / Math.max(spanS, windowMs / 1000)).toFixed(0)} firings/s over ${spanS.toFixed(1)} s (due window ${windowMs / 1000} s)`);

  await app.close();
  const admin = new Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

async function main() {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of counts.length ? counts : [10_000, 100_000]) await run(n);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
