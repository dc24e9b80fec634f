/**
 * The scale-out table of `npm run bench` (parts `scale` and `sla`):
 *  - the service as 2 API processes (RUN_WORKERS=false) behind a round-robin TCP balancer
 *    written here (each incoming connection goes to the next backend; autocannon keeps its
 *    connections alive, so they spread evenly) and 2 worker processes (dist/src/worker.js), on
 *    a fresh database and a fresh hash-tagged queue prefix;
 *  - autocannon against it: intake at 20 and 100 connections, GET /complaints/:id, the list
 *    with two filter sets, and a mixed workload (per connection a cycle of 10 requests: 3
 *    intakes, 5 reads, 2 transitions of complaints still `new`, each complaint moved once);
 *  - intake at 20 and 100 connections against the full reference (../shared/bench/
 *    server-full.mjs, one process, its own fresh database) behind the same kind of balancer;
 *  - deadline firing with 100,000 pending deadlines on the 2 worker processes
 *    (scripts/bench-sla.ts `runSlaScenario`);
 *  - the RSS of every process at rest and its peak (sampled every 250 ms) under load.
 * Prints one markdown table and writes bench/results/scale-<time>.json.
 *   npm run bench -- --only scale[,sla] [--scale-duration 10 --scale-reads 8 --scale-mixed 12 --scale-seed 2000 --sla-count 100000 --sla-window 50]
 */
import { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, Server, Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon, { Request } from 'autocannon';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { QUEUES } from '../src/queue/queue.constants';
import { redisOptionsFromUrl } from '../src/queue/redis-connection';
import {
  database,
  deletePrefix,
  freePort,
  intakeBody,
  login,
  onCleanup,
  REDIS_URL,
  ROOT,
  rssKb,
  sleep,
  spawnTracked,
  startReference,
  stop,
  trackPrefix,
  waitReady,
} from './bench-common';
import { runSlaScenario, SlaResult } from './bench-sla';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const API = '/api/v1/complaints';
const ADMIN = { email: 'bench@example.com', password: 'Bench-Admin-Passw0rd!' };
const LIST_FILTERS = ['status=new&priority=P2&limit=50', 'channel=web&category=network&limit=50'];

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Socket errors and timeouts. */
  errors: number;
  total: number;
  duration: number;
}

// --- balancer ------------------------------------------------------------------------------

interface Balancer {
  port: number;
  /** Connections handed to each backend. */
  handed: number[];
  close(): Promise<void>;
}

/** A round-robin TCP balancer: each incoming connection is piped to the next backend port. */
async function startBalancer(backends: number[]): Promise<Balancer> {
  const handed = backends.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;
  const server: Server = createServer({ noDelay: true }, (client) => {
    const i = next++ % backends.length;
    handed[i]++;
    const upstream = connect({ port: backends[i], host: '127.0.0.1', noDelay: true });
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });
  const unregister = onCleanup(close);
  return {
    port,
    handed,
    close: async () => {
      unregister();
      await close();
    },
  };
}

// --- RSS -----------------------------------------------------------------------------------

/** Samples the RSS of processes every 250 ms and keeps each one's peak (kB). */
class RssSampler {
  private timer?: NodeJS.Timeout;
  readonly peakKb: number[];

  constructor(private readonly processes: ChildProcess[]) {
    this.peakKb = processes.map(() => 0);
  }

  start(): this {
    const sample = () => this.processes.forEach((p, i) => (this.peakKb[i] = Math.max(this.peakKb[i], rssKb(p.pid))));
    sample();
    this.timer = setInterval(sample, 250);
    return this;
  }

  stop(): number[] {
    clearInterval(this.timer);
    return this.peakKb.map(mb);
  }
}
const mb = (kb: number) => Math.round(kb / 1024);

// --- deployment ----------------------------------------------------------------------------

interface Deployment {
  dbName: string;
  databaseUrl: string;
  prefix: string;
  apis: ChildProcess[];
  workers: ChildProcess[];
  balancer?: Balancer;
  token?: string;
}

/**
 * Starts `apiCount` API processes (RUN_WORKERS=false) behind a balancer and `workerCount`
 * worker processes on a fresh database and queue prefix. The first API process migrates the
 * database and creates the admin; the others start once it is ready.
 */
async function startDeployment(apiCount: number, workerCount: number): Promise<Deployment> {
  const stamp = Date.now();
  const dbName = `bench_scale_${stamp}`;
  const prefix = trackPrefix(`{benchscale${stamp}}`);
  const databaseUrl = await database(dbName, 'create');
  const common = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    THROTTLE_LIMIT_PER_MINUTE: '100000000',
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
  };
  // 2 × 15 + 2 × 10 connections stay well inside max_connections = 100 of a PostgreSQL that others use too.
  const apiPool = process.env.BENCH_API_POOL_SIZE ?? '15';
  const workerPool = process.env.BENCH_WORKER_POOL_SIZE ?? '10';
  const ports = await Promise.all(Array.from({ length: apiCount }, () => freePort()));
  const startApi = (port: number) =>
    spawnTracked([join(ROOT, 'dist', 'src', 'main.js')], {
      env: { ...common, PORT: String(port), RUN_WORKERS: 'false', DATABASE_POOL_SIZE: apiPool },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const startWorker = () => spawnTracked([join(ROOT, 'dist', 'src', 'worker.js')], { env: { ...common, DATABASE_POOL_SIZE: workerPool }, stdio: ['ignore', 'ignore', 'inherit'] });

  const apis: ChildProcess[] = [];
  const workers: ChildProcess[] = [];
  if (apiCount > 0) {
    apis.push(startApi(ports[0]));
    await waitReady(`http://127.0.0.1:${ports[0]}`, apis[0], 'API process 1');
  }
  for (let i = 1; i < apiCount; i++) apis.push(startApi(ports[i]));
  for (let i = 0; i < workerCount; i++) workers.push(startWorker());
  for (let i = 1; i < apiCount; i++) await waitReady(`http://127.0.0.1:${ports[i]}`, apis[i], `API process ${i + 1}`);

  // Ready when every worker process listens on the deadline queue (the workers migrate first when they are alone).
  const queue = new Queue(QUEUES.SLA_DEADLINES, { connection: redisOptionsFromUrl(REDIS_URL), prefix });
  try {
    for (let tries = 0; ; tries++) {
      if ((await queue.getWorkersCount()) >= workerCount) break;
      if (tries > 480 || workers.some((w) => w.exitCode !== null)) throw new Error('the worker processes did not start');
      await sleep(250);
    }
  } finally {
    await queue.close();
  }

  const deployment: Deployment = { dbName, databaseUrl, prefix, apis, workers };
  if (apiCount > 0) {
    deployment.balancer = await startBalancer(ports);
    deployment.token = await login(`http://127.0.0.1:${deployment.balancer.port}`, ADMIN.email, ADMIN.password);
  }
  return deployment;
}

async function stopDeployment(d: Deployment): Promise<void> {
  await d.balancer?.close();
  await Promise.all([...d.apis, ...d.workers].map((c) => stop(c)));
  await database(d.dbName, 'drop');
  await deletePrefix(d.prefix);
}

// --- load ----------------------------------------------------------------------------------

async function load(port: number, token: string, opts: { connections: number; duration?: number; amount?: number; requests: Partial<Request>[] }): Promise<Measure> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${API}`,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: opts.requests as Request[],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, total: r.requests.total, duration: r.duration };
}

const intakeRequest: Partial<Request> = { method: 'POST', path: API, setupRequest: (req: Request) => ({ ...req, body: intakeBody() }) };

/** A small deterministic generator, so that every run seeds the same mix. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const TEXTS = [
  ['话费多扣了50元', '上个月账单多扣了50元,营业厅说是系统问题,至今未处理。'],
  ['家里宽带三天断了五次', '宽带一直掉线,报修两次没人上门,再不解决我就携号转网。'],
  ['客服态度恶劣', '打了三次客服电话,每次都被挂断,态度非常差,要求道歉。'],
  ['Charged twice for roaming', 'I was billed twice for the same roaming pack and nobody answers my emails. I want a refund.'],
  ['Promised benefit never arrived', 'The loyalty points promised when I renewed never arrived; this is the third time I complain.'],
] as const;
const pick = <T>(xs: readonly T[], r: () => number) => xs[Math.floor(r() * xs.length)];

/** Intakes of varied customers (500, each of a fixed tier), channels, categories and severities, so the filtered lists find something. */
function variedIntakes(): Partial<Request> {
  const r = prng(20261124);
  return {
    method: 'POST',
    path: API,
    setupRequest: (req: Request) => {
      const customer = Math.floor(r() * 500);
      const [summary, description] = pick(TEXTS, r);
      return {
        ...req,
        body: JSON.stringify({
          customer: { externalRef: `seed-${customer}`, name: `客户${customer}`, tier: ['standard', 'silver', 'gold', 'platinum', 'diamond'][customer % 5] },
          channel: pick(['front_desk', 'call_center', 'web', 'email', 'social', 'regulator'], r),
          category: pick(['billing', 'network', 'service_attitude', 'product', 'price', 'benefit', 'process', 'other'], r),
          severity: pick(['ordinary', 'ordinary', 'serious', 'major'], r),
          summary,
          description,
        }),
      };
    },
  };
}

interface MixedCounts {
  [kind: string]: { ok: number; failed: number };
}

/**
 * The mixed workload: per connection a cycle of 10 requests, 3 intakes (30 %), 5 reads (50 %:
 * 3 complaints by id, 2 filtered lists) and 2 transitions (20 %: an acknowledge and a move to
 * in_progress, each of a complaint still `new` taken once from the pool).
 */
function mixedRequests(readIds: string[], fresh: string[], counts: MixedCounts, exhausted: { value: boolean }): Partial<Request>[] {
  let read = 0;
  let moved = 0;
  const count = (kind: string) => {
    counts[kind] = { ok: 0, failed: 0 };
    return (status: number) => (status >= 200 && status < 300 ? counts[kind].ok++ : counts[kind].failed++);
  };
  const nextFresh = () => {
    if (moved >= fresh.length) exhausted.value = true;
    return fresh[moved++ % fresh.length];
  };
  const intake = { ...intakeRequest, onResponse: count('intake') };
  const byIdCount = count('read by id');
  const byId = { method: 'GET', setupRequest: (req: Request) => ({ ...req, path: `${API}/${readIds[read++ % readIds.length]}` }), onResponse: byIdCount } as Partial<Request>;
  const listCount = count('read list');
  const list = (q: string) => ({ method: 'GET', path: `${API}?${q}`, onResponse: listCount }) as Partial<Request>;
  const acknowledge = { method: 'POST', setupRequest: (req: Request) => ({ ...req, path: `${API}/${nextFresh()}/acknowledge`, body: '{}' }), onResponse: count('acknowledge') } as Partial<Request>;
  const transition = {
    method: 'POST',
    setupRequest: (req: Request) => ({ ...req, path: `${API}/${nextFresh()}/transition`, body: '{"to":"in_progress"}' }),
    onResponse: count('transition to in_progress'),
  } as Partial<Request>;
  return [intake, byId, acknowledge, list(LIST_FILTERS[0]), intake, byId, transition, list(LIST_FILTERS[1]), intake, byId];
}

// --- the run -------------------------------------------------------------------------------

interface Row {
  measure: string;
  connections: number | null;
  service: Measure | null;
  reference?: Measure | null;
}

export interface ScaleOptions {
  scale: boolean;
  sla: boolean;
}

async function measureReference(duration: number): Promise<Record<number, Measure>> {
  console.log('\n== full reference (one process, behind the same balancer): intake at 20 and 100 connections');
  const dbName = `bench_scale_ref_${Date.now()}`;
  const prefix = `{benchref${Date.now()}}`;
  const port = await freePort();
  const ref = await startReference(await database(dbName, 'create'), port, prefix);
  const balancer = await startBalancer([port]);
  try {
    await load(balancer.port, ref.token, { connections: 20, duration: 2, requests: [intakeRequest] }); // warm-up
    const result: Record<number, Measure> = {};
    for (const connections of [20, 100]) {
      result[connections] = await load(balancer.port, ref.token, { connections, duration, requests: [intakeRequest] });
      console.log(`reference intake, ${connections} connections: ${line(result[connections])}`);
    }
    return result;
  } finally {
    await balancer.close();
    await stop(ref.child);
    await database(dbName, 'drop');
    await deletePrefix(prefix);
  }
}

const line = (m: Measure) => `${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, non-2xx ${m.non2xx}, socket errors ${m.errors}`;

export async function runScaleBench({ scale, sla }: ScaleOptions): Promise<void> {
  const duration = arg('scale-duration', 10);
  const readSeconds = arg('scale-reads', 8);
  const mixedSeconds = arg('scale-mixed', 12);
  const mixedConnections = arg('scale-mixed-connections', 50);
  const seedCount = arg('scale-seed', 2000);
  const slaCount = arg('sla-count', 100_000);
  const slaWindow = arg('sla-window', 50);
  const at = new Date().toISOString();
  const loadAverage: Record<string, number[]> = { start: loadavg().map((x) => Number(x.toFixed(2))) };
  const rows: Row[] = [];
  const mixedCounts: MixedCounts = {};
  const exhausted = { value: false };

  const reference = scale ? await measureReference(duration) : {};

  console.log(`\n== deployment: ${scale ? '2 API processes behind a round-robin balancer + ' : ''}2 worker processes, fresh database and queue prefix`);
  const d = await startDeployment(scale ? 2 : 0, 2);
  const rss: Record<string, number[]> = {};
  let slaResult: SlaResult | null = null;
  let handed: number[] = [];
  try {
    await sleep(2000);
    rss.apisAtRest = d.apis.map((p) => mb(rssKb(p.pid)));
    rss.workersAtRest = d.workers.map((p) => mb(rssKb(p.pid)));
    console.log(`RSS at rest: API ${rss.apisAtRest.join(' / ') || '—'} MB, workers ${rss.workersAtRest.join(' / ')} MB`);

    if (scale) {
      const port = d.balancer!.port;
      const token = d.token!;
      const sampler = new RssSampler([...d.apis, ...d.workers]).start();
      const seeded = await load(port, token, { connections: 20, amount: seedCount, requests: [variedIntakes()] });
      console.log(`seeded ${seeded.total - seeded.non2xx} varied complaints (non-2xx ${seeded.non2xx})`);
      await load(port, token, { connections: 20, duration: 2, requests: [intakeRequest] }); // warm-up

      const run = async (measure: string, connections: number, seconds: number, requests: Partial<Request>[], ref?: Measure) => {
        const m = await load(port, token, { connections, duration: seconds, requests });
        console.log(`${measure}, ${connections} connections: ${line(m)}`);
        rows.push({ measure, connections, service: m, reference: ref ?? null });
      };
      await run('`POST /complaints` (intake)', 20, duration, [intakeRequest], reference[20]);
      await run('`POST /complaints` (intake)', 100, duration, [intakeRequest], reference[100]);

      // Reads of any complaint; transitions of complaints still new, each once.
      const db = new Client({ connectionString: d.databaseUrl });
      await db.connect();
      const readIds = (await db.query<{ id: string }>(`SELECT id FROM complaints ORDER BY random() LIMIT 2000`)).rows.map((r) => r.id);
      const fresh = (await db.query<{ id: string }>(`SELECT id FROM complaints WHERE status = 'new' ORDER BY random()`)).rows.map((r) => r.id);
      const found = await Promise.all(LIST_FILTERS.map(async (q) => (await fetch(`http://127.0.0.1:${port}${API}?${q}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>)).items.length));
      await db.end();
      console.log(`${readIds.length} complaints to read, ${fresh.length} still new to move; the filtered lists return ${found.join(' and ')} items`);

      let i = 0;
      await run('`GET /complaints/:id`', 20, readSeconds, [{ method: 'GET', setupRequest: (req: Request) => ({ ...req, path: `${API}/${readIds[i++ % readIds.length]}` }) }]);
      for (const q of LIST_FILTERS) await run(`\`GET /complaints?${q}\``, 20, readSeconds, [{ method: 'GET', path: `${API}?${q}` }]);
      await run('mixed: 30 % intake, 50 % reads, 20 % transitions', mixedConnections, mixedSeconds, mixedRequests(readIds, fresh, mixedCounts, exhausted));
      console.log(`  mixed, by kind: ${Object.entries(mixedCounts).map(([k, c]) => `${k} ${c.ok} ok / ${c.failed} non-2xx`).join('; ')}${exhausted.value ? ' (the pool of new complaints ran out: moves repeated)' : ''}`);

      const peaks = sampler.stop();
      rss.apisPeak = peaks.slice(0, d.apis.length);
      rss.workersPeakHttp = peaks.slice(d.apis.length);
      handed = [...d.balancer!.handed];
      console.log(`RSS peak under load: API ${rss.apisPeak.join(' / ')} MB, workers ${rss.workersPeakHttp.join(' / ')} MB; connections handed to each API process: ${handed.join(' / ')}`);
    }

    if (sla) {
      slaResult = await runSlaScenario({ kind: 'spread', count: slaCount, windowSeconds: slaWindow, workers: d.workers.length }, { databaseUrl: d.databaseUrl, prefix: d.prefix, workers: d.workers });
      rss.workersPeakFiring = slaResult.workerPeakRssMbEach;
    }
  } finally {
    await stopDeployment(d);
  }
  loadAverage.end = loadavg().map((x) => Number(x.toFixed(2)));

  const table = renderTable(rows, slaResult, rss, { scale, slaCount, slaWindow });
  console.log(`\n${header(scale, loadAverage)}\n\n${table}\n`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `scale-${at.replace(/[:.]/g, '-')}.json`);
  const config = { duration, readSeconds, mixedSeconds, mixedConnections, seedCount, slaCount, slaWindow, cpus: cpus().length, loadAverage };
  writeFileSync(file, JSON.stringify({ at, config, rows, reference, mixedCounts, mixedPoolExhausted: exhausted.value, connectionsPerApi: handed, rssMb: rss, sla: slaResult, table }, null, 2));
  console.log(`written to ${file}`);
}

function header(scale: boolean, loadAverage: Record<string, number[]>): string {
  return (
    (scale
      ? 'Service: 2 API processes (RUN_WORKERS=false) behind a round-robin TCP balancer + 2 worker processes; full reference: one process behind the same balancer. '
      : 'Service: 2 worker processes. ') + `Load average ${loadAverage.start.join(', ')} at the start, ${loadAverage.end.join(', ')} at the end (${cpus().length} cores).`
  );
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

function renderTable(rows: Row[], sla: SlaResult | null, rss: Record<string, number[]>, o: { scale: boolean; slaCount: number; slaWindow: number }): string {
  const out = ['| measure | connections | service | p50 | p99 | errors | full reference | ratio |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const m = r.service!;
    const ref = r.reference;
    out.push(
      `| ${r.measure} | ${r.connections} | ${n0(m.rps)} req/s | ${m.p50} ms | ${m.p99} ms | ${m.non2xx + m.errors} | ` +
        (ref ? `${n0(ref.rps)} req/s (p50 ${ref.p50} ms, p99 ${ref.p99} ms, errors ${ref.non2xx + ref.errors}) | ${(m.rps / ref.rps).toFixed(2)} |` : '— | — |'),
    );
  }
  if (sla) {
    out.push(
      `| SLA firing: ${n0(o.slaCount)} pending deadlines due within ${o.slaWindow} s, ${sla.workers} worker processes | — | ${n0(sla.firingsPerSecond)} firings/s (lateness max ${n0(sla.latenessMs.max)} ms) | lateness ${sla.latenessMs.p50} ms | lateness ${n0(sla.latenessMs.p99)} ms | ${sla.count - sla.fired + sla.firedTwice} (${sla.count - sla.fired} not fired, ${sla.firedTwice} fired twice) | — | — |`,
    );
  }
  const list = (xs?: number[]) => (xs?.length ? xs.join(' / ') : '—');
  if (o.scale) out.push(`| RSS of the 2 API processes: at rest → peak under load | — | ${list(rss.apisAtRest)} MB → ${list(rss.apisPeak)} MB | — | — | — | — | — |`);
  const firing = rss.workersPeakFiring ? `; peak while firing ${list(rss.workersPeakFiring)} MB` : '';
  const http = o.scale ? ` → ${list(rss.workersPeakHttp)} MB under HTTP load` : '';
  out.push(`| RSS of the 2 worker processes: at rest${o.scale ? ' → peak under HTTP load' : ''}${rss.workersPeakFiring ? ', peak while firing' : ''} | — | ${list(rss.workersAtRest)} MB${http}${firing} | — | — | — | — | — |`);
  return out.join('\n');
}
