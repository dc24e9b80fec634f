import { COMPLAINT_STATUSES, ComplaintStatus } from '../domain/complaint.enums';
import { allowedTargets, checkTransition, isOpen, TRANSITIONS } from './status-machine';

describe('complaint status machine', () => {
  const legal: [ComplaintStatus, ComplaintStatus][] = [
    ['new', 'acknowledged'],
    ['new', 'in_progress'],
    ['new', 'resolved'],
    ['new', 'withdrawn'],
    ['acknowledged', 'in_progress'],
    ['acknowledged', 'pending_customer'],
    ['acknowledged', 'resolved'],
    ['acknowledged', 'withdrawn'],
    ['in_progress', 'pending_customer'],
    ['in_progress', 'resolved'],
    ['in_progress', 'withdrawn'],
    ['pending_customer', 'in_progress'],
    ['pending_customer', 'resolved'],
    ['pending_customer', 'withdrawn'],
    ['resolved', 'closed'],
    ['resolved', 'in_progress'],
    ['closed', 'in_progress'],
  ];

  it('allows exactly the moves of the table, every other pair is refused with the allowed targets', () => {
    for (const from of COMPLAINT_STATUSES) {
      for (const to of COMPLAINT_STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        const result = checkTransition(from, to);
        expect({ from, to, allowed: result.allowed }).toEqual({ from, to, allowed: expected });
        if (!result.allowed) expect(result.allowedTargets).toEqual(TRANSITIONS[from]);
      }
    }
    expect(COMPLAINT_STATUSES.flatMap((s) => allowedTargets(s).map((t) => [s, t]))).toHaveLength(legal.length);
  });

  it('never allows staying in the same status or going back to new', () => {
    for (const s of COMPLAINT_STATUSES) {
      expect(checkTransition(s, s).allowed).toBe(false);
      expect(checkTransition(s, 'new').allowed).toBe(false);
    }
  });

  it('marks in_progress from resolved or closed as a reopen, and nothing else', () => {
    expect(checkTransition('resolved', 'in_progress')).toMatchObject({ allowed: true, isReopen: true });
    expect(checkTransition('closed', 'in_progress')).toMatchObject({ allowed: true, isReopen: true });
    expect(checkTransition('pending_customer', 'in_progress')).toMatchObject({ allowed: true, isReopen: false });
  });

  it('counts leaving new as the first response unless the complaint is withdrawn', () => {
    expect(checkTransition('new', 'in_progress')).toMatchObject({ isFirstResponse: true });
    expect(checkTransition('new', 'resolved')).toMatchObject({ isFirstResponse: true });
    expect(checkTransition('new', 'withdrawn')).toMatchObject({ isFirstResponse: false });
    expect(checkTransition('acknowledged', 'in_progress')).toMatchObject({ isFirstResponse: false });
  });

  it('withdrawn is final and open statuses are the four working ones', () => {
    expect(allowedTargets('withdrawn')).toEqual([]);
    expect(COMPLAINT_STATUSES.filter(isOpen)).toEqual(['new', 'acknowledged', 'in_progress', 'pending_customer']);
  });
});
