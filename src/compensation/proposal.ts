import { CompensationType, ProposalStatus } from './compensation.enums';
import type { FulfilmentState } from './compensation-fulfilment.entity';

/** A proposal as the module works with it: camel-cased, money as integers. */
export interface Proposal {
  id: string;
  complaintId: string;
  customerId: string;
  teamId: string | null;
  customerTier: string;
  type: CompensationType;
  amount: number | null;
  currency: string | null;
  points: number | null;
  value: number;
  valueCurrency: string;
  description: string;
  rationale: string;
  needs: string[];
  status: ProposalStatus;
  requiredApproverRole: string | null;
  ruleReasons: string[];
  proposedByType: string;
  proposedById: string | null;
  proposedByName: string | null;
  proposedByRole: string;
  decidedById: string | null;
  decidedByName: string | null;
  decidedByRole: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  approvedAt: Date | null;
  offeredAt: Date | null;
  customerDecidedAt: Date | null;
  customerDecisionReason: string | null;
  fulfilledAt: Date | null;
  fulfilmentReference: string | null;
  fulfilledManually: boolean | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface FulfilmentView {
  status: FulfilmentState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  providerReference: string | null;
  completedAt: Date | null;
}

export type ProposalWithFulfilment = Proposal & { fulfilment: FulfilmentView | null };

/** Column of each field. */
export const PROPOSAL_COLUMNS: Readonly<Record<keyof Proposal, string>> = {
  id: 'id',
  complaintId: 'complaint_id',
  customerId: 'customer_id',
  teamId: 'team_id',
  customerTier: 'customer_tier',
  type: 'type',
  amount: 'amount',
  currency: 'currency',
  points: 'points',
  value: 'value',
  valueCurrency: 'value_currency',
  description: 'description',
  rationale: 'rationale',
  needs: 'needs',
  status: 'status',
  requiredApproverRole: 'required_approver_role',
  ruleReasons: 'rule_reasons',
  proposedByType: 'proposed_by_type',
  proposedById: 'proposed_by_id',
  proposedByName: 'proposed_by_name',
  proposedByRole: 'proposed_by_role',
  decidedById: 'decided_by_id',
  decidedByName: 'decided_by_name',
  decidedByRole: 'decided_by_role',
  decidedAt: 'decided_at',
  decisionReason: 'decision_reason',
  approvedAt: 'approved_at',
  offeredAt: 'offered_at',
  customerDecidedAt: 'customer_decided_at',
  customerDecisionReason: 'customer_decision_reason',
  fulfilledAt: 'fulfilled_at',
  fulfilmentReference: 'fulfilment_reference',
  fulfilledManually: 'fulfilled_manually',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const PROPOSAL_FIELDS = Object.keys(PROPOSAL_COLUMNS) as (keyof Proposal)[];
const BIGINT_FIELDS: readonly (keyof Proposal)[] = ['amount', 'points', 'value'];

/** SQL casts for the typed columns (parameters are sent as text). */
export const PROPOSAL_CASTS: Partial<Record<keyof Proposal, string>> = {
  needs: '::text[]',
  ruleReasons: '::jsonb',
  amount: '::bigint',
  points: '::bigint',
  value: '::bigint',
};

export const PROPOSAL_SELECT = `SELECT ${PROPOSAL_FIELDS.map((f) => `p.${PROPOSAL_COLUMNS[f]}`).join(', ')},
       f.status AS f_status, f.attempts AS f_attempts, f.next_attempt_at AS f_next_attempt_at, f.last_error AS f_last_error,
       f.provider_reference AS f_provider_reference, f.completed_at AS f_completed_at
  FROM compensation_proposals p
  LEFT JOIN compensation_fulfilments f ON f.proposal_id = p.id`;

export function proposalFromRow(row: Record<string, unknown>): ProposalWithFulfilment {
  const p = {} as Record<string, unknown>;
  for (const f of PROPOSAL_FIELDS) {
    const v = row[PROPOSAL_COLUMNS[f]];
    p[f] = BIGINT_FIELDS.includes(f) && v !== null && v !== undefined ? Number(v) : v;
  }
  p.fulfilment =
    row.f_status == null
      ? null
      : {
          status: row.f_status,
          attempts: row.f_attempts,
          nextAttemptAt: row.f_next_attempt_at,
          lastError: row.f_last_error,
          providerReference: row.f_provider_reference,
          completedAt: row.f_completed_at,
        };
  return p as unknown as ProposalWithFulfilment;
}

/** A parameter value for a field (arrays and JSON as PostgreSQL expects them). */
export function proposalParam(field: keyof Proposal, value: unknown): unknown {
  if (field === 'ruleReasons') return JSON.stringify(value);
  if (BIGINT_FIELDS.includes(field) && value !== null && value !== undefined) return String(value);
  return value;
}
