import { ComplaintStatus } from '../domain/complaint.enums';
import { CustomerTier } from '../domain/customer.enums';
import { RevisitKind, RevisitOutcome, StoredRevisitStatus } from './revisit-rules';

export interface AttemptView {
  seq: number;
  outcome: RevisitOutcome;
  satisfied: boolean | null;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  nextDueAt: Date | null;
  actor: { type: string; id: string | null; name: string | null };
  at: Date;
}

/** A revisit as the worklist and every change see it: its row, what the caller needs to know, its attempts. */
export interface RevisitView {
  id: string;
  complaintId: string;
  customerId: string;
  kind: RevisitKind;
  round: number;
  recoveryPlanId: string | null;
  status: StoredRevisitStatus;
  dueAt: Date;
  clockId: string | null;
  assigneeId: string | null;
  customerTier: CustomerTier;
  tierRank: number;
  resolutionNote: string | null;
  remedy: string | null;
  attemptCount: number;
  lastOutcome: RevisitOutcome | null;
  satisfied: boolean | null;
  csat: number | null;
  nps: number | null;
  endedAt: Date | null;
  endedReason: string | null;
  reopened: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  complaint: { reference: string; summary: string; status: ComplaintStatus };
  customer: { name: string | null; phone: string | null; tier: CustomerTier; preferredContactTime: string | null; phoneFlaggedAt: Date | null };
  /** The revisit clock's deadline and breach (null for recovery contacts). */
  sla: { dueAt: Date | null; breachedAt: Date | null; status: string } | null;
  attempts: AttemptView[];
}

/** The SELECT and joins of a revisit view; `r` is the revisit. */
export const REVISIT_VIEW_SELECT = `
  SELECT r.id, r.complaint_id, r.customer_id, r.kind, r.round, r.recovery_plan_id, r.status, r.due_at, r.clock_id, r.assignee_id, r.customer_tier, r.tier_rank,
         r.resolution_note, r.remedy, r.attempt_count, r.last_outcome, r.satisfied, r.csat, r.nps, r.ended_at, r.ended_reason, r.reopened, r.version, r.created_at, r.updated_at,
         c.reference AS c_reference, c.summary AS c_summary, c.status AS c_status,
         cu.name AS cu_name, cu.phone AS cu_phone, cu.tier AS cu_tier, cu.preferred_contact_time AS cu_preferred_contact_time, cu.phone_flagged_at AS cu_phone_flagged_at,
         k.due_at AS k_due_at, k.breached_at AS k_breached_at, k.status AS k_status,
         COALESCE((SELECT json_agg(json_build_object('seq', a.seq, 'outcome', a.outcome, 'satisfied', a.satisfied, 'csat', a.csat, 'nps', a.nps, 'comment', a.comment,
                                                     'nextDueAt', a.next_due_at, 'actorType', a.actor_type, 'actorId', a.actor_id, 'actorName', a.actor_name, 'at', a.at) ORDER BY a.seq)
                     FROM revisit_attempts a WHERE a.revisit_id = r.id), '[]') AS attempts
    FROM revisits r
    JOIN complaints c ON c.id = r.complaint_id
    JOIN customers cu ON cu.id = r.customer_id
    LEFT JOIN sla_clocks k ON k.id = r.clock_id`;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function revisitViewFromRow(r: Record<string, unknown>): RevisitView {
  const attempts = (r.attempts as Record<string, unknown>[]).map(
    (a): AttemptView => ({
      seq: Number(a.seq),
      outcome: a.outcome as RevisitOutcome,
      satisfied: (a.satisfied as boolean | null) ?? null,
      csat: (a.csat as number | null) ?? null,
      nps: (a.nps as number | null) ?? null,
      comment: (a.comment as string | null) ?? null,
      nextDueAt: date(a.nextDueAt),
      actor: { type: a.actorType as string, id: (a.actorId as string | null) ?? null, name: (a.actorName as string | null) ?? null },
      at: new Date(a.at as string),
    }),
  );
  return {
    id: r.id as string,
    complaintId: r.complaint_id as string,
    customerId: r.customer_id as string,
    kind: r.kind as RevisitKind,
    round: Number(r.round),
    recoveryPlanId: (r.recovery_plan_id as string | null) ?? null,
    status: r.status as StoredRevisitStatus,
    dueAt: new Date(r.due_at as string),
    clockId: (r.clock_id as string | null) ?? null,
    assigneeId: (r.assignee_id as string | null) ?? null,
    customerTier: r.customer_tier as CustomerTier,
    tierRank: Number(r.tier_rank),
    resolutionNote: (r.resolution_note as string | null) ?? null,
    remedy: (r.remedy as string | null) ?? null,
    attemptCount: Number(r.attempt_count),
    lastOutcome: (r.last_outcome as RevisitOutcome | null) ?? null,
    satisfied: (r.satisfied as boolean | null) ?? null,
    csat: (r.csat as number | null) ?? null,
    nps: (r.nps as number | null) ?? null,
    endedAt: date(r.ended_at),
    endedReason: (r.ended_reason as string | null) ?? null,
    reopened: r.reopened as boolean,
    version: Number(r.version),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    complaint: { reference: r.c_reference as string, summary: r.c_summary as string, status: r.c_status as ComplaintStatus },
    customer: {
      name: (r.cu_name as string | null) ?? null,
      phone: (r.cu_phone as string | null) ?? null,
      tier: r.cu_tier as CustomerTier,
      preferredContactTime: (r.cu_preferred_contact_time as string | null) ?? null,
      phoneFlaggedAt: date(r.cu_phone_flagged_at),
    },
    sla: r.clock_id ? { dueAt: date(r.k_due_at), breachedAt: date(r.k_breached_at), status: (r.k_status as string) ?? 'stopped' } : null,
    attempts,
  };
}
