import { Client } from 'pg';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-events';
import { complaintBody } from '../support/complaint-body';
import { auditFirings, connectWorkerDatabase, sqlOn } from '../support/consistency';
import { ApiProcess, ensureBuilt, loginAdmin, RedisProcess, send, serviceEnv, sleep, startApi, startRedis, stopChildren, uniqueQueuePrefix, waitUntil } from '../support/processes';
import { Receiver } from '../webhooks/receiver';

/** How long Redis stays down; FAULTS_REDIS_OUTAGE_SECONDS=60 for a longer run. */
const OUTAGE_MS = Number(process.env.FAULTS_REDIS_OUTAGE_SECONDS || 10) * 1000;

/**
 * Redis stopped while complaints are taken in and their deadlines fall due, then started again
 * empty (it keeps nothing on disk), under an API process running the workers in-process (the
 * one-machine setup): intake answers 201 within a second throughout; once Redis is back every
 * deadline has fired exactly once and every webhook event has reached the receiver, in order.
 */
describe('Redis stopped and started again under load (e2e)', () => {
  let redis: RedisProcess;
  let api: ApiProcess;
  let admin: Record<string, string>;
  let db: Client;
  let receiver: Receiver;
  let policyId: string | undefined;
  let webhookId: string | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    db = await connectWorkerDatabase();
    [redis, receiver] = await Promise.all([startRedis(), new Receiver().start()]);
    api = await startApi(
      serviceEnv({ REDIS_URL: redis.url, QUEUE_PREFIX: uniqueQueuePrefix('rd'), RUN_WORKERS: 'true', SLA_RECONCILE_SECONDS: '2', WEBHOOK_RECONCILE_SECONDS: '2' }),
    );
    admin = await loginAdmin(api.base);
    const policy = await send(api.base, 'POST', '/api/v1/sla-policies', {
      headers: admin,
      body: {
        name: 'faults: Redis outage',
        match: { channel: 'web', customerTier: 'standard' },
        rank: -900,
        acknowledgeWithinSeconds: 2,
        resolveWithinSeconds: 5,
        warnAtRatio: 0.5,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      },
    });
    expect({ status: policy.status, body: policy.body }).toMatchObject({ status: 201 });
    policyId = policy.body.id;
    const webhook = await send(api.base, 'POST', '/api/v1/webhooks', { headers: admin, body: { url: receiver.url, events: [...WEBHOOK_EVENT_TYPES] } });
    expect({ status: webhook.status, body: webhook.body }).toMatchObject({ status: 201 });
    webhookId = webhook.body.id;
  }, 240_000);

  afterAll(async () => {
    await stopChildren();
    await receiver?.stop();
    if (policyId) await db.query(`UPDATE sla_policies SET active = false WHERE id = $1`, [policyId]);
    if (webhookId) await db.query(`DELETE FROM webhooks WHERE id = $1`, [webhookId]);
    await db?.end();
  });

  it(`keeps taking complaints in within 1 s while Redis is down for ${OUTAGE_MS / 1000} s; afterwards every deadline fires once and every event is delivered`, async () => {
    const answers: { at: number; ms: number; status: number; id?: string; redisDown: boolean }[] = [];
    let redisDown = false;
    let loading = true;
    const load = (async () => {
      while (loading) {
        const started = Date.now();
        const down = redisDown;
        const res = await send(api.base, 'POST', '/api/v1/complaints', {
          headers: admin,
          body: complaintBody({ channel: 'web', customer: { externalRef: `rd-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, name: '王五', tier: 'standard' } }),
        });
        answers.push({ at: started, ms: Date.now() - started, status: res.status, id: res.body?.id, redisDown: down && redisDown });
        await sleep(150);
      }
    })();

    await sleep(1500);
    await redis.stop();
    redisDown = true;
    const outageEnds = Date.now() + OUTAGE_MS;
    // Readiness says so, promptly: the outage is real.
    const ready = await send(api.base, 'GET', '/health/ready');
    expect({ status: ready.status, redis: ready.body?.checks?.redis?.status }).toEqual({ status: 503, redis: 'down' });
    await sleep(outageEnds - Date.now());
    await redis.start();
    redisDown = false;
    await sleep(1000);
    loading = false;
    await load;

    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    expect(answers.filter((a) => a.ms >= 1000)).toEqual([]);
    expect(answers.filter((a) => a.redisDown).length).toBeGreaterThanOrEqual(3);
    const ids = answers.map((a) => a.id!);

    const sql = sqlOn(db);
    const audit = await waitUntil('every deadline fired', async () => {
      const a = await auditFirings(sql, ids);
      return a.dueUnfired === 0 && a.pending === 0 && a;
    }, 60_000, 250);
    expect(audit.duplicated).toEqual([]);
    expect(audit.mismatched).toEqual([]);
    const [{ breaches }] = await sql(`SELECT count(*)::int AS breaches FROM complaint_events WHERE complaint_id = ANY($1) AND type = 'sla_breached'`, [ids]);
    expect(breaches).toBe(ids.length * 2); // acknowledge and resolve

    // Every outbox event of these complaints reached the receiver (at least once, same webhook-id), in each complaint's order.
    const events: { id: string; complaint_id: string; sequence: number }[] = await sql(`SELECT id, complaint_id, sequence FROM outbox_events WHERE complaint_id = ANY($1)`, [ids]);
    expect(events.length).toBeGreaterThanOrEqual(ids.length * 5); // created, two breaches, two escalations, and the warnings not overtaken
    await waitUntil('every event delivered', () => {
      const got = new Set(receiver.delivered.map((r) => r.headers['webhook-id']));
      return events.every((e) => got.has(e.id));
    }, 60_000, 250);
    for (const id of ids) {
      const firstArrivals = [...new Set(receiver.of(id).map((r) => r.message.data.sequence))];
      expect(firstArrivals).toEqual(events.filter((e) => e.complaint_id === id).map((e) => e.sequence).sort((a, b) => a - b));
    }
  }, 180_000);
});
