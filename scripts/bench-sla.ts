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
 * `runSlaScenario` is also called by `npm run bench` (scripts/bench-scale.ts) against the
 * worker processes of its scale-out deployment.
 */
import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { redisOptionsFromUrl } from '../src/queue/redis-connection';
import { JOBS, QUEUES } from '../src/queue/queue.constants';
import { tickBucket, tickJobId } from '../src/sla/firing/sla-job.scheduler';
import { cleanupAll, cleanupOnSignals, database, REDIS_URL, ROOT, rssKb, sleep, spawnTracked, stop, trackPrefix } from './bench-common';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export interface Scenario {
  kind: 'spread' | 'burst';
  count: number;
  windowSeconds: number;
  workers: number;
}

/** Worker processes already running on a migrated database under a queue prefix. */
export interface SlaDeployment {
  databaseUrl: string;
  prefix: string;
  workers: ChildProcess[];
}

export interface SlaResult extends Scenario {
  fired: number;
  latenessMs: { p50: number; p99: number; max: number };
  firingsPerSecond: number;
  drainSeconds: number;
  firedTwice: number;
  workerPeakRssMb: number;
  /** Peak RSS of each worker process while firing, MB. */
  workerPeakRssMbEach: number[];
}

/** Starts `count` worker processes on a fresh database and waits until they have migrated it. */
async function startWorkers(count: number): Promise<SlaDeployment & { name: string }> {
  const name = `bench_sla_${Date.now()}`;
  const prefix = trackPrefix(`{benchsla${Date.now()}}`);
  const databaseUrl = await database(name, 'create');
  const env = { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', SLA_RECONCILE_SECONDS: '3600', WORKER_METRICS_PORT: '0' };
  const workers: ChildProcess[] = [];
  for (let i = 0; i < count; i++) workers.push(spawnTracked([join(ROOT, 'dist', 'src', 'worker.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
  // The workers apply the migrations (under an advisory lock) before they start.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (let tries = 0; ; tries++) {
      const migrated = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'calendars' AND column_name = 'clocks_version'`);
      if ((migrated.rowCount ?? 0) > 0) break;
      if (tries > 240 || workers.some((w) => w.exitCode !== null)) throw new Error('the workers did not start');
      await sleep(250);
    }
  } finally {
    await db.end();
  }
  await sleep(2000);
  return { name, databaseUrl, prefix, workers };
}

/**
 * Inserts the scenario's deadlines (complaints of one customer of its own, a running clock and
 * a breach firing each), enqueues their wake-ups and waits until the workers fired them all.
 * Without a deployment it starts `s.workers` worker processes on a fresh database and drops it
 * afterwards; with one, it uses its workers and database and leaves them running.
 */
export async function runSlaScenario(s: Scenario, deployment?: SlaDeployment): Promise<SlaResult> {
  const own = deployment ? null : await startWorkers(s.workers);
  const { databaseUrl, prefix, workers } = deployment ?? own!;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const queue = new Queue(QUEUES.SLA_DEADLINES, { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  try {
    // Time to insert the rows before the first falls due (100,000 took 22 s beside a loaded database).
    const leadMs = Math.max(8000, s.count * 0.35);
    const start = Date.now() + leadMs;
    const windowMs = s.kind === 'burst' ? 1000 : s.windowSeconds * 1000;
    const label = s.kind === 'burst' ? `${s.count} deadlines due in the same second` : `${s.count} deadlines due within ${s.windowSeconds} s`;
    console.log(`\n== ${label}, ${workers.length} worker process${workers.length > 1 ? 'es' : ''}`);

    const tag = `bsla${Date.now().toString(36)}`;
    const [{ id: customerId }] = (await db.query(`INSERT INTO customers (external_ref, tier, version) VALUES ($1, 'gold', 1) RETURNING id`, [tag])).rows;
    for (let i = 0; i < s.count; i += 5000) {
      const n = Math.min(5000, s.count - i);
      await db.query(
        `WITH c AS (
           INSERT INTO complaints (reference, customer_id, channel, category, summary, description, severity, priority, status, intake_actor_type, received_at, version)
           SELECT $6 || '-' || ($2::int + g), $1, 'web', 'billing', 's', 'd', 'ordinary', 'P3', 'new', 'system', now(), 1
             FROM generate_series(1, $3::int) g RETURNING id, reference),
         k AS (
           INSERT INTO sla_clocks (complaint_id, kind, status, started_at, target_seconds, warn_at_ratio, escalation, due_at)
           SELECT id, 'acknowledge', 'running', now(), 1, 0, '[]', to_timestamp(($4::bigint + (substr(reference, length($6) + 2)::int % $5::int)) / 1000.0)
             FROM c RETURNING id, complaint_id, due_at)
         INSERT INTO sla_firings (clock_id, complaint_id, firing, due_at) SELECT id, complaint_id, 'breach', due_at FROM k`,
        [customerId, i, n, start, windowMs, tag],
      );
    }
    const from = new Date(start);
    const to = new Date(start + windowMs);
    // The wake-ups, as the API's scheduler enqueues them: one delayed job per due bucket.
    const due: { due_at: Date }[] = (await db.query(`SELECT DISTINCT due_at FROM sla_firings WHERE due_at >= $1 AND due_at < $2 AND firing = 'breach'`, [from, to])).rows;
    const buckets = [...new Set(due.map((d) => tickBucket(new Date(d.due_at))))];
    const now = Date.now();
    await queue.addBulk(buckets.map((b) => ({ name: JOBS.SLA_TICK, data: { dueMs: b }, opts: { jobId: tickJobId(b), delay: Math.max(0, b - now), removeOnComplete: true } })));
    const headStart = (start - Date.now()) / 1000;
    console.log(`${s.count} firings in ${buckets.length} wake-up buckets, first due in ${headStart.toFixed(1)} s`);
    if (headStart < 0) console.warn('warning: the first deadlines fell due before their wake-ups were enqueued; their lateness includes the insert');

    const peakRss = workers.map(() => 0);
    const giveUp = start + windowMs + 180_000;
    for (let last = 0; Date.now() < giveUp; ) {
      workers.forEach((w, i) => (peakRss[i] = Math.max(peakRss[i], rssKb(w.pid))));
      // What is still pending in the window (the partial index on unfired firings answers it).
      const pending = Number((await db.query(`SELECT count(*) FROM sla_firings WHERE fired_at IS NULL AND due_at >= $1 AND due_at < $2`, [from, to])).rows[0].count);
      if (pending === 0) break;
      if (Date.now() - last > 5000) {
        if (Date.now() > start) console.log(`  … ${s.count - pending}/${s.count} fired`);
        last = Date.now();
      }
      await sleep(250);
    }
    const mine = `complaint_id IN (SELECT id FROM complaints WHERE customer_id = $1)`;
    const lateness = (await db.query(`SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM sla_firings WHERE fired_at IS NOT NULL AND ${mine}`, [customerId])).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const [{ first, last }] = (await db.query(`SELECT min(fired_at) AS first, max(fired_at) AS last FROM sla_firings WHERE ${mine}`, [customerId])).rows;
    const doubled = Number(
      (await db.query(`SELECT count(*) FROM (SELECT complaint_id FROM complaint_events WHERE type = 'sla_breached' AND ${mine} GROUP BY complaint_id HAVING count(*) > 1) d`, [customerId])).rows[0].count,
    );
    const spanS = (new Date(last).getTime() - new Date(first).getTime()) / 1000;
    const result: SlaResult = {
      ...s,
      workers: workers.length,
      fired: lateness.length,
      latenessMs: { p50: Math.round(percentile(lateness, 50)), p99: Math.round(percentile(lateness, 99)), max: Math.round(lateness[lateness.length - 1]) },
      firingsPerSecond: Math.round(lateness.length / Math.max(spanS, 0.001)),
      drainSeconds: Number(spanS.toFixed(2)),
      firedTwice: doubled,
      workerPeakRssMb: Math.round(Math.max(...peakRss) / 1024),
      workerPeakRssMbEach: peakRss.map((kb) => Math.round(kb / 1024)),
    };
    console.log(
      `fired ${result.fired}/${s.count}; lateness ms p50 ${result.latenessMs.p50}, p99 ${result.latenessMs.p99}, max ${result.latenessMs.max}; ` +
        `${result.firingsPerSecond} firings/s over ${result.drainSeconds} s; fired twice: ${doubled}; worker peak RSS ${result.workerPeakRssMb} MB`,
    );
    return result;
  } finally {
    if (own) await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await db.end();
    if (own) {
      await Promise.all(own.workers.map((w) => stop(w)));
      await database(own.name, 'drop');
    }
  }
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
  for (const s of scenarios) results.push(await runSlaScenario(s));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `sla-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  console.log(`\nwritten to ${file}`);
}

if (require.main === module) {
  cleanupOnSignals();
  main()
    .then(() => cleanupAll())
    .then(() => process.exit(0))
    .catch(async (error) => {
      console.error(error);
      await cleanupAll();
      process.exit(1);
    });
}
