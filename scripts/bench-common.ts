/**
 * What the benchmarks share: fresh databases, the reference intake, the service's processes,
 * RSS readings, and one cleanup that stops every child process, drops every database and
 * deletes every queue key the run created, whether it ends, fails or is interrupted (SIGINT,
 * SIGTERM).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..');
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
export const REFERENCE = process.env.BENCH_REFERENCE || join(ROOT, '..', 'shared', 'bench', 'server-full.mjs');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
/** The intake every benchmark sends, to the service and to the reference alike: a distinct customer per request. */
export const intakeBody = () =>
  JSON.stringify({
    customer: { externalRef: `1390${process.pid}${++seq}`, name: '张三', tier: 'gold' },
    channel: 'front_desk',
    category: 'billing',
    summary: '话费多扣了50元',
    description: '上个月账单多扣了50元,营业厅说是系统问题,至今未处理。',
  });

// --- cleanup -------------------------------------------------------------------------------

let cleaning: Promise<void> | null = null;
const children = new Set<ChildProcess>();
const databases = new Set<string>();
const prefixes = new Set<string>();
const closers = new Set<() => Promise<void> | void>();

/** Spawns a child that the cleanup stops. */
export function spawnTracked(args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
  if (cleaning) throw new Error('the run is being cleaned up');
  const child = spawn(process.execPath, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Registers something to close in the cleanup (a balancer, a connection). */
export function onCleanup(close: () => Promise<void> | void): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/** Registers a queue prefix whose keys the cleanup deletes. */
export function trackPrefix(prefix: string): string {
  if (cleaning) throw new Error('the run is being cleaned up');
  prefixes.add(prefix);
  return prefix;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates or drops a database; created ones are dropped by the cleanup if the run does not. */
export async function database(name: string, action: 'create' | 'drop'): Promise<string> {
  if (action === 'create' && cleaning) throw new Error('the run is being cleaned up');
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(action === 'create' ? `CREATE DATABASE "${name}"` : `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  if (action === 'create' && cleaning) {
    // created while the cleanup ran: drop it now, the cleanup has passed it
    await database(name, 'drop');
    throw new Error('the run is being cleaned up');
  }
  if (action === 'create') databases.add(name);
  else databases.delete(name);
  return databaseUrl(name);
}

/** Deletes the keys under a queue prefix this run created (and only those). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
    prefixes.delete(prefix);
  } finally {
    redis.disconnect();
  }
}

/** Stops every child, closes what was registered, drops the databases and deletes the queue keys left. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...closers].map(async (close) => { try { await close(); } catch { /* closing anyway */ } }));
    closers.clear();
    await Promise.all([...children].map((c) => stop(c)));
    for (const name of [...databases]) await database(name, 'drop').catch((e) => console.error(`could not drop ${name}: ${e}`));
    for (const prefix of [...prefixes]) await deletePrefix(prefix).catch((e) => console.error(`could not delete the keys of ${prefix}: ${e}`));
  })();
  return cleaning;
}

/** On SIGINT or SIGTERM: clean up, then exit. */
export function cleanupOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the processes and dropping the databases of this run…`);
      void cleanupAll().finally(() => process.exit(130));
    });
}

// --- processes -----------------------------------------------------------------------------

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in kB, 0 if it is gone. */
export function rssKb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Starts the reference intake (../shared/bench/server-full.mjs) on a database; resolves with its admin token. */
export async function startReference(dbUrl: string, port: number, prefix = `benchref${Date.now()}`): Promise<{ child: ChildProcess; token: string }> {
  // Copied beside the project so that its imports resolve to this project's node_modules.
  const dir = join(ROOT, '.bench-reference');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'server-full.mjs');
  copyFileSync(REFERENCE, script);
  trackPrefix(prefix);
  const child = spawnTracked([script], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbUrl, QUEUE_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const token = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /token (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('the reference did not start')));
  });
  return { child, token };
}

/** Waits for a process's /health/ready. */
export async function waitReady(base: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false)) return;
    if (i > 480 || child.exitCode !== null) throw new Error(`${what} did not start`);
    await sleep(250);
  }
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
