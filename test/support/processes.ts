import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { AddressInfo, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseUrl, TEST_REDIS_URL, workerDatabase, workerQueuePrefix } from './test-env';

/**
 * The built service in child processes, for the fault specs: `node dist/src/main.js` (API) and
 * `node dist/src/worker.js` (workers) on this jest worker's database, and redis-server on a
 * port of its own. Every child is tracked; `stopChildren()` in afterAll ends what is left.
 */

const ROOT = resolve(__dirname, '../..');
const API_ENTRY = join(ROOT, 'dist', 'src', 'main.js');
const WORKER_ENTRY = join(ROOT, 'dist', 'src', 'worker.js');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000, stepMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The build

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function buildIsStale(): boolean {
  if (!existsSync(API_ENTRY) || !existsSync(WORKER_ENTRY)) return true;
  const built = Math.min(statSync(API_ENTRY).mtimeMs, statSync(WORKER_ENTRY).mtimeMs);
  const sources = ['src', 'migrations', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newestMtime(join(ROOT, p)));
  return Math.max(...sources) > built;
}

/**
 * Runs `nest build` when dist/ is missing or older than the sources. Jest workers running fault
 * specs at once take turns through a lock directory, so one builds and the others find it fresh
 * (the build empties dist/ first, which would pull it from under a running child).
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), `complaint-desk-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than any build was left by a run that was killed.
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      await sleep(500);
    }
  }
  try {
    if (!buildIsStale()) return;
    const build = spawn(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    build.stdout!.on('data', (d) => (output += d));
    build.stderr!.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((r) => build.once('exit', r));
    if (code !== 0) throw new Error(`nest build failed (exit ${code}):\n${output}`);
  } finally {
    rmdirSync(lock);
  }
}

// ---------------------------------------------------------------------------------------------
// Children

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** The last lines it printed, for failure messages. */
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<Child>();

export function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc: ChildProcess = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (data: Buffer) => {
    lines.push(...data.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      children.delete(child);
      r({ code, signal });
    };
    proc.once('exit', finish);
    // A spawn failure (no such binary) emits no exit.
    proc.once('error', (error) => {
      lines.push(`spawn failed: ${error.message}`);
      if (proc.pid === undefined) finish(null, null);
    });
  });
  const child: Child = {
    name,
    pid: proc.pid ?? -1,
    exited,
    running: () => !done,
    output: () => lines.join('\n'),
    signal: (s) => {
      if (!done) proc.kill(s);
    },
    kill: async () => {
      if (!done) proc.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 10_000) => {
      if (done) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(child);
  return child;
}

/** For afterAll: ends every child still running (SIGTERM, SIGKILL after 5 s). */
export async function stopChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop(5000)));
}

async function startedOrThrow(child: Child, what: string, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (!child.running()) throw new Error(`${child.name} exited before ${what}:\n${child.output()}`);
    if (Date.now() > end) {
      await child.kill();
      throw new Error(`${child.name}: no ${what} within ${timeoutMs} ms:\n${child.output()}`);
    }
    await sleep(100);
  }
}

/** A queue prefix of this run (the global teardown deletes its keys from the shared Redis). */
export const uniqueQueuePrefix = (tag: string) => `${workerQueuePrefix()}${tag}${Date.now().toString(36)}`;

/** The environment of a child: this jest worker's database, the shared test Redis, quiet logs. */
export function serviceEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test', // also: no .env file is read
    PORT: '',
    DATABASE_URL: databaseUrl(workerDatabase()),
    DATABASE_POOL_SIZE: '8',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueQueuePrefix('c'),
    MIGRATE_ON_START: 'false',
    RUN_WORKERS: 'false',
    LOG_LEVEL: 'warn',
    THROTTLE_LIMIT_PER_MINUTE: '1000000',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WORKER_METRICS_PORT: '0',
    ...overrides,
  };
}

export interface ApiProcess {
  child: Child;
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
}

/** `node dist/src/main.js`, ready when GET /health/ready answers 200 (PostgreSQL and Redis up). */
export async function startApi(env: NodeJS.ProcessEnv, name = 'api'): Promise<ApiProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawnChild(name, process.execPath, [API_ENTRY], { ...env, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  await startedOrThrow(child, 'readiness', async () => (await send(base, 'GET', '/health/ready').catch(() => null))?.status === 200);
  return { child, port, base };
}

export interface WorkerProcess {
  child: Child;
  /** The worker's Prometheus text (its metrics port doubles as its readiness probe). */
  metrics(): Promise<string>;
}

/** `node dist/src/worker.js`, ready when its metrics server (started after the workers) answers. */
export async function startWorker(env: NodeJS.ProcessEnv, name = 'worker'): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawnChild(name, process.execPath, [WORKER_ENTRY], { ...env, WORKER_METRICS_PORT: String(port) });
  const metrics = async () => {
    const res = await send(`http://127.0.0.1:${port}`, 'GET', '/metrics');
    if (res.status !== 200) throw new Error(`${name} /metrics answered ${res.status}`);
    return res.text;
  };
  await startedOrThrow(child, 'metrics server', () => metrics().then(() => true, () => false));
  return { child, metrics };
}

/** Sum of a counter's series in Prometheus text (every label set). */
export function counterTotal(metricsText: string, name: string): number {
  return metricsText
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

export interface RedisProcess {
  port: number;
  url: string;
  child: Child;
  /** Stops it (SIGTERM; nothing is saved, so it comes back empty). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

const ping = (port: number) =>
  new Promise<boolean>((resolvePing) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolvePing(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => finish(d.toString().startsWith('+PONG')));
  });

/** A redis-server of the test's own, on a free port, keeping nothing on disk. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const redis: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    child: undefined as unknown as Child,
    stop: () => redis.child.stop(5000),
    start: async () => {
      redis.child = spawnChild(`redis-server :${port}`, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env);
      await startedOrThrow(redis.child, 'PONG', () => ping(port), 10_000);
    },
  };
  await redis.start();
  return redis;
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * One request; rejects on a connection error (refused, reset, closed before the answer), which
 * the specs tell apart from an answer. Without an agent every request has its own connection.
 */
export function send(base: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; agent?: Agent; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: options.agent ?? false,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: unknown = undefined;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolveAnswer({ status: res.statusCode!, headers: res.headers, text, body });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Bearer headers of the bootstrapped admin (the children share the tests' ADMIN_EMAIL/ADMIN_PASSWORD). */
export async function loginAdmin(base: string): Promise<Record<string, string>> {
  const res = await send(base, 'POST', '/api/v1/auth/login', { body: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD } });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
  return { Authorization: `Bearer ${res.body.accessToken}` };
}
