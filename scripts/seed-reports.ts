/**
 * A realistic complaint history for the reports, generated inside PostgreSQL (set-based, a
 * fixed random seed), on a fresh database named by the script:
 *   npm run seed -- --complaints 1000000 [--months 12] [--database complaints_seed] [--drop]
 * The database is created (dropped first if it exists), migrated, seeded and kept (`--drop`
 * drops it at the end, e.g. for a timing run). Sign in as seed-admin@example.com /
 * Seed-Admin-Passw0rd! (a manager: seed-manager@example.com, same password).
 *
 * What it makes: customers by tier (diamond 2 %, platinum 5 %, gold 15 %, silver 28 %,
 * standard 50 %), 8 teams (a supervisor and 10 agents each), complaints spread over the
 * last `months` months across channels, categories and severities; their acknowledge and
 * resolve clocks under the default 24x7 policies (some acknowledged late, some resolved late,
 * a fifth of the resolve clocks paused while waiting for the customer, some still running,
 * some running past their deadline), regulator final-response clocks for regulator referrals,
 * timeline events (created, acknowledged, status changes, escalations of the breached ones,
 * reopens), repeats, and escalation levels. Clock rows follow the clock rules: due_at is the
 * start plus the target plus the pauses before it, elapsed_business_seconds what the clock
 * counted up to its stop.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/password';
import { buildDataSourceOptions } from '../src/database/typeorm-options';

const ADMIN_URL = process.env.SEED_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const SEED_PASSWORD = 'Seed-Admin-Passw0rd!';
export const SEED_ADMIN = 'seed-admin@example.com';
export const SEED_MANAGER = 'seed-manager@example.com';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function freshDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be [a-z0-9_]+`);
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const ds = new DataSource(buildDataSourceOptions(url));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return url;
}

const log = (what: string, started: number) => console.log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** Seeds `complaints` complaints over the last `months` months; returns nothing, logs each step. */
export async function seed(url: string, complaints: number, months: number): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    await db.query(sql, params);
    log(what, t);
  };
  const hash = await hashPassword(SEED_PASSWORD);
  const customers = Math.max(100, Math.round(complaints * 0.3));
  try {
    await db.query(`SELECT setseed(0.42)`);
    await db.query(`SET synchronous_commit = off`);
    await db.query(`SET maintenance_work_mem = '512MB'`);
    await db.query(`SET work_mem = '256MB'`);
    await step(
      'users: an admin, a manager, 8 supervisors with 10 agents each',
      `WITH sup AS (
         INSERT INTO users (email, name, role, password_hash, version)
         SELECT 'seed-supervisor' || g || '@example.com', '主管' || g || ' Supervisor ' || g, 'supervisor', $1, 1 FROM generate_series(1, 8) g
         RETURNING id, name)
       INSERT INTO users (email, name, role, supervisor_id, password_hash, version)
       SELECT 'seed-agent' || s.n || '-' || a || '@example.com', '坐席' || s.n || '-' || a || ' Agent', 'agent', s.id, $1, 1
         FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM sup) s CROSS JOIN generate_series(1, 10) a`,
      [hash],
    );
    await db.query(`INSERT INTO users (email, name, role, password_hash, version) VALUES ($1, 'Seed Admin', 'admin', $3, 1), ($2, '经理 Seed Manager', 'manager', $3, 1)`, [SEED_ADMIN, SEED_MANAGER, hash]);
    await step(
      `customers: ${customers}`,
      `INSERT INTO customers (external_ref, name, phone, tier, value_segment, tenure_months, credit_grade, version)
       SELECT 'seed-' || g, '客户' || g, '139' || lpad(g::text, 8, '0'),
              CASE WHEN r < 0.02 THEN 'diamond' WHEN r < 0.07 THEN 'platinum' WHEN r < 0.22 THEN 'gold' WHEN r < 0.50 THEN 'silver' ELSE 'standard' END,
              CASE WHEN r < 0.07 THEN 'A' WHEN r < 0.22 THEN 'B' WHEN r < 0.5 THEN 'C' ELSE 'D' END,
              (random() * 240)::int, 1 + (random() * 4)::int, 1
         FROM (SELECT g, random() AS r FROM generate_series(1, $1::int) g) x`,
      [customers],
    );
    // The base facts of each complaint, drawn once; everything else is derived from them.
    await step(
      `drawing ${complaints} complaints over ${months} months`,
      `CREATE UNLOGGED TABLE seed_base AS
       SELECT g, gen_random_uuid() AS id,
              now() - (random() * ($2::int * interval '30 days')) AS received_at,
              random() AS r_channel, random() AS r_cat, random() AS r_sev, random() AS r_ack, random() AS r_res, random() AS r_pause, random() AS r_state,
              random() AS r_rep, random() AS r_assignee, random() AS r_cust
         FROM generate_series(1, $1::int) g`,
      [complaints, months],
    );
    await db.query(`CREATE UNLOGGED TABLE seed_customers AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM customers`);
    await db.query(`ALTER TABLE seed_customers ADD PRIMARY KEY (n)`);
    await db.query(`CREATE UNLOGGED TABLE seed_agents AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE role = 'agent'`);
    await step(
      'deriving severity, targets, acknowledgement, resolution and pauses',
      `CREATE UNLOGGED TABLE seed_c AS
       SELECT b.*,
              (ARRAY['front_desk','call_center','web','email','social','regulator'])[1 + LEAST(5, floor(CASE WHEN r_channel < 0.97 THEN r_channel / 0.97 * 5 ELSE 5 END))::int] AS channel,
              (ARRAY['billing','network','service_attitude','product','price','benefit','process','other'])[1 + floor(r_cat * 8)::int] AS category,
              CASE WHEN r_sev < 0.80 THEN 'ordinary' WHEN r_sev < 0.95 THEN 'serious' ELSE 'major' END AS severity,
              CASE WHEN r_sev < 0.80 THEN 14400 WHEN r_sev < 0.95 THEN 3600 ELSE 1800 END AS ack_target,
              86400 AS res_target,
              -- acknowledgement delay: mostly well within the target, 8 % late
              CASE WHEN r_ack < 0.92 THEN r_ack / 0.92 * 0.9 ELSE 1 + (r_ack - 0.92) * 20 END AS ack_ratio,
              -- resolution (counted time as a share of the 24 h target): 85 % in time
              CASE WHEN r_res < 0.85 THEN 0.05 + r_res / 0.85 * 0.9 ELSE 1 + (r_res - 0.85) * 30 END AS res_ratio,
              -- a fifth wait for the customer once, 1 to 48 hours, starting within the first half of the target
              CASE WHEN r_pause < 0.2 THEN (3600 + r_pause * 5 * 47 * 3600)::int ELSE 0 END AS pause_s,
              r_pause * 0.5 AS pause_start_ratio,
              sc.id AS customer_id, sa.id AS assignee_id
         FROM seed_base b
         JOIN seed_customers sc ON sc.n = floor(b.r_cust * $1::int)::int
         JOIN seed_agents sa ON sa.n = floor(b.r_assignee * 80)::int`,
      [customers],
    );
    await db.query(`DROP TABLE seed_customers; DROP TABLE seed_agents`);
    await db.query(`DROP TABLE seed_base`);
    await step(
      'deriving instants',
      `CREATE UNLOGGED TABLE seed_k AS
       SELECT c.*,
              c.received_at + make_interval(secs => c.ack_target * c.ack_ratio) AS ack_at,
              c.received_at + make_interval(secs => c.ack_target) AS ack_due,
              -- the planned resolution: counted time plus the pause when it comes before it
              c.received_at + make_interval(secs => c.res_target * c.res_ratio + CASE WHEN c.pause_s > 0 AND c.pause_start_ratio < c.res_ratio THEN c.pause_s ELSE 0 END) AS res_at,
              c.received_at + make_interval(secs => c.res_target * c.pause_start_ratio) AS pause_from,
              c.received_at + make_interval(secs => c.res_target * c.pause_start_ratio + c.pause_s) AS pause_to
         FROM seed_c c`,
    );
    await db.query(`DROP TABLE seed_c`);
    await step(
      'complaint status and deadlines as of now',
      `CREATE UNLOGGED TABLE seed AS
       SELECT k.*, k.received_at + make_interval(secs => k.res_target + CASE WHEN k.has_pause THEN k.pause_s ELSE 0 END) AS res_due,
              k.has_pause AND k.pause_to > now() AND k.res_at > now() AS pausing,
              (k.ack_at <= now()) AS acked,
              CASE WHEN k.res_at > now() THEN CASE WHEN k.has_pause AND k.pause_to > now() THEN 'pending_customer'
                                                   WHEN k.ack_at <= now() THEN 'in_progress' ELSE 'new' END
                   WHEN k.r_state < 0.03 THEN 'withdrawn'
                   WHEN k.r_state < 0.60 AND k.res_at < now() - interval '3 days' THEN 'closed'
                   ELSE 'resolved' END AS status,
              'SEED-' || lpad(k.g::text, 9, '0') AS reference
         FROM (SELECT k.*, (k.pause_s > 0 AND k.pause_start_ratio < k.res_ratio AND k.pause_from <= now()) AS has_pause FROM seed_k k) k`,
    );
    await db.query(`DROP TABLE seed_k`);
    await db.query(`ALTER TABLE seed ADD PRIMARY KEY (id)`);
    await step(
      'complaints',
      `INSERT INTO complaints (id, reference, customer_id, channel, category, summary, description, severity, priority, status, assignee_id, intake_actor_type, intake_actor_id,
                               escalation_level, is_repeat, received_at, acknowledged_at, resolved_at, closed_at, acknowledge_by, resolve_by, sla_breached, created_at, updated_at, version)
       SELECT id, reference, customer_id, channel, category, '话费多扣了50元', '上个月账单多扣了50元,至今未处理。', severity,
              CASE severity WHEN 'major' THEN 'P1' WHEN 'serious' THEN 'P2' ELSE (ARRAY['P3','P4'])[1 + floor(r_cust * 2)::int] END,
              status, assignee_id, 'user', assignee_id,
              CASE WHEN res_at > res_due + interval '4 hours' AND res_due < now() THEN 2 WHEN (res_at > res_due AND res_due < now()) OR (ack_at > ack_due AND ack_due < now()) THEN 1 ELSE 0 END,
              r_rep < 0.12, received_at,
              CASE WHEN acked AND status <> 'withdrawn' THEN ack_at END,
              CASE WHEN status IN ('resolved', 'closed') THEN res_at END,
              CASE WHEN status = 'closed' THEN res_at + interval '3 days' END,
              ack_due, res_due,
              (ack_at > ack_due AND ack_due < now()) OR (res_at > res_due AND res_due < now()),
              received_at, now(), 1
         FROM seed`,
    );
    await step(
      'acknowledge and resolve clocks',
      `INSERT INTO sla_clocks (complaint_id, kind, status, started_at, target_seconds, paused_business_seconds, paused_at, stopped_at, pauses, warn_at_ratio, escalation, due_at, breached_at, elapsed_business_seconds)
       SELECT id, 'acknowledge', CASE WHEN acked OR status = 'withdrawn' THEN 'stopped' ELSE 'running' END, received_at, ack_target, 0, NULL,
              CASE WHEN acked THEN ack_at WHEN status = 'withdrawn' THEN res_at END, '[]'::jsonb, 0.75, '[]'::jsonb, ack_due, CASE WHEN ack_due < LEAST(ack_at, now()) THEN ack_due END,
              CASE WHEN acked THEN extract(epoch FROM ack_at - received_at) END
         FROM seed
       UNION ALL
       SELECT id, 'resolve',
              CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN 'stopped' WHEN pausing THEN 'paused' ELSE 'running' END,
              received_at, res_target,
              CASE WHEN has_pause AND NOT pausing THEN pause_s ELSE 0 END,
              CASE WHEN pausing THEN pause_from END,
              CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN res_at END,
              CASE WHEN has_pause THEN jsonb_build_array(jsonb_build_object('from', pause_from, 'to', CASE WHEN pausing THEN NULL ELSE pause_to END)) ELSE '[]'::jsonb END,
              0.75, '[{"level":1,"notifyRole":"supervisor","afterBreachSeconds":0},{"level":2,"notifyRole":"manager","afterBreachSeconds":14400}]'::jsonb,
              -- a pause in progress that began before the deadline leaves it undetermined
              CASE WHEN pausing THEN NULL ELSE res_due END,
              CASE WHEN NOT pausing AND res_due < LEAST(res_at, now()) THEN res_due END,
              CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN extract(epoch FROM res_at - received_at) - CASE WHEN has_pause THEN pause_s ELSE 0 END END
         FROM seed`,
    );
    await step(
      'regulator final-response clocks (15 days)',
      `INSERT INTO sla_clocks (complaint_id, kind, status, started_at, target_seconds, stopped_at, warn_at_ratio, due_at, elapsed_business_seconds)
       SELECT id, 'final_response', CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN 'stopped' ELSE 'running' END, received_at, 1296000,
              CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN res_at END, 0.75, received_at + interval '15 days',
              CASE WHEN status IN ('resolved', 'closed', 'withdrawn') THEN extract(epoch FROM res_at - received_at) END
         FROM seed WHERE channel = 'regulator'`,
    );
    await step(
      'timeline events',
      `INSERT INTO complaint_events (complaint_id, type, at, actor_type, actor_id, data)
       SELECT id, 'created', received_at, 'user', assignee_id, jsonb_build_object('channel', channel) FROM seed
       UNION ALL
       SELECT id, 'acknowledged', ack_at, 'user', assignee_id, '{}'::jsonb FROM seed WHERE acked AND status <> 'withdrawn'
       UNION ALL
       SELECT id, 'status_changed', res_at, 'user', assignee_id, jsonb_build_object('from', 'in_progress', 'to', CASE WHEN status = 'withdrawn' THEN 'withdrawn' ELSE 'resolved' END)
         FROM seed WHERE status IN ('resolved', 'closed', 'withdrawn')
       UNION ALL
       SELECT id, 'escalated', res_due, 'system', NULL, '{"clock":"resolve","firing":"escalation-1","level":1,"notifyRole":"supervisor"}'::jsonb
         FROM seed WHERE res_due < LEAST(res_at, now())
       UNION ALL
       SELECT id, 'escalated', res_due + interval '4 hours', 'system', NULL, '{"clock":"resolve","firing":"escalation-2","level":2,"notifyRole":"manager"}'::jsonb
         FROM seed WHERE res_due + interval '4 hours' < LEAST(res_at, now())
       UNION ALL
       SELECT id, 'reopened', res_at - interval '1 hour', 'user', assignee_id, '{"from":"resolved","to":"in_progress"}'::jsonb
         FROM seed WHERE status IN ('resolved', 'closed') AND r_state > 0.95`,
    );
    await db.query(`DROP TABLE seed`);
    await step('VACUUM ANALYZE', `VACUUM ANALYZE`);
    const counts = await db.query(`SELECT (SELECT count(*) FROM complaints) AS complaints, (SELECT count(*) FROM sla_clocks) AS clocks, (SELECT count(*) FROM complaint_events) AS events`);
    console.log(`  ${JSON.stringify(counts.rows[0])}`);
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const complaints = Number(arg('complaints', '100000'));
  const months = Number(arg('months', '12'));
  const name = arg('database', 'complaints_seed');
  if (!Number.isInteger(complaints) || complaints < 1) throw new Error('--complaints must be a positive integer');
  const started = Date.now();
  console.log(`seeding ${complaints} complaints over ${months} months into a fresh database "${name}"`);
  const url = await freshDatabase(name);
  await seed(url, complaints, months);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: DATABASE_URL=${url}; sign in as ${SEED_ADMIN} or ${SEED_MANAGER} / ${SEED_PASSWORD}`);
  if (process.argv.includes('--drop')) {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    console.log(`dropped "${name}"`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
