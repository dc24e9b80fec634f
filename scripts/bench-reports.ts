/**
 * Times each manager report over a seeded history, through the built service (HTTP, as a
 * manager would call it), and measures the service's memory while a year of the breach list
 * streams as CSV:
 *   npm run bench:reports [-- --complaints 1000000 --months 12 --runs 3 --database reports_bench --reuse --keep --csv-only --csv-years 3]
 * Seeds a fresh database named by --database (default reports_bench) with scripts/seed-reports.ts
 * unless --reuse (then it uses that database as it is), starts `node dist/src/main.js` on it
 * (RUN_WORKERS=false), times every report `runs` times (cold first run, then the median of the
 * rest; --csv-only skips this), streams the breach list as CSV for a month and then for a year
 * `csv-years` times in a row while sampling the service's RSS every 20 ms (start, peak, end of
 * each download), prints the query plans (EXPLAIN ANALYZE) of the SLA report grouped by team for a
 * month and for a year and by day and tier for a year, writes bench/results/reports-<time>.json
 * and -plans.txt, and drops the database unless --keep or --reuse.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { slaReportSql } from '../src/reports/reports.queries';
import { adminQuery, databaseUrl, freshDatabase, seed, SEED_MANAGER, SEED_PASSWORD } from './seed-reports';

const ROOT = join(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function startService(dbUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbUrl, RUN_WORKERS: 'false', LOG_LEVEL: 'warn', THROTTLE_LIMIT_PER_MINUTE: '100000000', QUEUE_PREFIX: `{benchrep${Date.now()}}`, NODE_ENV: 'development' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error('the service exited at start');
    await sleep(500);
  }
  throw new Error('the service did not start in 120 s');
}

async function main(): Promise<void> {
  const complaints = Number(arg('complaints', '1000000'));
  const months = Number(arg('months', '12'));
  const runs = Math.max(2, Number(arg('runs', '3')));
  const name = arg('database', 'reports_bench');
  const reuse = flag('reuse');
  const port = 3900 + Math.floor(Math.random() * 90);
  let url = databaseUrl(name);
  if (!reuse) {
    console.log(`seeding ${complaints} complaints over ${months} months into a fresh database "${name}"`);
    url = await freshDatabase(name);
    await seed(url, complaints, months);
  }
  const db = new Client({ connectionString: url });
  await db.connect();
  const counts = (await db.query(`SELECT (SELECT count(*) FROM complaints)::int AS complaints, (SELECT count(*) FROM sla_clocks)::int AS clocks, (SELECT count(*) FROM complaint_events)::int AS events`)).rows[0];
  console.log(`database "${name}": ${JSON.stringify(counts)}`);

  const child = await startService(url, port);
  // Other work on the machine shares its cores: the load average says how much.
  const load = () => loadavg().map((l) => +l.toFixed(2));
  const results: Record<string, unknown> = { complaints: counts, machine: { cores: cpus().length }, at: new Date().toISOString(), loadAverageAtStart: load() };
  console.log(`load average (1, 5, 15 min): ${load().join(', ')}`);
  try {
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: SEED_MANAGER, password: SEED_PASSWORD }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const headers = { authorization: `Bearer ${token}` };
    const now = Date.now();
    const month = `from=${new Date(now - 30 * DAY).toISOString()}&to=${new Date(now).toISOString()}`;
    const year = `from=${new Date(now - 365 * DAY).toISOString()}&to=${new Date(now).toISOString()}`;
    const cases: [string, string][] = [
      ['sla month by team', `reports/sla?${month}&groupBy=team`],
      ['sla year by team', `reports/sla?${year}&groupBy=team`],
      ['sla year by day (Asia/Shanghai)', `reports/sla?${year}&groupBy=day&tz=Asia/Shanghai`],
      ['sla year by assignee', `reports/sla?${year}&groupBy=assignee`],
      ['sla year by tier', `reports/sla?${year}&groupBy=tier`],
      ['sla year by day, CSV', `reports/sla?${year}&groupBy=day&format=csv`],
      ['backlog (all open)', 'reports/backlog'],
      ['escalations year', `reports/escalations?${year}`],
      ['repeat-complaints year', `reports/repeat-complaints?${year}`],
      ['repeat customers year', `reports/repeat-complaints?${year}&view=customers`],
      ['agents year', `reports/agents?${year}`],
      ['breach list year, first 100', `reports/breaches?${year}&limit=100`],
    ];
    const timings: Record<string, { firstMs: number; medianMs: number; rows: number }> = {};
    for (const [label, path] of flag('csv-only') ? [] : cases) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const res = await fetch(`${base}/${path}`, { headers });
        const text = await res.text();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
        rows = path.includes('format=csv') ? text.split('\r\n').length - 2 : (JSON.parse(text) as { rows: unknown[] }).rows.length;
      }
      const rest = times.slice(1).sort((a, b) => a - b);
      timings[label] = { firstMs: Math.round(times[0]), medianMs: Math.round(rest[Math.floor(rest.length / 2)]), rows };
      console.log(`${label.padEnd(34)} first ${String(Math.round(times[0])).padStart(6)} ms   median ${String(timings[label].medianMs).padStart(6)} ms   ${rows} rows`);
    }
    results.timings = timings;
    results.loadAverageAfterTimings = load();
    console.log(`load average (1, 5, 15 min): ${load().join(', ')}`);

    // The breach list as CSV, streamed, for a month and then a year several times in a row: the
    // service's RSS at the start, at its peak while streaming, and at the end of each download.
    // Flat memory: the peak does not grow with the period, nor from one download to the next.
    const pid = child.pid!;
    const streams: Record<string, unknown> = {};
    const csvYears = Math.max(1, Number(arg('csv-years', '3')));
    const downloads: [string, string][] = [['month', month], ...Array.from({ length: csvYears }, (_, i): [string, string] => [csvYears === 1 ? 'year' : `year ${i + 1}`, year])];
    for (const [label, period] of downloads) {
      const rssBefore = rssKb(pid);
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 20);
      const t = performance.now();
      const res = await fetch(`${base}/reports/breaches?${period}&format=csv`, { headers });
      let bytes = 0;
      let lines = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        for (const b of value) if (b === 10) lines++;
      }
      const ms = performance.now() - t;
      clearInterval(sampler);
      const rssAfter = rssKb(pid);
      const stream = { rows: lines - 1, megabytes: +(bytes / 1e6).toFixed(1), seconds: +(ms / 1000).toFixed(1), rssBeforeMb: +(rssBefore / 1024).toFixed(0), rssPeakMb: +(peak / 1024).toFixed(0), rssAfterMb: +(rssAfter / 1024).toFixed(0) };
      streams[label] = stream;
      console.log(`breach list ${label} as CSV: ${stream.rows} rows, ${stream.megabytes} MB in ${stream.seconds} s; service RSS ${stream.rssBeforeMb} MB before, ${stream.rssPeakMb} MB peak, ${stream.rssAfterMb} MB after`);
    }
    results.breachCsv = streams;

    // The plans of the SLA report grouped by team for a month and for a year, and by day and tier for a year.
    const plans: string[] = [];
    // as the service runs them (ReportsService.read)
    await db.query(`SET jit = off`);
    await db.query(`SET work_mem = '64MB'`);
    for (const [groupBy, label, days] of [['team', 'month', 30], ['team', 'year', 365], ['day', 'year', 365], ['tier', 'year', 365]] as const) {
      const from = new Date(now - days * DAY);
      const params = groupBy === 'day' ? [from, new Date(now), new Date(now), 'Asia/Shanghai'] : [from, new Date(now), new Date(now)];
      const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${slaReportSql(groupBy)}`, params);
      plans.push(`-- SLA report grouped by ${groupBy}, ${label}\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}\n`);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', `reports-${stamp}-plans.txt`), plans.join('\n'));
    writeFileSync(join(ROOT, 'bench', 'results', `reports-${stamp}.json`), JSON.stringify(results, null, 2) + '\n');
    console.log(plans.join('\n'));
    console.log(`results: bench/results/reports-${stamp}.json and -plans.txt`);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
    await db.end();
    if (!reuse && !flag('keep')) {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      console.log(`dropped "${name}"`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
