import { Channel, Severity } from '../domain/complaint.enums';
import { CustomerTier } from '../domain/customer.enums';

export interface PolicyMatch {
  id: string;
  rank: number;
  matchSeverity: Severity | null;
  matchCustomerTier: CustomerTier | null;
  matchChannel: Channel | null;
  active: boolean;
  createdAt: Date;
}

export interface ComplaintFacts {
  severity: Severity;
  customerTier: CustomerTier;
  channel: Channel;
}

const specificity = (p: PolicyMatch) => [p.matchSeverity, p.matchCustomerTier, p.matchChannel].filter((v) => v !== null).length;

export function policyMatches(policy: PolicyMatch, facts: ComplaintFacts): boolean {
  return (
    policy.active &&
    (policy.matchSeverity === null || policy.matchSeverity === facts.severity) &&
    (policy.matchCustomerTier === null || policy.matchCustomerTier === facts.customerTier) &&
    (policy.matchChannel === null || policy.matchChannel === facts.channel)
  );
}

/** The lowest rank among matching policies wins; ties go to the more specific, then the older policy. */
export function selectPolicy<P extends PolicyMatch>(policies: readonly P[], facts: ComplaintFacts): P | null {
  const candidates = policies.filter((p) => policyMatches(p, facts));
  candidates.sort((a, b) => a.rank - b.rank || specificity(b) - specificity(a) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return candidates[0] ?? null;
}
