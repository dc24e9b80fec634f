import { ClockKind, ClockState, RevisitCall } from './clock/complaint-clock';

/** A fired or pending moment of a clock, as sla_firings keeps it. */
export interface FiringRecord {
  firing: string;
  dueAt: Date;
  firedAt: Date | null;
}

/** One clock of a complaint with its firings: what every clock change reads and writes. */
export interface ClockRecord {
  id: string;
  complaintId: string;
  policyId: string | null;
  calendarId: string | null;
  state: ClockState;
  breachedAt: Date | null;
  firings: FiringRecord[];
}

/** The clocks of a complaint with their firings, in one statement; locks the clock rows. */
export const CLOCKS_OF_COMPLAINT_SQL = `
  SELECT k.id, k.complaint_id, k.kind, k.status, k.policy_id, k.calendar_id, k.started_at, k.target_seconds, k.paused_business_seconds,
         k.paused_at, k.stopped_at, k.pauses, k.warn_at_ratio, k.escalation, k.revisit_call, k.breached_at,
         COALESCE((SELECT json_agg(json_build_object('firing', f.firing, 'dueAt', f.due_at, 'firedAt', f.fired_at)) FROM sla_firings f WHERE f.clock_id = k.id), '[]') AS firings
    FROM sla_clocks k
   WHERE k.complaint_id = ANY($1)
   ORDER BY k.complaint_id, k.started_at, k.created_at
   FOR UPDATE OF k`;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function clockRecordFromRow(r: Record<string, unknown>): ClockRecord {
  const pauses = (r.pauses as { from: string; to: string | null }[]) ?? [];
  return {
    id: r.id as string,
    complaintId: r.complaint_id as string,
    policyId: (r.policy_id as string | null) ?? null,
    calendarId: (r.calendar_id as string | null) ?? null,
    breachedAt: date(r.breached_at),
    state: {
      kind: r.kind as ClockKind,
      status: r.status as ClockState['status'],
      startedAt: date(r.started_at)!,
      targetSeconds: Number(r.target_seconds),
      pausedBusinessSeconds: Number(r.paused_business_seconds),
      pausedAt: date(r.paused_at),
      stoppedAt: date(r.stopped_at),
      pauses: pauses.map((p) => ({ from: new Date(p.from), to: date(p.to) })),
      warnAtRatio: Number(r.warn_at_ratio),
      escalation: (r.escalation as ClockState['escalation']) ?? [],
      call: revisitCallFromJson(r.revisit_call),
    },
    firings: ((r.firings as { firing: string; dueAt: string; firedAt: string | null }[]) ?? []).map((f) => ({
      firing: f.firing,
      dueAt: new Date(f.dueAt),
      firedAt: date(f.firedAt),
    })),
  };
}

/** `sla_clocks.revisit_call` as stored (jsonb, `at` an ISO string). */
export interface StoredRevisitCall {
  at: string;
  revisitId: string;
  round: number;
  attempt: number;
  assigneeId: string | null;
}

export function revisitCallFromJson(v: unknown): RevisitCall | null {
  if (v === null || v === undefined) return null;
  const c = v as StoredRevisitCall;
  return { at: new Date(c.at), revisitId: c.revisitId, round: Number(c.round), attempt: Number(c.attempt), assigneeId: c.assigneeId ?? null };
}

export function revisitCallToJson(call: RevisitCall | null | undefined): string | null {
  if (!call) return null;
  const stored: StoredRevisitCall = { at: call.at.toISOString(), revisitId: call.revisitId, round: call.round, attempt: call.attempt, assigneeId: call.assigneeId };
  return JSON.stringify(stored);
}
