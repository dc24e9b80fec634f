import { Agent } from 'node:http';
import { Client } from 'pg';
import { complaintBody } from '../support/complaint-body';
import { connectWorkerDatabase, halfWrittenComplaints, sqlOn } from '../support/consistency';
import { ensureBuilt, freePort, loginAdmin, send, serviceEnv, sleep, startApi, stopChildren, uniqueQueuePrefix } from '../support/processes';

interface Outcome {
  started: number;
  ended: number;
  status?: number;
  id?: string;
  /** A connection error: refused, reset, or closed before the answer. */
  error?: string;
}

/**
 * An API process restarted under load (SIGTERM, then a new process on the same port), as a
 * deployment does: every POST answered 201 is in the database, requests in flight when the
 * signal came complete or fail as connections (never a 5xx), and no complaint is half-written.
 */
describe('API process restarted under load (e2e)', () => {
  let db: Client;

  beforeAll(async () => {
    await ensureBuilt();
    db = await connectWorkerDatabase();
  }, 240_000);
  afterAll(async () => {
    await stopChildren();
    await db?.end();
  });

  it('loses no acknowledged intake across a SIGTERM and a new process', async () => {
    const env = serviceEnv({ PORT: String(await freePort()), QUEUE_PREFIX: uniqueQueuePrefix('rs'), SHUTDOWN_GRACE_SECONDS: '5' });
    const first = await startApi(env, 'api 1');
    const admin = await loginAdmin(first.base);
    const sql = sqlOn(db);
    const [{ since }] = await sql(`SELECT now() AS since`);

    // Keep-alive clients, as a load balancer's: graceful shutdown has to tell them to close.
    const agent = new Agent({ keepAlive: true, maxSockets: 6 });
    const outcomes: Outcome[] = [];
    let loading = true;
    const loop = async () => {
      while (loading) {
        const started = Date.now();
        try {
          const res = await send(first.base, 'POST', '/api/v1/complaints', { headers: admin, body: complaintBody(), agent, timeoutMs: 15_000 });
          outcomes.push({ started, ended: Date.now(), status: res.status, id: res.body?.id });
        } catch (error) {
          outcomes.push({ started, ended: Date.now(), error: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
          await sleep(50); // nothing listens while the new process starts
        }
      }
    };
    const loops = Array.from({ length: 6 }, loop);

    await sleep(2000);
    const signalled = Date.now();
    first.child.signal('SIGTERM');
    await first.child.exited;
    const exitedAfter = Date.now() - signalled;
    const second = await startApi(env, 'api 2');
    const restarted = Date.now();
    await sleep(2000);
    loading = false;
    await Promise.all(loops);
    agent.destroy();

    // The first process finished within its grace period, and both processes took complaints in.
    expect(exitedAfter).toBeLessThan(5000 + 3000);
    const acknowledged = outcomes.filter((o) => o.status === 201);
    expect(acknowledged.filter((o) => o.ended < signalled).length).toBeGreaterThan(0);
    expect(acknowledged.filter((o) => o.started > restarted).length).toBeGreaterThan(0);
    // Every request was answered 201 or failed as a connection; those in flight at the signal were finished.
    expect(outcomes.filter((o) => o.status !== undefined && o.status !== 201)).toEqual([]);
    expect(outcomes.filter((o) => o.error === undefined && o.status === undefined)).toEqual([]);
    expect(acknowledged.filter((o) => o.started < signalled && o.ended > signalled).length).toBeGreaterThan(0);

    const ids = acknowledged.map((o) => o.id!);
    const stored: { id: string }[] = await sql(`SELECT id FROM complaints WHERE created_at >= $1`, [since]);
    const storedIds = new Set(stored.map((r) => r.id));
    expect(ids.filter((id) => !storedIds.has(id))).toEqual([]);
    // A complaint the client never heard of can only come from a request that failed as a connection.
    expect(stored.length - ids.length).toBeLessThanOrEqual(outcomes.filter((o) => o.error).length);
    expect(await halfWrittenComplaints(sql, since)).toEqual([]);
    await second.child.stop();
  }, 120_000);
});
