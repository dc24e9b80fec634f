import { PolicyMatch, policyMatches, selectPolicy } from './policy-selection';

const policy = (id: string, rank: number, match: Partial<PolicyMatch> = {}, createdAt = new Date('2026-01-01')): PolicyMatch => ({
  id,
  rank,
  matchSeverity: null,
  matchCustomerTier: null,
  matchChannel: null,
  active: true,
  createdAt,
  ...match,
});
const facts = { severity: 'serious', customerTier: 'gold', channel: 'web' } as const;

describe('SLA policy selection', () => {
  it('a policy with no match fields matches everything; each given field must equal the fact', () => {
    expect(policyMatches(policy('a', 1), facts)).toBe(true);
    expect(policyMatches(policy('a', 1, { matchSeverity: 'serious' }), facts)).toBe(true);
    expect(policyMatches(policy('a', 1, { matchSeverity: 'major' }), facts)).toBe(false);
    expect(policyMatches(policy('a', 1, { matchCustomerTier: 'diamond' }), facts)).toBe(false);
    expect(policyMatches(policy('a', 1, { matchChannel: 'web', matchCustomerTier: 'gold' }), facts)).toBe(true);
    expect(policyMatches(policy('a', 1, { matchChannel: 'email' }), facts)).toBe(false);
  });

  it('ignores inactive policies', () => {
    expect(selectPolicy([policy('a', 1, { active: false }), policy('b', 9)], facts)?.id).toBe('b');
  });

  it('lowest rank wins among matches', () => {
    const chosen = selectPolicy([policy('catch-all', 1000), policy('web', 0, { matchChannel: 'web' }), policy('major', -5, { matchSeverity: 'major' })], facts);
    expect(chosen?.id).toBe('web');
  });

  it('on equal rank the more specific policy wins, then the older one', () => {
    expect(selectPolicy([policy('any', 5), policy('serious-gold', 5, { matchSeverity: 'serious', matchCustomerTier: 'gold' }), policy('serious', 5, { matchSeverity: 'serious' })], facts)?.id).toBe('serious-gold');
    expect(selectPolicy([policy('newer', 5, {}, new Date('2026-02-01')), policy('older', 5, {}, new Date('2026-01-01'))], facts)?.id).toBe('older');
  });

  it('returns null when nothing matches', () => {
    expect(selectPolicy([policy('x', 1, { matchChannel: 'email' })], facts)).toBeNull();
    expect(selectPolicy([], facts)).toBeNull();
  });
});
