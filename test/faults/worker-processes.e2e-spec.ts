import { Client } from 'pg';
import { complaintBody } from '../support/complaint-body';
import { auditFirings, connectWorkerDatabase, Query, sqlOn } from '../support/consistency';
import { ApiProcess, counterTotal, ensureBuilt, loginAdmin, send, serviceEnv, sleep, startApi, startWorker, stopChildren, uniqueQueuePrefix, waitUntil, WorkerProcess } from '../support/processes';
import { databaseUrl, workerDatabase } from '../support/test-env';

/**
 * Deadline workers as separate processes (`node dist/src/worker.js`) killed and racing. The
 * complaints are taken in through an API process; a policy of this spec makes each one's
 * acknowledge warning fall due 2 s after intake and its breach and first escalation 4 s after.
 */
describe('worker processes killed and racing (e2e)', () => {
  let api: ApiProcess;
  let admin: Record<string, string>;
  let db: Client;
  let sql: Query;
  let policyId: string | undefined;
  let holder: Client | undefined;
  const env = serviceEnv({ QUEUE_PREFIX: uniqueQueuePrefix('wk'), SLA_RECONCILE_SECONDS: '2', DATABASE_POOL_SIZE: '6' });
  const FIRINGS = ['sla_warning', 'sla_breached', 'escalated'];

  const intake = async () => {
    const res = await send(api.base, 'POST', '/api/v1/complaints', {
      headers: admin,
      body: complaintBody({ channel: 'web', customer: { externalRef: `wk-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, name: '李四', tier: 'silver' } }),
    });
    if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${res.text}`);
    return res.body as { id: string };
  };
  /** `count` intakes, `concurrency` at a time; `then` runs on each as it is answered. */
  const intakeMany = async (count: number, concurrency = 8, then: (id: string) => Promise<unknown> = async () => undefined) => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next++;
          const { id } = await intake();
          ids.push(id);
          await then(id);
        }
      }),
    );
    return ids;
  };
  const acknowledgeBreachesFired = async (ids: string[]): Promise<number> =>
    (
      await sql(
        `SELECT count(*)::int AS n FROM sla_firings f JOIN sla_clocks k ON k.id = f.clock_id
          WHERE f.complaint_id = ANY($1) AND k.kind = 'acknowledge' AND f.firing = 'breach' AND f.fired_at IS NOT NULL`,
        [ids],
      )
    )[0].n;
  const workerEnv = (name: string) => ({ ...env, DATABASE_URL: `${databaseUrl(workerDatabase())}?application_name=${name}` });

  beforeAll(async () => {
    await ensureBuilt();
    db = await connectWorkerDatabase();
    sql = sqlOn(db);
    api = await startApi(env);
    admin = await loginAdmin(api.base);
    const policy = await send(api.base, 'POST', '/api/v1/sla-policies', {
      headers: admin,
      body: {
        name: 'faults: worker processes',
        match: { channel: 'web', customerTier: 'silver' },
        rank: -900,
        acknowledgeWithinSeconds: 4,
        resolveWithinSeconds: 3600,
        warnAtRatio: 0.5,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      },
    });
    expect({ status: policy.status, body: policy.body }).toMatchObject({ status: 201 });
    policyId = policy.body.id;
  }, 240_000);

  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await stopChildren();
    if (policyId) await db.query(`UPDATE sla_policies SET active = false WHERE id = $1`, [policyId]);
    await db?.end();
  });

  it('a worker SIGKILLed in the middle of a sweep leaves nothing of it; a second worker fires every due moment exactly once', async () => {
    const first = await startWorker(workerEnv('faults-worker-1'), 'worker 1');

    // Wave A: fired and committed by the first worker.
    const waveA = await intakeMany(100);
    await waitUntil('wave A fired', async () => (await acknowledgeBreachesFired(waveA)) === 100, 30_000, 200);

    // Wave B: this connection locks each complaint's firing rows as soon as it is taken in, so
    // the first worker's sweep locks the complaints, computes their effects and then waits
    // inside its one write statement, holding an open transaction, until the lock goes.
    holder = new Client({ connectionString: databaseUrl(workerDatabase()) });
    holder.on('error', () => undefined); // ended by the teardown if the test fails first
    await holder.connect();
    await holder.query('BEGIN');
    const holderPid = (await holder.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
    let locking = Promise.resolve();
    const lockFirings = (id: string) => (locking = locking.then(() => holder!.query(`SELECT 1 FROM sla_firings WHERE complaint_id = $1 FOR UPDATE`, [id]).then(() => undefined)));
    const waveB = await intakeMany(100, 8, lockFirings);
    await sleep(4300); // every acknowledge moment of wave B is now due
    const blocked = await waitUntil(
      'the first worker blocked in a sweep',
      async () => (await sql(`SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'faults-worker-1' AND $1 = ANY(pg_blocking_pids(pid))`, [holderPid]))[0],
      30_000,
      200,
    );
    expect(blocked.query).toMatch(/INSERT INTO complaint_events/); // the sweep's one write statement

    first.child.signal('SIGKILL');
    expect((await first.child.exited).signal).toBe('SIGKILL');
    await holder.query('ROLLBACK');
    await holder.end();
    holder = undefined;
    // The server ends the dead worker's sessions (their transactions roll back) once it notices the socket is gone.
    await waitUntil('the killed worker’s sessions gone', async () => (await sql(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'faults-worker-1'`)).length === 0, 30_000);
    const afterKill = await auditFirings(sql, waveB);
    expect(afterKill.fired).toBe(0);
    expect((await sql(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = ANY($1) AND type = ANY($2)`, [waveB, FIRINGS]))[0].n).toBe(0);

    const second = await startWorker(workerEnv('faults-worker-2'), 'worker 2');
    const audit = await waitUntil(
      'every due moment fired',
      async () => {
        const a = await auditFirings(sql, [...waveA, ...waveB]);
        return a.dueUnfired === 0 && a;
      },
      30_000,
      200,
    );
    expect(audit.duplicated).toEqual([]);
    expect(audit.mismatched).toEqual([]);
    const [{ breaches, escalations, levels }] = await sql(
      `SELECT count(*) FILTER (WHERE e.type = 'sla_breached')::int AS breaches, count(*) FILTER (WHERE e.type = 'escalated')::int AS escalations,
              (SELECT array_agg(DISTINCT escalation_level) FROM complaints WHERE id = ANY($1)) AS levels
         FROM complaint_events e WHERE e.complaint_id = ANY($1)`,
      [[...waveA, ...waveB]],
    );
    expect({ breaches, escalations, levels }).toEqual({ breaches: 200, escalations: 200, levels: [1] });
    await second.child.stop();
  }, 120_000);

  it('four worker processes released on the same 500 due complaints fire each moment once, and share the work', async () => {
    const workers: WorkerProcess[] = await Promise.all([1, 2, 3, 4].map((n) => startWorker(workerEnv(`faults-race-${n}`), `racer ${n}`)));
    // Their start-up passes fire whatever was due before; then the counters are the baseline.
    await waitUntil('nothing due before the race', async () => (await sql(`SELECT 1 FROM sla_firings WHERE fired_at IS NULL AND due_at <= now() LIMIT 1`)).length === 0);
    const firedBy = async (w: WorkerProcess) => {
      const text = await w.metrics();
      return ['sla_warnings_total', 'sla_breaches_total', 'sla_escalations_total'].reduce((n, name) => n + counterTotal(text, name), 0);
    };
    const before = await Promise.all(workers.map(firedBy));
    const [{ since }] = await sql(`SELECT now() AS since`);

    // Frozen while the deadlines fall due, then thawed together: all four start on the same backlog at once.
    for (const w of workers) w.child.signal('SIGSTOP');
    let ids: string[] = [];
    try {
      ids = await intakeMany(500, 10);
      await sleep(4300); // the last one's breach is due 4 s after it was taken in
      expect((await sql(`SELECT count(*)::int AS n FROM sla_firings WHERE complaint_id = ANY($1) AND firing = 'breach' AND fired_at IS NULL AND due_at <= now()`, [ids]))[0].n).toBe(500);
    } finally {
      for (const w of workers) w.child.signal('SIGCONT');
    }

    const audit = await waitUntil('every due moment fired', async () => {
      const a = await auditFirings(sql, ids);
      return a.dueUnfired === 0 && a;
    }, 60_000, 200);
    expect(audit.duplicated).toEqual([]);
    expect(audit.mismatched).toEqual([]);
    const [{ breaches, escalations }] = await sql(
      `SELECT count(*) FILTER (WHERE type = 'sla_breached')::int AS breaches, count(*) FILTER (WHERE type = 'escalated')::int AS escalations FROM complaint_events WHERE complaint_id = ANY($1)`,
      [ids],
    );
    expect({ breaches, escalations }).toEqual({ breaches: 500, escalations: 500 });
    // Each worker counts what it fired: together exactly the moments marked fired since, by more than one of them.
    const after = await Promise.all(workers.map(firedBy));
    const shares = after.map((n, i) => n - before[i]);
    const [{ firedSince }] = await sql(`SELECT count(*)::int AS "firedSince" FROM sla_firings WHERE fired_at >= $1`, [since]);
    expect(firedSince).toBeGreaterThanOrEqual(audit.fired);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(firedSince);
    expect(shares.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, 150_000);
});
