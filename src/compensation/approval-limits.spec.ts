import fc from 'fast-check';
import { ApprovalLimits, AUTHORITY_ROLES, AuthorityRole, checkApprover, covers, decideProposal, DEFAULT_LIMITS, limitOf, limitsErrors, lowestCoveringRole, rankOf, RoleLimit } from './approval-limits';

const CONTRACT: ApprovalLimits = {
  currency: 'CNY',
  limits: [
    { role: 'agent', maxPerProposal: 5000, maxPerCustomer30Days: 20000 },
    { role: 'supervisor', maxPerProposal: 50000, maxPerCustomer30Days: 200000 },
    { role: 'manager', maxPerProposal: 500000, maxPerCustomer30Days: 2000000 },
  ],
};

const STAFF_ROLES = ['front_desk', 'agent', 'supervisor', 'manager', 'admin'] as const;

/** Monotonic limit tables (a higher role never below a lower one), admin sometimes unlimited. */
const limitsArb: fc.Arbitrary<ApprovalLimits> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 4, maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([per, cap, adminUnlimited]) => {
    const p = [...per].sort((a, b) => a - b);
    const c = [...cap].sort((a, b) => a - b).map((v, i) => Math.max(v, p[i]));
    const limits: RoleLimit[] = AUTHORITY_ROLES.map((role, i) => ({ role, maxPerProposal: p[i], maxPerCustomer30Days: c[i] }));
    if (adminUnlimited) limits[3] = { role: 'admin', maxPerProposal: null, maxPerCustomer30Days: null };
    return { currency: 'CNY', limits };
  });
const amountArb = fc.record({ value: fc.integer({ min: 1, max: 2_000_000 }), customer30Days: fc.integer({ min: 0, max: 3_000_000 }) });
const budgetArb = fc.option(fc.record({ budget: fc.integer({ min: 0, max: 2_000_000 }), spent: fc.integer({ min: 0, max: 2_000_000 }) }), { nil: null });
const idArb = fc.constantFrom('u1', 'u2', 'u3');

describe('approval limits', () => {
  it('contract example: within the agent limit approved at once; above it a supervisor; far above a manager', () => {
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 3000, customer30Days: 0 }, limits: CONTRACT })).toMatchObject({ status: 'approved', requiredApproverRole: null });
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 20000, customer30Days: 3000 }, limits: CONTRACT })).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 200000, customer30Days: 3000 }, limits: CONTRACT })).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'manager' });
  });

  it('front desk proposes within the agent limit', () => {
    expect(decideProposal({ proposerRole: 'front_desk', amount: { value: 5000, customer30Days: 0 }, limits: CONTRACT }).status).toBe('approved');
    expect(decideProposal({ proposerRole: 'front_desk', amount: { value: 5001, customer30Days: 0 }, limits: CONTRACT })).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
  });

  it('the 30-day cap counts what the customer was already given', () => {
    // 3000 alone is within the agent's 5000, but 18000 already given makes 21000 > 20000
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 3000, customer30Days: 18000 }, limits: CONTRACT })).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'supervisor' });
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 3000, customer30Days: 17000 }, limits: CONTRACT }).status).toBe('approved');
  });

  it('admin is unlimited unless the settings say otherwise; nothing is refused then', () => {
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 9_000_000_000, customer30Days: 0 }, limits: CONTRACT })).toMatchObject({ status: 'pending_approval', requiredApproverRole: 'admin' });
    const capped = { ...CONTRACT, limits: [...CONTRACT.limits, { role: 'admin' as const, maxPerProposal: 1_000_000, maxPerCustomer30Days: 5_000_000 }] };
    expect(decideProposal({ proposerRole: 'admin', amount: { value: 1_000_001, customer30Days: 0 }, limits: capped }).status).toBe('refused');
  });

  it('over the team budget: one level higher, never approved at once', () => {
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 3000, customer30Days: 0 }, limits: CONTRACT, teamBudget: { budget: 10000, spent: 8000 } })).toMatchObject({
      status: 'pending_approval',
      requiredApproverRole: 'supervisor',
    });
    expect(decideProposal({ proposerRole: 'supervisor', amount: { value: 20000, customer30Days: 0 }, limits: CONTRACT, teamBudget: { budget: 10000, spent: 0 } })).toMatchObject({
      status: 'pending_approval',
      requiredApproverRole: 'manager',
    });
    expect(decideProposal({ proposerRole: 'agent', amount: { value: 2000, customer30Days: 0 }, limits: CONTRACT, teamBudget: { budget: 10000, spent: 8000 } }).status).toBe('approved');
  });

  it('approver checks: four eyes first, then role, then the approver\'s own limits', () => {
    const base = { proposerId: 'p', requiredApproverRole: 'supervisor' as const, amount: { value: 20000, customer30Days: 3000 }, limits: CONTRACT, decision: 'approve' as const };
    expect(checkApprover({ ...base, approver: { id: 'p', role: 'manager' } })).toMatchObject({ ok: false, code: 'four_eyes' });
    expect(checkApprover({ ...base, approver: { id: 's', role: 'supervisor' } })).toEqual({ ok: true });
    expect(checkApprover({ ...base, approver: { id: 'a', role: 'agent' } })).toMatchObject({ ok: false, code: 'approval_limit_exceeded' });
    expect(checkApprover({ ...base, requiredApproverRole: 'manager', amount: { value: 200000, customer30Days: 0 }, approver: { id: 's', role: 'supervisor' } })).toMatchObject({ ok: false, code: 'approval_limit_exceeded' });
    // the customer was given more since the proposal: the supervisor's 30-day cap no longer covers it
    expect(checkApprover({ ...base, amount: { value: 20000, customer30Days: 190000 }, approver: { id: 's', role: 'supervisor' } })).toMatchObject({ ok: false, code: 'approval_limit_exceeded' });
    // rejecting needs the role, not the money
    expect(checkApprover({ ...base, decision: 'reject', amount: { value: 20000, customer30Days: 190000 }, approver: { id: 's', role: 'supervisor' } })).toEqual({ ok: true });
    expect(checkApprover({ ...base, decision: 'reject', approver: { id: 'p', role: 'supervisor' } })).toMatchObject({ ok: false, code: 'four_eyes' });
  });

  it('property: never approves above the approver\'s limit', () => {
    fc.assert(
      fc.property(limitsArb, amountArb, fc.constantFrom(...STAFF_ROLES), fc.constantFrom<AuthorityRole | null>(null, ...AUTHORITY_ROLES), idArb, idArb, (limits, amount, role, required, approverId, proposerId) => {
        const check = checkApprover({ approver: { id: approverId, role }, proposerId, requiredApproverRole: required, amount, limits, decision: 'approve' });
        if (!check.ok) return true;
        const authority = role === 'front_desk' ? 'agent' : role;
        const limit = limitOf(limits, authority);
        return (
          (limit.maxPerProposal === null || amount.value <= limit.maxPerProposal) &&
          (limit.maxPerCustomer30Days === null || amount.customer30Days + amount.value <= limit.maxPerCustomer30Days) &&
          (required === null || rankOf(authority) >= rankOf(required))
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('property: never lets the proposer approve or reject their own proposal', () => {
    fc.assert(
      fc.property(limitsArb, amountArb, fc.constantFrom(...STAFF_ROLES), fc.constantFrom<AuthorityRole | null>(null, ...AUTHORITY_ROLES), idArb, fc.constantFrom('approve' as const, 'reject' as const), (limits, amount, role, required, id, decision) => {
        const check = checkApprover({ approver: { id, role }, proposerId: id, requiredApproverRole: required, amount, limits, decision });
        return !check.ok && check.code === 'four_eyes';
      }),
      { numRuns: 1000 },
    );
  });

  it('property: approved at once only within the proposer\'s own limits and the budget; otherwise the required role covers it and no lower role does', () => {
    fc.assert(
      fc.property(limitsArb, amountArb, fc.constantFrom(...STAFF_ROLES), budgetArb, (limits, amount, proposerRole, teamBudget) => {
        const d = decideProposal({ proposerRole, amount, limits, teamBudget });
        const authority = proposerRole === 'front_desk' ? 'agent' : proposerRole;
        const overBudget = teamBudget !== null && teamBudget.spent + amount.value > teamBudget.budget;
        const lowest = lowestCoveringRole(limits, amount);
        if (d.status === 'refused') return lowest === null;
        if (d.status === 'approved') return !overBudget && covers(limitOf(limits, authority), amount) && d.requiredApproverRole === null;
        if (!covers(limitOf(limits, d.requiredApproverRole), amount)) return false;
        if (overBudget) return rankOf(d.requiredApproverRole) === Math.min(rankOf(lowest!) + 1, 3);
        return d.requiredApproverRole === lowest && rankOf(authority) < rankOf(lowest!);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: whoever passes the approver check for a pending proposal is someone else with the required role', () => {
    fc.assert(
      fc.property(limitsArb, amountArb, fc.constantFrom(...STAFF_ROLES), fc.constantFrom(...STAFF_ROLES), budgetArb, (limits, amount, proposerRole, approverRole, teamBudget) => {
        const d = decideProposal({ proposerRole, amount, limits, teamBudget });
        if (d.status !== 'pending_approval') return true;
        const check = checkApprover({ approver: { id: 'b', role: approverRole }, proposerId: 'a', requiredApproverRole: d.requiredApproverRole, amount, limits, decision: 'approve' });
        const authority = approverRole === 'front_desk' ? 'agent' : approverRole;
        return !check.ok || rankOf(authority) >= rankOf(d.requiredApproverRole);
      }),
      { numRuns: 2000 },
    );
  });

  it('limits must list agent, supervisor and manager, each role once, a higher role never below a lower one', () => {
    expect(limitsErrors(DEFAULT_LIMITS.limits)).toEqual([]);
    expect(limitsErrors(CONTRACT.limits)).toEqual([]);
    expect(limitsErrors(CONTRACT.limits.slice(0, 2))).toEqual([{ field: 'limits', message: expect.stringContaining('manager') }]);
    const inverted = CONTRACT.limits.map((l) => (l.role === 'supervisor' ? { ...l, maxPerProposal: 100 } : l));
    expect(limitsErrors(inverted)).toEqual([{ field: 'limits.1.maxPerProposal', message: 'supervisor may not be below agent' }]);
    expect(limitsErrors([...CONTRACT.limits, CONTRACT.limits[0]])[0]).toEqual({ field: 'limits.3.role', message: 'role agent is listed twice' });
    expect(limitsErrors(CONTRACT.limits.map((l, i) => (i === 0 ? { ...l, maxPerCustomer30Days: 10 } : l)))).toEqual([{ field: 'limits.0.maxPerCustomer30Days', message: 'may not be below maxPerProposal' }]);
  });
});
