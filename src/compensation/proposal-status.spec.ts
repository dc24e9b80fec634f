import { PROPOSAL_STATUSES, ProposalStatus } from './compensation.enums';
import { allowedActions, checkProposalMove, isFinal, PROPOSAL_ACTIONS, ProposalAction } from './proposal-status';

describe('proposal status machine', () => {
  const legal: [ProposalStatus, ProposalAction, ProposalStatus][] = [
    ['pending_approval', 'approve', 'approved'],
    ['pending_approval', 'reject', 'rejected'],
    ['approved', 'offer', 'offered'],
    ['offered', 'accept', 'accepted'],
    ['offered', 'decline', 'declined'],
    ['accepted', 'fulfil', 'fulfilled'],
    ['accepted', 'fail', 'fulfilment_failed'],
    ['fulfilment_failed', 'fulfil', 'fulfilled'],
    ['fulfilment_failed', 'retry', 'accepted'],
  ];

  it('allows exactly the moves of the table; every other is refused with what is allowed', () => {
    for (const from of PROPOSAL_STATUSES) {
      for (const action of PROPOSAL_ACTIONS) {
        const expected = legal.find(([f, a]) => f === from && a === action);
        const move = checkProposalMove(from, action);
        if (expected) {
          expect({ from, action, move }).toEqual({ from, action, move: { allowed: true, to: expected[2] } });
        } else {
          expect(move.allowed).toBe(false);
          if (!move.allowed) {
            expect(move.allowedActions.sort()).toEqual(legal.filter(([f]) => f === from).map(([, a]) => a).sort());
            expect(move.allowedTargets.sort()).toEqual(legal.filter(([f]) => f === from).map(([, , t]) => t).sort());
          }
        }
      }
    }
  });

  it('ends in rejected, declined and fulfilled only', () => {
    expect(PROPOSAL_STATUSES.filter(isFinal).sort()).toEqual(['declined', 'fulfilled', 'rejected']);
  });

  it('never leads back to pending_approval or approved (a decision is not taken back)', () => {
    for (const from of PROPOSAL_STATUSES) {
      for (const action of allowedActions(from)) {
        const move = checkProposalMove(from, action);
        expect(move.allowed && ['pending_approval', 'approved'].includes(move.to) && from !== 'pending_approval').toBe(false);
      }
    }
  });
});
