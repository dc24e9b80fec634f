import { Category, Channel, ComplaintStatus, Priority, Severity } from '../domain/complaint.enums';
import { CustomerTier, ValueSegment } from '../domain/customer.enums';
import { Dominant, Intensity, RiskFlag } from '../domain/triage-vocabulary';

/** The complaint's own columns, camel-cased. */
export interface ComplaintFields {
  id: string;
  reference: string;
  customerId: string;
  channel: Channel;
  category: Category;
  summary: string;
  description: string;
  desiredOutcome: string | null;
  severity: Severity;
  priority: Priority;
  status: ComplaintStatus;
  assigneeId: string | null;
  intakeActorType: string;
  intakeActorId: string | null;
  intakeActorName: string | null;
  escalationLevel: number;
  repeatOf: string | null;
  isRepeat: boolean;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  slaPolicyId: string | null;
  acknowledgeBy: Date | null;
  resolveBy: Date | null;
  slaBreached: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ComplaintCustomer {
  id: string;
  externalRef: string;
  name: string | null;
  tier: CustomerTier;
  valueSegment: ValueSegment | null;
  creditGrade: number | null;
}

/** The complaint's current triage (staff's confirmation, else the intake suggestion). */
export interface ComplaintTriageSummary {
  dominant: Dominant;
  emotionalIntensity: Intensity;
  riskFlags: RiskFlag[];
  confirmed: boolean;
}

/** A complaint as every read and change sees it: its columns, its customer and its triage. */
export interface ComplaintView extends ComplaintFields {
  customer: ComplaintCustomer;
  triage: ComplaintTriageSummary | null;
}

/** Column of each field (snake case), in the order reads select them. */
export const COMPLAINT_COLUMNS: Readonly<Record<keyof ComplaintFields, string>> = {
  id: 'id',
  reference: 'reference',
  customerId: 'customer_id',
  channel: 'channel',
  category: 'category',
  summary: 'summary',
  description: 'description',
  desiredOutcome: 'desired_outcome',
  severity: 'severity',
  priority: 'priority',
  status: 'status',
  assigneeId: 'assignee_id',
  intakeActorType: 'intake_actor_type',
  intakeActorId: 'intake_actor_id',
  intakeActorName: 'intake_actor_name',
  escalationLevel: 'escalation_level',
  repeatOf: 'repeat_of',
  isRepeat: 'is_repeat',
  receivedAt: 'received_at',
  acknowledgedAt: 'acknowledged_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  slaPolicyId: 'sla_policy_id',
  acknowledgeBy: 'acknowledge_by',
  resolveBy: 'resolve_by',
  slaBreached: 'sla_breached',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const FIELDS = Object.keys(COMPLAINT_COLUMNS) as (keyof ComplaintFields)[];

/** The SELECT list and joins of a complaint view; `c` is the complaint. */
export const COMPLAINT_VIEW_SELECT = `SELECT ${FIELDS.map((f) => `c.${COMPLAINT_COLUMNS[f]}`).join(', ')},
       cu.external_ref AS cu_external_ref, cu.name AS cu_name, cu.tier AS cu_tier, cu.value_segment AS cu_value_segment, cu.credit_grade AS cu_credit_grade,
       t.dominant AS t_dominant, t.emotional_intensity AS t_intensity, t.risk_flags AS t_risk_flags, (t.confirmed IS NOT NULL) AS t_confirmed
  FROM complaints c
  JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN complaint_triage t ON t.complaint_id = c.id`;

export function complaintViewFromRow(row: Record<string, unknown>): ComplaintView {
  const view = {} as Record<string, unknown>;
  for (const f of FIELDS) view[f] = row[COMPLAINT_COLUMNS[f]];
  view.customer = {
    id: row.customer_id,
    externalRef: row.cu_external_ref,
    name: row.cu_name,
    tier: row.cu_tier,
    valueSegment: row.cu_value_segment,
    creditGrade: row.cu_credit_grade,
  };
  view.triage =
    row.t_dominant == null
      ? null
      : { dominant: row.t_dominant, emotionalIntensity: row.t_intensity, riskFlags: row.t_risk_flags, confirmed: row.t_confirmed };
  return view as unknown as ComplaintView;
}
