/**
 * The SQL of the manager reports: read-only, over the indexed base tables (complaints by
 * received_at and sla_clocks by kind and start, indexes that carry every column the reports
 * read, so both are index-only scans; complaint_events by complaint for the
 * escalated/reopened events). No clock starts before its complaint was received, so the
 * clocks of a period are read by `started_at >= from` as well as joined by complaint. Each rule of report-definitions.ts is one fragment here.
 *
 * Parameters shared by the period reports: $1 from (inclusive), $2 to (exclusive), $3 now
 * (the instant "still running past its deadline" is judged at), $4 the time zone of day/week/month.
 */

export const SLA_GROUPS = ['severity', 'priority', 'channel', 'category', 'assignee', 'team', 'tier', 'day', 'week', 'month'] as const;
export type SlaGroup = (typeof SLA_GROUPS)[number];

/** Team of a complaint: its assignee's supervisor; a supervisor or manager without one leads his own team. */
const TEAM = `COALESCE(u.supervisor_id, CASE WHEN u.role IN ('supervisor', 'manager') THEN u.id END)`;

/**
 * A clock (alias `k`) stopped after its deadline: stopped while paused after the deadline was
 * reached (its due_at is then set), or stopped after due_at (stopping at the deadline is in time).
 */
const stoppedLate = (k: string) => `((${k}.paused_at IS NOT NULL AND ${k}.due_at IS NOT NULL) OR (${k}.paused_at IS NULL AND ${k}.due_at < ${k}.stopped_at))`;

/** A missed clock as of $3: stopped late, or not stopped and past its deadline (a paused clock keeps due_at only when it was reached before the pause). */
export const missed = (k: string, now = '$3') => `(${k}.status = 'stopped' AND ${stoppedLate(k)} OR ${k}.status <> 'stopped' AND ${k}.due_at <= ${now})`;

/**
 * Outcome of an acknowledge or resolve clock: 'met', 'missed', 'open' (running before its
 * deadline), 'void' (stopped without the event it waits for, e.g. a withdrawal, before its
 * deadline), or null (no such clock). `done` says the clock stopped with its event.
 */
const outcome = (k: string, done: string) => `CASE
      WHEN ${k}.complaint_id IS NULL THEN NULL
      WHEN ${missed(k)} THEN 'missed'
      WHEN ${k}.status = 'stopped' AND ${done} THEN 'met'
      WHEN ${k}.status = 'stopped' THEN 'void'
      ELSE 'open' END`;

const RES_DONE = `(r.status = 'stopped' AND c.status IN ('resolved', 'closed'))`;

/** Percentile (nearest rank) of business seconds, rounded to the millisecond. */
const pct = (p: number, expr: string) => `round((percentile_disc(${p}) WITHIN GROUP (ORDER BY ${expr}))::numeric, 3)::float8`;

const ratio = (met: string, missedCount: string) => `CASE WHEN ${met} + ${missedCount} = 0 THEN NULL ELSE ${met}::float8 / (${met} + ${missedCount}) END`;

/**
 * How the SLA report groups: `key` is what the period's complaints are aggregated by (a column,
 * uuid or timestamp: cheap to hash, so the complaints are never sorted), `keyJoin` what it
 * needs per complaint; `group`, `label` and `labelJoin` turn each aggregated key `y.key` into
 * the reported group and its readable name.
 */
function slaGrouping(groupBy: SlaGroup): { key: string; keyJoin: string; group: string; label: string; labelJoin: string; order: string } {
  const plain = { keyJoin: '', group: 'y.key', label: 'y.key', labelJoin: '', order: '"group"' };
  switch (groupBy) {
    case 'severity':
    case 'priority':
    case 'channel':
    case 'category':
      return { ...plain, key: `c.${groupBy}` };
    case 'tier':
      return { ...plain, key: 'cu.tier', keyJoin: 'JOIN customers cu ON cu.id = c.customer_id' };
    case 'assignee':
      return { key: 'c.assignee_id', keyJoin: '', group: 'y.key::text', label: `COALESCE(u.name, 'unassigned')`, labelJoin: 'LEFT JOIN users u ON u.id = y.key', order: 'label, "group"' };
    case 'team':
      return { key: TEAM, keyJoin: 'LEFT JOIN users u ON u.id = c.assignee_id', group: 'y.key::text', label: `COALESCE(tl.name, 'no team')`, labelJoin: 'LEFT JOIN users tl ON tl.id = y.key', order: 'label, "group"' };
    case 'day':
      return { ...plain, key: `date_trunc('day', c.received_at AT TIME ZONE $4)`, group: `to_char(y.key, 'YYYY-MM-DD')`, label: 'NULL' };
    case 'week':
      return { ...plain, key: `date_trunc('week', c.received_at AT TIME ZONE $4)`, group: `to_char(y.key, 'YYYY-MM-DD')`, label: 'NULL' };
    case 'month':
      return { ...plain, key: `date_trunc('month', c.received_at AT TIME ZONE $4)`, group: `to_char(y.key, 'YYYY-MM')`, label: 'NULL' };
  }
}

/**
 * The acknowledge or resolve clocks of the period, reduced before the join to what the report
 * needs of each: stopped, missed (as of $3), and the business seconds it counted.
 */
const periodClocks = (kind: 'acknowledge' | 'resolve') => `(
          SELECT ck.complaint_id, ck.status = 'stopped' AS stopped, ${missed('ck')} IS TRUE AS missed, ck.elapsed_business_seconds AS seconds
            FROM sla_clocks ck
           -- No clock starts before its complaint was received: the lower bound lets the clocks be read by period too.
           WHERE ck.kind = '${kind}' AND ck.started_at >= $1)`;

/**
 * The SLA report. One pass over the period's complaints joined to their acknowledge and resolve
 * clocks aggregates per key, hashed (partially in each parallel worker): the counts, and the
 * business seconds of the clocks that stopped with their event collected into an array per key
 * (report_seconds: array_agg that parallel workers can combine). The percentiles are
 * percentile_disc over each key's array: the same nearest rank over the same seconds, with one
 * sort of each group's seconds instead of a sort of the period's complaints.
 */
export function slaReportSql(groupBy: SlaGroup): string {
  const g = slaGrouping(groupBy);
  const ackDone = `a.stopped AND c.acknowledged_at IS NOT NULL`;
  const resDone = `r.stopped AND c.status IN ('resolved', 'closed')`;
  const percentiles = (seconds: string) =>
    `(SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY s) AS p90 FROM unnest(y.${seconds}) s)`;
  return `
SELECT ${g.group} AS "group", COALESCE(${g.label}, ${g.group}) AS label,
       total::int, acknowledged::int, "acknowledgedOnTime"::int, "acknowledgeMissed"::int,
       ${ratio('"acknowledgedOnTime"', '"acknowledgeMissed"')} AS "acknowledgeCompliance",
       resolved::int, "resolvedOnTime"::int, "resolveMissed"::int,
       ${ratio('"resolvedOnTime"', '"resolveMissed"')} AS "resolveCompliance",
       breached::int, escalated::int,
       round(ap.p50::numeric, 3)::float8 AS "acknowledgeSecondsP50", round(ap.p90::numeric, 3)::float8 AS "acknowledgeSecondsP90",
       round(rp.p50::numeric, 3)::float8 AS "resolveSecondsP50", round(rp.p90::numeric, 3)::float8 AS "resolveSecondsP90"
  FROM (
    SELECT ${g.key} AS key,
           count(*) AS total,
           count(*) FILTER (WHERE ${ackDone}) AS acknowledged,
           count(*) FILTER (WHERE ${ackDone} AND NOT a.missed) AS "acknowledgedOnTime",
           count(*) FILTER (WHERE a.missed) AS "acknowledgeMissed",
           count(*) FILTER (WHERE ${resDone}) AS resolved,
           count(*) FILTER (WHERE ${resDone} AND NOT r.missed) AS "resolvedOnTime",
           count(*) FILTER (WHERE r.missed) AS "resolveMissed",
           count(*) FILTER (WHERE a.missed OR r.missed OR om.complaint_id IS NOT NULL) AS breached,
           count(*) FILTER (WHERE c.escalation_level > 0) AS escalated,
           report_seconds(a.seconds) FILTER (WHERE ${ackDone} AND a.seconds IS NOT NULL) AS ack_s,
           report_seconds(r.seconds) FILTER (WHERE ${resDone} AND r.seconds IS NOT NULL) AS res_s
      FROM complaints c
      ${g.keyJoin}
      LEFT JOIN ${periodClocks('acknowledge')} a ON a.complaint_id = c.id
      LEFT JOIN ${periodClocks('resolve')} r ON r.complaint_id = c.id
      -- Complaints with a missed update or final-response clock (few): a hashed set, not a lookup per complaint.
      LEFT JOIN (SELECT DISTINCT o.complaint_id FROM sla_clocks o
                  WHERE o.kind IN ('update', 'final_response') AND o.started_at >= $1 AND ${missed('o')}) om ON om.complaint_id = c.id
     WHERE c.received_at >= $1 AND c.received_at < $2
     GROUP BY 1
  ) y
  ${g.labelJoin}
  CROSS JOIN LATERAL ${percentiles('ack_s')} ap
  CROSS JOIN LATERAL ${percentiles('res_s')} rp
 ORDER BY ${g.order}`;
}

export const OPEN_STATUSES_SQL = `('new', 'acknowledged', 'in_progress', 'pending_customer')`;

export const AGE_BUCKETS = ['<1h', '1-4h', '4-24h', '1-3d', '3-7d', '7-30d', '>30d'] as const;

/** $1 from, $2 to, $3 now (open complaints now, received in [from, to)). */
export const BACKLOG_SQL = `
SELECT breached, "escalationLevel", "ageBucket", count(*)::int AS count, min(received_at) AS "oldestReceivedAt"
  FROM (
    SELECT c.received_at, c.escalation_level::int AS "escalationLevel",
           EXISTS (SELECT 1 FROM sla_clocks k WHERE k.complaint_id = c.id AND ${missed('k')}) AS breached,
           CASE WHEN age < interval '1 hour' THEN 0 WHEN age < interval '4 hours' THEN 1 WHEN age < interval '24 hours' THEN 2
                WHEN age < interval '3 days' THEN 3 WHEN age < interval '7 days' THEN 4 WHEN age < interval '30 days' THEN 5 ELSE 6 END AS bucket
      FROM complaints c CROSS JOIN LATERAL (SELECT $3::timestamptz - c.received_at AS age) t
     WHERE c.status IN ${OPEN_STATUSES_SQL} AND c.received_at >= $1 AND c.received_at < $2
  ) x
  CROSS JOIN LATERAL (SELECT (ARRAY[${AGE_BUCKETS.map((b) => `'${b}'`).join(', ')}])[bucket + 1] AS "ageBucket") b
 GROUP BY breached, "escalationLevel", bucket, "ageBucket"
 ORDER BY breached DESC, "escalationLevel" DESC, bucket`;

/** $1 from, $2 to. */
export const ESCALATIONS_SQL = `
WITH esc AS (
  SELECT c.id, c.status, c.assignee_id, (e.data->>'level')::int AS level, min(e.at) AS at
    FROM complaints c
    JOIN complaint_events e ON e.complaint_id = c.id AND e.type = 'escalated'
   WHERE c.received_at >= $1 AND c.received_at < $2 AND e.data ? 'level'
   GROUP BY c.id, c.status, c.assignee_id, (e.data->>'level')::int
), ended AS (
  SELECT esc.*, (SELECT min(s.at) FROM complaint_events s
                  WHERE s.complaint_id = esc.id AND s.type = 'status_changed' AND s.at >= esc.at
                    AND s.data->>'to' IN ('resolved', 'closed', 'withdrawn')) AS ended_at
    FROM esc
)
SELECT level, team, COALESCE(tl.name, 'no team') AS "teamName", escalations, deescalated, "stillEscalated", "deescalateSecondsP50", "deescalateSecondsP90"
  FROM (
    SELECT level, ${TEAM} AS team,
           count(*)::int AS escalations,
           count(*) FILTER (WHERE ended_at IS NOT NULL AND x.status IN ('resolved', 'closed', 'withdrawn'))::int AS deescalated,
           count(*) FILTER (WHERE x.status IN ${OPEN_STATUSES_SQL})::int AS "stillEscalated",
           ${pct(0.5, "CASE WHEN ended_at IS NOT NULL AND x.status IN ('resolved', 'closed', 'withdrawn') THEN extract(epoch FROM ended_at - x.at) END")} AS "deescalateSecondsP50",
           ${pct(0.9, "CASE WHEN ended_at IS NOT NULL AND x.status IN ('resolved', 'closed', 'withdrawn') THEN extract(epoch FROM ended_at - x.at) END")} AS "deescalateSecondsP90"
      FROM ended x
      LEFT JOIN users u ON u.id = x.assignee_id
     GROUP BY level, ${TEAM}
  ) y
  LEFT JOIN users tl ON tl.id = y.team
 ORDER BY level, "teamName", team`;

/** $1 from, $2 to. */
export const REPEAT_RATES_SQL = `
SELECT c.category, cu.tier, count(*)::int AS complaints, count(*) FILTER (WHERE c.is_repeat)::int AS repeats,
       count(*) FILTER (WHERE c.is_repeat)::float8 / count(*) AS "repeatRate"
  FROM complaints c JOIN customers cu ON cu.id = c.customer_id
 WHERE c.received_at >= $1 AND c.received_at < $2
 GROUP BY c.category, cu.tier
 ORDER BY c.category, cu.tier`;

/** $1 from, $2 to; the 50 customers with most repeats. */
export const REPEAT_CUSTOMERS_SQL = `
SELECT cu.id AS "customerId", cu.name AS "customerName", cu.external_ref AS "externalRef", cu.tier,
       x.complaints, x.repeats, x.repeats::float8 / x.complaints AS "repeatRate"
  FROM (SELECT c.customer_id, count(*)::int AS complaints, count(*) FILTER (WHERE c.is_repeat)::int AS repeats
          FROM complaints c
         WHERE c.received_at >= $1 AND c.received_at < $2
         GROUP BY c.customer_id
        HAVING count(*) FILTER (WHERE c.is_repeat) > 0) x
  JOIN customers cu ON cu.id = x.customer_id
 ORDER BY x.repeats DESC, x.complaints DESC, cu.id
 LIMIT 50`;

/** $1 from, $2 to, $3 now. */
export const AGENTS_SQL = `
SELECT u.id AS "assigneeId", u.name AS "assigneeName", complaints, handled,
       ${ratio('met', 'late')} AS "onTimeRatio", reopened,
       CASE WHEN handled = 0 THEN NULL ELSE reopened::float8 / handled END AS "reopenRatio",
       "csatAverage"
  FROM (
    SELECT c.assignee_id,
           count(*)::int AS complaints,
           count(*) FILTER (WHERE c.status IN ('resolved', 'closed'))::int AS handled,
           count(*) FILTER (WHERE ${outcome('r', RES_DONE)} = 'met')::int AS met,
           count(*) FILTER (WHERE ${outcome('r', RES_DONE)} = 'missed')::int AS late,
           count(*) FILTER (WHERE c.status IN ('resolved', 'closed')
                              AND EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'reopened'))::int AS reopened,
           (SELECT avg(v.csat)::float8 FROM revisits v
             WHERE v.complaint_id = ANY(array_agg(c.id)) AND v.csat IS NOT NULL) AS "csatAverage"
      FROM complaints c
      LEFT JOIN sla_clocks r ON r.complaint_id = c.id AND r.kind = 'resolve' AND r.started_at >= $1
     WHERE c.received_at >= $1 AND c.received_at < $2 AND c.assignee_id IS NOT NULL
     GROUP BY c.assignee_id
  ) x
  JOIN users u ON u.id = x.assignee_id
 ORDER BY u.name, u.id`;

/** $1 from, $2 to, $3 now; every missed clock, oldest complaint first. */
export const BREACHES_SQL = `
SELECT c.id AS "complaintId", c.reference, c.received_at AS "receivedAt", k.kind AS clock, k.due_at AS "dueAt", k.stopped_at AS "stoppedAt",
       round(extract(epoch FROM COALESCE(CASE WHEN k.status = 'stopped' THEN k.stopped_at END, $3::timestamptz) - k.due_at)::numeric, 3)::float8 AS "lateBySeconds",
       c.status, c.severity, c.channel, c.category, cu.tier, u.name AS "assigneeName", c.escalation_level::int AS "escalationLevel"
  FROM complaints c
  JOIN sla_clocks k ON k.complaint_id = c.id
  JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN users u ON u.id = c.assignee_id
 WHERE c.received_at >= $1 AND c.received_at < $2 AND ${missed('k')}
 ORDER BY c.received_at, c.id, k.started_at, k.kind`;
