import { Client } from 'pg';
import { databaseUrl, workerDatabase } from './test-env';

/** Rows of one statement; a TypeORM DataSource's `query` or `sqlOn(client)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

export const sqlOn = (client: Client): Query => async (sql, params) => (await client.query(sql, params)).rows;

/** A pg client on this jest worker's database (the one the child processes use). */
export async function connectWorkerDatabase(): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl(workerDatabase()) });
  await client.connect();
  return client;
}

export interface FiringAudit {
  /** Firing rows marked fired. */
  fired: number;
  /** Firing rows due (by the audit's time) and not fired. */
  dueUnfired: number;
  /** Firing rows not yet due. */
  pending: number;
  /** `complaint/clock/firing` with more than one timeline event. */
  duplicated: string[];
  /** Fired rows without their event, or an event whose row is not marked fired. */
  mismatched: string[];
}

/**
 * Every deadline moment of these complaints against the timeline: a fired `sla_firings` row has
 * exactly one sla_warning / sla_breached / escalated event, an unfired row none.
 */
export async function auditFirings(query: Query, complaintIds: string[]): Promise<FiringAudit> {
  const rows: { key: string; fired: boolean; due: boolean; events: number; has_row: boolean }[] = await query(
    `WITH f AS (
       SELECT f.complaint_id, k.kind AS clock, f.firing, f.fired_at, f.due_at
         FROM sla_firings f JOIN sla_clocks k ON k.id = f.clock_id
        WHERE f.complaint_id = ANY($1::uuid[])),
     e AS (
       SELECT complaint_id, data->>'clock' AS clock, data->>'firing' AS firing, count(*)::int AS n
         FROM complaint_events
        WHERE complaint_id = ANY($1::uuid[]) AND type IN ('sla_warning', 'sla_breached', 'escalated')
        GROUP BY 1, 2, 3)
     SELECT concat_ws('/', coalesce(f.complaint_id, e.complaint_id), coalesce(f.clock, e.clock), coalesce(f.firing, e.firing)) AS key,
            f.fired_at IS NOT NULL AS fired, coalesce(f.due_at <= now(), false) AS due, coalesce(e.n, 0) AS events, f.complaint_id IS NOT NULL AS has_row
       FROM f FULL JOIN e ON e.complaint_id = f.complaint_id AND e.clock = f.clock AND e.firing = f.firing`,
    [complaintIds],
  );
  return {
    fired: rows.filter((r) => r.fired).length,
    dueUnfired: rows.filter((r) => r.has_row && !r.fired && r.due).length,
    pending: rows.filter((r) => r.has_row && !r.fired && !r.due).length,
    duplicated: rows.filter((r) => r.events > 1).map((r) => r.key),
    mismatched: rows.filter((r) => (r.fired ? r.events !== 1 : r.events !== 0)).map((r) => r.key),
  };
}

/**
 * Complaints created since `since` that lack a part of their intake: the acknowledge and resolve
 * clocks, the `created` timeline event, the triage row, the outbox event. Intake writes them in
 * one statement, so a complaint has all of them or does not exist.
 */
export async function halfWrittenComplaints(query: Query, since: Date): Promise<string[]> {
  const rows: { id: string }[] = await query(
    `SELECT c.id FROM complaints c
      WHERE c.created_at >= $1 AND (
            NOT EXISTS (SELECT 1 FROM sla_clocks k WHERE k.complaint_id = c.id AND k.kind = 'acknowledge')
         OR NOT EXISTS (SELECT 1 FROM sla_clocks k WHERE k.complaint_id = c.id AND k.kind = 'resolve')
         OR NOT EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'created')
         OR NOT EXISTS (SELECT 1 FROM complaint_triage t WHERE t.complaint_id = c.id)
         OR NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.complaint_id = c.id AND o.type = 'complaint.created'))`,
    [since],
  );
  return rows.map((r) => r.id);
}
