import { ProposalStatus } from './compensation.enums';

/** The moves of a proposal; each is a route (`fail` is the fulfilment worker's, `retry` a supervisor's after a failure). */
export const PROPOSAL_ACTIONS = ['approve', 'reject', 'offer', 'accept', 'decline', 'fulfil', 'fail', 'retry'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/**
 * The proposal lifecycle as one transition table:
 * pending_approval → approved | rejected → offered → accepted | declined → fulfilled
 * (accepted → fulfilment_failed after the last retry; from there a manual fulfilment or a retry).
 * A proposal within the proposer's own limit is created `approved`.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, Readonly<Partial<Record<ProposalAction, ProposalStatus>>>>> = {
  pending_approval: { approve: 'approved', reject: 'rejected' },
  approved: { offer: 'offered' },
  rejected: {},
  offered: { accept: 'accepted', decline: 'declined' },
  accepted: { fulfil: 'fulfilled', fail: 'fulfilment_failed' },
  declined: {},
  fulfilled: {},
  fulfilment_failed: { fulfil: 'fulfilled', retry: 'accepted' },
};

export type ProposalMove = { allowed: true; to: ProposalStatus } | { allowed: false; allowedActions: ProposalAction[]; allowedTargets: ProposalStatus[] };

export function allowedActions(from: ProposalStatus): ProposalAction[] {
  return Object.keys(PROPOSAL_TRANSITIONS[from]) as ProposalAction[];
}

export function checkProposalMove(from: ProposalStatus, action: ProposalAction): ProposalMove {
  const to = PROPOSAL_TRANSITIONS[from][action];
  if (to) return { allowed: true, to };
  return { allowed: false, allowedActions: allowedActions(from), allowedTargets: Object.values(PROPOSAL_TRANSITIONS[from]) as ProposalStatus[] };
}

/** No move leads out of these. */
export function isFinal(status: ProposalStatus): boolean {
  return allowedActions(status).length === 0;
}
