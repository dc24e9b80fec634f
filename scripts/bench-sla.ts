/**
 * Deadline firing at scale, against the built worker (`dist/src/worker.js`) in 1 and 2
 * processes on a fresh database each:
 *  - spread: N deadlines due evenly within a window (10,000 in 5 s; 100,000 in 50 s);
 *  - burst: N deadlines due in the same second (drain time).
 * Rows are inserted in bulk and their wake-ups enqueued through the same scheduler the API
 * uses; the workers fire them. Prints lateness p50/p99/max (fired at − due at), throughput,
 * firings done twice (must be 0) and the workers' peak RSS; writes bench/results/sla-<time>.json.
 *   npm run bench:sla                     # the four standard scenarios
 *   npm run bench:sla -- spread 10000 5 1 # kind, count, window seconds, worker processes
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { redisOptionsFromUrl } from '../src/queue/redis-connection';
import { JOBS, QUEUES } from '../src/queue/queue.constants';
import { tickBucket, tickJobId } from '../src/sla/firing/sla-job.scheduler';

const ROOT = join(__dirname, '..');
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Scenario {
  kind: 'spread' | 'burst';
  count: number;
  windowSeconds: number;
  workers: number;
}

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function rssKb(pid: number): number {
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) || 0;
  } catch {
    return 0;
  }
}

async function run(s: Scenario) {
  const name = `bench_sla_${Date.now()}`;
  const prefix = `{benchsla${Date.now()}}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const env = { ...process.env, DATABASE_URL: dbUrl(name), QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', SLA_RECONCILE_SECONDS: '3600', WORKER_METRICS_PORT: '0' };
  const workers: ChildProcess[] = [];
  for (let i = 0; i < s.workers; i++) workers.push(spawn(process.execPath, [join(ROOT, 'dist', 'src', 'worker.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
  // The workers apply the migrations (under an advisory lock) before they start.
  const db = new Client({ connectionString: dbUrl(name) });
  await db.connect();
  for (let tries = 0; ; tries++) {
    const migrated = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'calendars' AND column_name = 'clocks_version'`);
    if ((migrated.rowCount ?? 0) > 0) break;
    if (tries > 240 || workers.some((w) => w.exitCode !== null)) throw new Error('the workers did not start');
    await sleep(250);
  }
  await sleep(2000);

  const leadMs = Math.max(8000, s.count / 4);
  const start = Date.now() + leadMs;
  const windowMs = s.kind === 'burst' ? 1000 : s.windowSeconds * 1000;
  const label = s.kind === 'burst' ? `${s.count} deadlines due in the same second` : `${s.count} deadlines due within ${s.windowSeconds} s`;
  console.log(`\n== ${label}, ${s.workers} worker process${s.workers > 1 ? 'es' : ''}`);

  await db.query(`INSERT INTO customers (external_ref, tier, version) VALUES ('bench', 'gold', 1)`);
  const [{ id: customerId }] = (await db.query(`SELECT id FROM customers WHERE external_ref = 'bench'`)).rows;
  for (let i = 0; i < s.count; i += 5000) {
    const n = Math.min(5000, s.count - i);
    await db.query(
      `WITH c AS (
         INSERT INTO complaints (reference, customer_id, channel, category, summary, description, severity, priority, status, intake_actor_type, received_at, version)
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
  // The wake-ups, as the API's scheduler enqueues them: one delayed job per due bucket.
  const due: { due_at: Date }[] = (await db.query(`SELECT DISTINCT due_at FROM sla_firings`)).rows;
  const buckets = [...new Set(due.map((d) => tickBucket(new Date(d.due_at))))];
  const queue = new Queue(QUEUES.SLA_DEADLINES, { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  const now = Date.now();
  await queue.addBulk(buckets.map((b) => ({ name: JOBS.SLA_TICK, data: { dueMs: b }, opts: { jobId: tickJobId(b), delay: Math.max(0, b - now), removeOnComplete: true } })));
  console.log(`${s.count} firings in ${buckets.length} wake-up buckets, first due in ${((start - Date.now()) / 1000).toFixed(1)} s`);

  let peakRss = 0;
  const giveUp = start + windowMs + 180_000;
  for (let last = 0; Date.now() < giveUp; ) {
    peakRss = Math.max(peakRss, ...workers.map((w) => rssKb(w.pid!)));
    const fired = Number((await db.query(`SELECT count(*) FROM sla_firings WHERE fired_at IS NOT NULL`)).rows[0].count);
    if (fired >= s.count) break;
    if (Date.now() - last > 5000) {
      if (Date.now() > start) console.log(`  … ${fired}/${s.count} fired`);
      last = Date.now();
    }
    await sleep(250);
  }
  const lateness = (await db.query(`SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM sla_firings WHERE fired_at IS NOT NULL`)).rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const [{ first, last }] = (await db.query(`SELECT min(fired_at) AS first, max(fired_at) AS last FROM sla_firings`)).rows;
  const doubled = Number((await db.query(`SELECT count(*) FROM (SELECT complaint_id FROM complaint_events WHERE type = 'sla_breached' GROUP BY complaint_id HAVING count(*) > 1) d`)).rows[0].count);
  const spanS = (new Date(last).getTime() - new Date(first).getTime()) / 1000;
  const result = {
    ...s,
    fired: lateness.length,
    latenessMs: { p50: Math.round(percentile(lateness, 50)), p99: Math.round(percentile(lateness, 99)), max: Math.round(lateness[lateness.length - 1]) },
    firingsPerSecond: Math.round(lateness.length / Math.max(spanS, 0.001)),
    drainSeconds: Number(spanS.toFixed(2)),
    firedTwice: doubled,
    workerPeakRssMb: Math.round(peakRss / 1024),
  };
  console.log(
    `fired ${result.fired}/${s.count}; lateness ms p50 ${result.latenessMs.p50}, p99 ${result.latenessMs.p99}, max ${result.latenessMs.max}; ` +
      `${result.firingsPerSecond} firings/s over ${result.drainSeconds} s; fired twice: ${doubled}; worker peak RSS ${result.workerPeakRssMb} MB`,
  );

  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await Promise.all(workers.map((w) => new Promise((r) => (w.once('exit', r), w.kill('SIGTERM')))));
  await db.end();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  return result;
}

async function main() {
  const [kind, count, windowSeconds, workers] = process.argv.slice(2);
  const scenarios: Scenario[] = kind
    ? [{ kind: kind as Scenario['kind'], count: Number(count ?? 10_000), windowSeconds: Number(windowSeconds ?? 5), workers: Number(workers ?? 1) }]
    : [
        { kind: 'spread', count: 10_000, windowSeconds: 5, workers: 1 },
        { kind: 'spread', count: 100_000, windowSeconds: 50, workers: 1 },
        { kind: 'spread', count: 100_000, windowSeconds: 50, workers: 2 },
        { kind: 'burst', count: 10_000, windowSeconds: 1, workers: 1 },
        { kind: 'burst', count: 10_000, windowSeconds: 1, workers: 2 },
      ];
  const results = [];
  for (const s of scenarios) results.push(await run(s));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `sla-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  console.log(`\nwritten to ${file}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
