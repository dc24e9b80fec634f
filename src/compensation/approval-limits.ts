import type { StaffRole } from '../common/actor/actor';

/**
 * Approval limits as data, and the one pure function set that applies them. Amounts are
 * integers in minor units of the limits' currency; `null` is unlimited.
 */
export const AUTHORITY_ROLES = ['agent', 'supervisor', 'manager', 'admin'] as const;
export type AuthorityRole = (typeof AUTHORITY_ROLES)[number];

export interface RoleLimit {
  role: AuthorityRole;
  /** Most one proposal may be worth; null = unlimited. */
  maxPerProposal: number | null;
  /** Most one customer may be given within a rolling 30 days (this proposal included); null = unlimited. */
  maxPerCustomer30Days: number | null;
}

export interface ApprovalLimits {
  currency: string;
  limits: RoleLimit[];
}

/** The seed: agent 50, supervisor 500, manager 5,000 CNY a proposal (twice that per customer in 30 days); admin unlimited. */
export const DEFAULT_LIMITS: ApprovalLimits = {
  currency: 'CNY',
  limits: [
    { role: 'agent', maxPerProposal: 5_000, maxPerCustomer30Days: 10_000 },
    { role: 'supervisor', maxPerProposal: 50_000, maxPerCustomer30Days: 100_000 },
    { role: 'manager', maxPerProposal: 500_000, maxPerCustomer30Days: 1_000_000 },
    { role: 'admin', maxPerProposal: null, maxPerCustomer30Days: null },
  ],
};

/** Whose limits a staff role acts with: front desk proposes within the agent's limit; the others with their own. */
export function authorityOf(role: StaffRole | string): AuthorityRole | null {
  if (role === 'front_desk') return 'agent';
  return (AUTHORITY_ROLES as readonly string[]).includes(role) ? (role as AuthorityRole) : null;
}

export function rankOf(role: AuthorityRole): number {
  return AUTHORITY_ROLES.indexOf(role);
}

/**
 * The limits of a role. A role the settings leave out has no authority of its own (0),
 * except admin, the top of the ladder, which is unlimited unless the settings say otherwise.
 */
export function limitOf(limits: ApprovalLimits, role: AuthorityRole): RoleLimit {
  const found = limits.limits.find((l) => l.role === role);
  if (found) return found;
  return role === 'admin' ? { role, maxPerProposal: null, maxPerCustomer30Days: null } : { role, maxPerProposal: 0, maxPerCustomer30Days: 0 };
}

/** What a proposal asks for, in the limits' currency. */
export interface ProposalAmount {
  /** The proposal's value (minor units). */
  value: number;
  /** What the customer was already given in the last 30 days (approved, offered, accepted, fulfilled proposals), this one excluded. */
  customer30Days: number;
}

/** Whether a role's limits cover the proposal: its value per proposal, and the customer's 30-day total with it. */
export function covers(limit: RoleLimit, amount: ProposalAmount): boolean {
  const perProposal = limit.maxPerProposal === null || amount.value <= limit.maxPerProposal;
  const perCustomer = limit.maxPerCustomer30Days === null || amount.customer30Days + amount.value <= limit.maxPerCustomer30Days;
  return perProposal && perCustomer;
}

/** The lowest role whose limits cover the proposal; null when nobody's do. */
export function lowestCoveringRole(limits: ApprovalLimits, amount: ProposalAmount): AuthorityRole | null {
  return AUTHORITY_ROLES.find((role) => covers(limitOf(limits, role), amount)) ?? null;
}

export type ProposalDecision =
  | { status: 'approved'; requiredApproverRole: null; reasons: string[] }
  | { status: 'pending_approval'; requiredApproverRole: AuthorityRole; reasons: string[] }
  | { status: 'refused'; reasons: string[] };

export interface TeamBudget {
  /** The team's monthly budget (minor units). */
  budget: number;
  /** What the team committed this month before this proposal. */
  spent: number;
}

/**
 * Decides a new proposal:
 * - within the proposer's own limits (and the team budget) → approved at once;
 * - above them → pending approval by the lowest role whose limits cover it;
 * - over the team's monthly budget → one level higher than the limits alone require, and
 *   never approved at once (a second person decides);
 * - above every role's limits → refused.
 */
export function decideProposal(input: { proposerRole: StaffRole | string; amount: ProposalAmount; limits: ApprovalLimits; teamBudget?: TeamBudget | null }): ProposalDecision {
  const { amount, limits } = input;
  const proposer = authorityOf(input.proposerRole);
  const base = lowestCoveringRole(limits, amount);
  if (base === null) return { status: 'refused', reasons: [`no role's limits cover ${amount.value} (customer's 30 days: ${amount.customer30Days})`] };
  const reasons: string[] = [];
  if (base !== 'agent') reasons.push(`${amount.value} with ${amount.customer30Days} already given to the customer in 30 days needs the limits of a ${base}`);
  const overBudget = input.teamBudget != null && input.teamBudget.spent + amount.value > input.teamBudget.budget;
  if (overBudget) {
    const raised = AUTHORITY_ROLES[Math.min(rankOf(base) + 1, AUTHORITY_ROLES.length - 1)];
    reasons.push(`the team's monthly budget ${input.teamBudget!.budget} (spent ${input.teamBudget!.spent}) would be exceeded: one level higher, ${raised}`);
    return { status: 'pending_approval', requiredApproverRole: raised, reasons };
  }
  if (proposer !== null && rankOf(proposer) >= rankOf(base) && covers(limitOf(limits, proposer), amount)) {
    return { status: 'approved', requiredApproverRole: null, reasons: [`within the ${proposer} limit`] };
  }
  return { status: 'pending_approval', requiredApproverRole: base, reasons };
}

export type ApprovalCheck = { ok: true } | { ok: false; code: 'four_eyes' | 'approval_limit_exceeded'; detail: string };

/**
 * May this person approve (or reject) this proposal? Nobody decides on their own proposal
 * (four eyes); the approver's role must reach the required role and, to approve, the
 * approver's own limits must cover the proposal as it stands now (the customer's 30 days
 * counted again at approval).
 */
export function checkApprover(input: {
  approver: { id: string | null; role: StaffRole | string };
  proposerId: string | null;
  requiredApproverRole: AuthorityRole | null;
  amount: ProposalAmount;
  limits: ApprovalLimits;
  decision: 'approve' | 'reject';
}): ApprovalCheck {
  const { approver } = input;
  if (approver.id === null || approver.id === input.proposerId) {
    return { ok: false, code: 'four_eyes', detail: 'Nobody decides on their own proposal: another person with the authority must' };
  }
  const authority = authorityOf(approver.role);
  if (authority === null) return { ok: false, code: 'approval_limit_exceeded', detail: `The ${approver.role} role has no approval authority` };
  if (input.requiredApproverRole !== null && rankOf(authority) < rankOf(input.requiredApproverRole)) {
    return { ok: false, code: 'approval_limit_exceeded', detail: `This proposal needs a ${input.requiredApproverRole} or above; a ${authority} may not decide it` };
  }
  if (input.decision === 'approve' && !covers(limitOf(input.limits, authority), input.amount)) {
    const limit = limitOf(input.limits, authority);
    return {
      ok: false,
      code: 'approval_limit_exceeded',
      detail: `${input.amount.value} ${input.limits.currency} (customer's 30 days: ${input.amount.customer30Days}) is above the ${authority} limits (${limit.maxPerProposal ?? 'unlimited'} a proposal, ${limit.maxPerCustomer30Days ?? 'unlimited'} per customer in 30 days)`,
    };
  }
  return { ok: true };
}

/** Field errors of a limits table: known roles once each, and a higher role never below a lower one. */
export function limitsErrors(limits: RoleLimit[]): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const missing = AUTHORITY_ROLES.filter((role) => role !== 'admin' && !limits.some((l) => l.role === role));
  if (missing.length) errors.push({ field: 'limits', message: `limits must list ${missing.join(', ')} (admin may be left out: unlimited)` });
  const seen = new Set<string>();
  limits.forEach((l, i) => {
    if (seen.has(l.role)) errors.push({ field: `limits.${i}.role`, message: `role ${l.role} is listed twice` });
    seen.add(l.role);
  });
  const ordered = [...limits].sort((a, b) => rankOf(a.role) - rankOf(b.role));
  const atLeast = (hi: number | null, lo: number | null) => hi === null || (lo !== null && hi >= lo);
  for (let k = 1; k < ordered.length; k++) {
    const lo = ordered[k - 1];
    const hi = ordered[k];
    const i = limits.indexOf(hi);
    if (!atLeast(hi.maxPerProposal, lo.maxPerProposal)) errors.push({ field: `limits.${i}.maxPerProposal`, message: `${hi.role} may not be below ${lo.role}` });
    if (!atLeast(hi.maxPerCustomer30Days, lo.maxPerCustomer30Days)) errors.push({ field: `limits.${i}.maxPerCustomer30Days`, message: `${hi.role} may not be below ${lo.role}` });
  }
  limits.forEach((l, i) => {
    if (l.maxPerProposal !== null && l.maxPerCustomer30Days !== null && l.maxPerCustomer30Days < l.maxPerProposal) {
      errors.push({ field: `limits.${i}.maxPerCustomer30Days`, message: 'may not be below maxPerProposal' });
    }
  });
  return errors;
}
