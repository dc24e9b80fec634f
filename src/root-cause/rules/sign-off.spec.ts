import fc from 'fast-check';
import { ACTION_STATUSES, ANALYSIS_STATUSES } from '../../domain/root-cause';
import { ACTION_TRANSITIONS, actionMoveRefusal, allowedSteps, isOverdue, nextStatus, signOffRefusal } from './sign-off';

describe('analysis sign-off', () => {
  it('moves draft → submitted → confirmed, and back to draft by reopening', () => {
    expect(nextStatus('draft', 'edit')).toBe('draft');
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'confirm')).toBe('confirmed');
    expect(nextStatus('submitted', 'reopen')).toBe('draft');
    expect(nextStatus('confirmed', 'reopen')).toBe('draft');
  });

  it('refuses every other step', () => {
    expect(nextStatus('draft', 'confirm')).toBeNull();
    expect(nextStatus('draft', 'reopen')).toBeNull();
    expect(nextStatus('submitted', 'edit')).toBeNull();
    expect(nextStatus('submitted', 'submit')).toBeNull();
    expect(nextStatus('confirmed', 'edit')).toBeNull();
    expect(nextStatus('confirmed', 'confirm')).toBeNull();
    expect(allowedSteps('confirmed')).toEqual(['reopen']);
    expect(allowedSteps('draft')).toEqual(['edit', 'submit']);
  });

  it('lets an author submit and only someone else with a lead role confirm', () => {
    const authors = ['agent-1', 'agent-2'];
    expect(signOffRefusal('submit', { id: 'agent-2', role: 'agent' }, authors)).toBeNull();
    expect(signOffRefusal('submit', { id: 'sup-1', role: 'supervisor' }, authors)).toBe('not_an_author');
    expect(signOffRefusal('confirm', { id: 'agent-1', role: 'agent' }, authors)).toBe('four_eyes');
    expect(signOffRefusal('confirm', { id: 'sup-1', role: 'supervisor' }, ['sup-1'])).toBe('four_eyes');
    expect(signOffRefusal('confirm', { id: 'agent-9', role: 'agent' }, authors)).toBe('role');
    for (const role of ['supervisor', 'manager', 'admin']) expect(signOffRefusal('confirm', { id: 'x', role }, authors)).toBeNull();
  });

  it('never lets an author confirm, whatever the role', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('front_desk', 'agent', 'supervisor', 'manager', 'admin'), fc.array(fc.uuid()), (id, role, others) => {
        expect(signOffRefusal('confirm', { id, role }, [...others, id])).toBe('four_eyes');
      }),
    );
  });

  it('every status can reach confirmed, and confirmed only by reopening', () => {
    for (const s of ANALYSIS_STATUSES) expect(allowedSteps(s).length).toBeGreaterThan(0);
  });
});

describe('action status', () => {
  const owner = { id: 'owner', role: 'agent' };
  const sup = { id: 'sup', role: 'supervisor' };

  it('follows open → in_progress → done → verified, with open → done and rework', () => {
    expect(actionMoveRefusal('open', 'in_progress', owner, 'owner')).toBeNull();
    expect(actionMoveRefusal('open', 'done', owner, 'owner')).toBeNull();
    expect(actionMoveRefusal('in_progress', 'done', owner, 'owner')).toBeNull();
    expect(actionMoveRefusal('done', 'in_progress', sup, 'owner')).toBeNull();
    expect(actionMoveRefusal('done', 'verified', sup, 'owner')).toBeNull();
    expect(actionMoveRefusal('open', 'verified', sup, 'owner')).toBe('illegal');
    for (const to of ACTION_STATUSES) expect(actionMoveRefusal('verified', to, sup, 'owner')).toBe('illegal');
  });

  it('is verified by someone other than the owner, with a lead role', () => {
    expect(actionMoveRefusal('done', 'verified', owner, 'owner')).toBe('four_eyes');
    expect(actionMoveRefusal('done', 'verified', { id: 'sup', role: 'supervisor' }, 'sup')).toBe('four_eyes');
    expect(actionMoveRefusal('done', 'verified', { id: 'other', role: 'agent' }, 'owner')).toBe('not_owner');
  });

  it('is worked by its owner or a lead, not by another agent', () => {
    expect(actionMoveRefusal('open', 'in_progress', { id: 'other', role: 'agent' }, 'owner')).toBe('not_owner');
    expect(actionMoveRefusal('open', 'in_progress', { id: 'm', role: 'manager' }, 'owner')).toBeNull();
  });

  it('has no transition to itself', () => {
    for (const s of ACTION_STATUSES) expect(ACTION_TRANSITIONS[s]).not.toContain(s);
  });

  it('is overdue only while open or in progress and past due', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const past = new Date('2026-12-01T09:00:00Z');
    expect(isOverdue({ status: 'open', dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'done', dueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: 'open', dueAt: new Date('2026-12-01T11:00:00Z') }, now)).toBe(false);
  });
});
