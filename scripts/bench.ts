/**
 * `npm run bench` runs three parts in turn (`--only intake|scale|sla`, comma-separated for
 * several, runs some of them):
 *
 * intake — throughput against the full reference (../shared/bench/server-full.mjs: bare
 * node:http + pg + bullmq doing the same durable work), alternating in one run on this
 * machine, each on a fresh database: `rounds` rounds of POST /api/v1/complaints at
 * `connections` connections for `duration` seconds; then, on the service, GET /complaints/:id
 * and a page of 50. Prints both, the ratio, and writes bench/results/intake-<time>.json.
 *   npm run bench [-- --rounds 3 --duration 10 --connections 20 --reads 5]
 * The service runs built (`dist/`) in its own process with its workers, as `npm start` does.
 *
 * scale, sla — the scale-out table (scripts/bench-scale.ts): 2 API processes behind a
 * round-robin balancer and 2 worker processes; intake at 20 and 100 connections beside the
 * reference, reads, filtered lists, a mixed workload, deadline firing with 100,000 pending
 * deadlines, RSS at rest and under load; writes bench/results/scale-<time>.json.
 *
 * Whatever happens (an error, SIGINT), the child processes are stopped, the databases dropped
 * and the run's queue keys deleted.
 */
import { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon, { Request } from 'autocannon';
import { Client } from 'pg';
import { ADMIN_URL, cleanupAll, cleanupOnSignals, database, intakeBody, ROOT, sleep, spawnTracked, startReference, stop, trackPrefix } from './bench-common';
import { runScaleBench } from './bench-scale';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

interface Measure {
  /** CPU milliseconds per request, of the server process and of its PostgreSQL backends. */
  cpuMsPerRequest?: { server: number; postgres: number };
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  duration: number;
  total: number;
}

async function load(url: string, authorization: string, duration: number, connections: number, request: Partial<Request>): Promise<Measure> {
  const r = await autocannon({
    url,
    duration,
    connections,
    requests: [{ method: 'GET', headers: { 'content-type': 'application/json', authorization }, ...request } as Request],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, duration: r.duration, total: r.requests.total };
}

const CLOCK_TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

/** User + system CPU time in ms of a process, 0 if it is gone. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of the server process and of the PostgreSQL backends serving its database. */
async function cpuSample(serverPid: number, dbName: string): Promise<{ server: number; postgres: number }> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName]);
  await admin.end();
  return { server: cpuMs(serverPid), postgres: rows.reduce((sum, r) => sum + cpuMs(r.pid), 0) };
}

/** Runs a load and adds the CPU it cost per request (backends that came and went are missed, so PostgreSQL's figure is a floor). */
async function measured(serverPid: number, dbName: string, run: () => Promise<Measure>): Promise<Measure> {
  const before = await cpuSample(serverPid, dbName);
  const result = await run();
  const after = await cpuSample(serverPid, dbName);
  const requests = Math.max(1, result.total);
  return { ...result, cpuMsPerRequest: { server: round((after.server - before.server) / requests), postgres: round((after.postgres - before.postgres) / requests) } };
}
const round = (x: number) => Math.round(x * 100) / 100;

async function startService(dbUrl: string, port: number): Promise<{ child: ChildProcess; token: string }> {
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: dbUrl,
    QUEUE_PREFIX: trackPrefix(`{bench${Date.now()}}`),
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'Bench-Admin-Passw0rd!',
    THROTTLE_LIMIT_PER_MINUTE: '100000000',
    RUN_WORKERS: process.env.BENCH_RUN_WORKERS ?? 'true',
  };
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnTracked([...nodeArgs, join(ROOT, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false)) break;
    if (i > 240 || child.exitCode !== null) throw new Error('the service did not start');
    await sleep(250);
  }
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
  });
  return { child, token: ((await login.json()) as { accessToken: string }).accessToken };
}

const cpu = (m: Measure) => (m.cpuMsPerRequest ? `${m.cpuMsPerRequest.server} + PostgreSQL ${m.cpuMsPerRequest.postgres}` : '?');

/** Part 1: intake rounds alternating with the full reference (one service process with its workers). */
async function runIntakeComparison() {
  const rounds = arg('rounds', 3);
  const duration = arg('duration', 10);
  const connections = arg('connections', 20);
  const port = 3900 + Math.floor(Math.random() * 90);
  const results: { round: number; service: Record<string, Measure>; reference: Measure }[] = [];
  const post = { method: 'POST' as const, setupRequest: (req: Request) => ({ ...req, body: intakeBody() }) };

  for (let round = 1; round <= rounds; round++) {
    const serviceDb = `bench_service_${Date.now()}`;
    const service = await startService(await database(serviceDb, 'create'), port);
    const auth = `Bearer ${service.token}`;
    const base = `http://127.0.0.1:${port}/api/v1/complaints`;
    await load(base, auth, 2, connections, post); // warm-up
    const intake = await measured(service.child.pid!, serviceDb, () => load(base, auth, duration, connections, post));
    const page = (await (await fetch(`${base}?limit=50`, { headers: { authorization: auth } })).json()) as { items: { id: string }[] };
    let i = 0;
    const readSeconds = arg('reads', Math.max(3, duration / 2));
    const byId = await load(base, auth, readSeconds, connections, { setupRequest: (req: Request) => ({ ...req, path: `/api/v1/complaints/${page.items[i++ % page.items.length].id}` }) });
    const list = await load(`${base}?limit=50`, auth, readSeconds, connections, {});
    await stop(service.child);
    await database(serviceDb, 'drop');

    const referenceDb = `bench_reference_${Date.now()}`;
    const reference = await startReference(await database(referenceDb, 'create'), port + 1);
    const refUrl = `http://127.0.0.1:${port + 1}/api/v1/complaints`;
    await load(refUrl, `Bearer ${reference.token}`, 2, connections, post);
    const ref = await measured(reference.child.pid!, referenceDb, () => load(refUrl, `Bearer ${reference.token}`, duration, connections, post));
    await stop(reference.child);
    await database(referenceDb, 'drop');

    results.push({ round, service: { intake, byId, list }, reference: ref });
    console.log(
      `round ${round}: intake ${intake.rps.toFixed(0)} req/s (p50 ${intake.p50} ms, p99 ${intake.p99} ms, non-2xx ${intake.non2xx}) | reference ${ref.rps.toFixed(0)} req/s (p99 ${ref.p99} ms) | CPU ms per intake: service ${cpu(intake)}, reference ${cpu(ref)} | ratio ${(intake.rps / ref.rps).toFixed(2)} | GET by id ${byId.rps.toFixed(0)} req/s (p99 ${byId.p99} ms) | list of 50 ${list.rps.toFixed(0)} req/s (p99 ${list.p99} ms)`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = {
    at: new Date().toISOString(),
    connections,
    duration,
    rounds,
    intakeRps: mean(results.map((r) => r.service.intake.rps)),
    referenceRps: mean(results.map((r) => r.reference.rps)),
    ratio: mean(results.map((r) => r.service.intake.rps / r.reference.rps)),
    intakeP99: Math.max(...results.map((r) => r.service.intake.p99)),
    byIdRps: mean(results.map((r) => r.service.byId.rps)),
    listRps: mean(results.map((r) => r.service.list.rps)),
    results,
  };
  console.log(
    `\nmean over ${rounds} rounds: intake ${summary.intakeRps.toFixed(0)} req/s, reference ${summary.referenceRps.toFixed(0)} req/s, ratio ${summary.ratio.toFixed(2)}, worst intake p99 ${summary.intakeP99} ms; GET by id ${summary.byIdRps.toFixed(0)} req/s, list ${summary.listRps.toFixed(0)} req/s`,
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `intake-${summary.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(`written to ${file}`);
}

const PARTS = ['intake', 'scale', 'sla'] as const;
type Part = (typeof PARTS)[number];

/** `--only intake|scale|sla` (or several, comma-separated); all three by default. */
function parts(): Set<Part> {
  const i = process.argv.indexOf('--only');
  if (i < 0) return new Set(PARTS);
  const chosen = (process.argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = chosen.filter((p) => !PARTS.includes(p as Part));
  if (!chosen.length || unknown.length) throw new Error(`--only takes ${PARTS.join('|')} (comma-separated for several), not "${process.argv[i + 1] ?? ''}"`);
  return new Set(chosen as Part[]);
}

async function main() {
  const only = parts();
  if (only.has('intake')) {
    console.log('== intake against the full reference, alternating rounds');
    await runIntakeComparison();
  }
  if (only.has('scale') || only.has('sla')) await runScaleBench({ scale: only.has('scale'), sla: only.has('sla') });
}

cleanupOnSignals();
main()
  .then(() => cleanupAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(error);
    await cleanupAll();
    process.exit(1);
  });
