import { ComplaintStatus } from '../domain/complaint.enums';

/**
 * The complaint lifecycle as a transition table. Leaving `new` for anything but `withdrawn`
 * counts as the first response to the customer; `in_progress` from `resolved` or `closed`
 * is a reopen.
 */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  new: ['acknowledged', 'in_progress', 'resolved', 'withdrawn'],
  acknowledged: ['in_progress', 'pending_customer', 'resolved', 'withdrawn'],
  in_progress: ['pending_customer', 'resolved', 'withdrawn'],
  pending_customer: ['in_progress', 'resolved', 'withdrawn'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
  withdrawn: [],
};

export const OPEN_STATUSES: readonly ComplaintStatus[] = ['new', 'acknowledged', 'in_progress', 'pending_customer'];

export type TransitionCheck =
  | { allowed: true; isReopen: boolean; isFirstResponse: boolean }
  | { allowed: false; allowedTargets: readonly ComplaintStatus[] };

export function allowedTargets(from: ComplaintStatus): readonly ComplaintStatus[] {
  return TRANSITIONS[from];
}

export function checkTransition(from: ComplaintStatus, to: ComplaintStatus): TransitionCheck {
  const targets = TRANSITIONS[from];
  if (!targets.includes(to)) return { allowed: false, allowedTargets: targets };
  return {
    allowed: true,
    isReopen: (from === 'resolved' || from === 'closed') && to === 'in_progress',
    isFirstResponse: from === 'new' && to !== 'withdrawn',
  };
}

export function isOpen(status: ComplaintStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
