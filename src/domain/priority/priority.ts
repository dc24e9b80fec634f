/**
 * Case priority from severity, customer value and the triage signals. Points come from
 * priority-weights.json; floors encode the business rules that points alone must not undo:
 *  - a major complaint is at least P2, and P1 for diamond/platinum or with a
 *    regulator/media/legal threat;
 *  - a churn, regulator or media threat from a high-value customer (diamond, platinum or
 *    value segment A) is never below P2.
 * With all weights non-negative and ordered, adding a flag or raising severity, tier or
 * intensity never lowers the priority.
 */
import weightsJson from './priority-weights.json';
import { CustomerTier } from '../customer.enums';
import { Severity } from '../complaint.enums';
import { Intensity, RiskFlag } from '../triage-vocabulary';

import { PRIORITIES, Priority } from '../complaint.enums';
import { ValueSegment } from '../customer.enums';
export { PRIORITIES };
export type { Priority, ValueSegment };

export interface PriorityWeights {
  version: string;
  severity: Record<Severity, number>;
  tier: Record<CustomerTier, number>;
  segment: Record<ValueSegment, number>;
  creditGrade: Record<string, number>;
  intensity: Record<string, number>;
  flags: Record<RiskFlag, number>;
  thresholds: { P1: number; P2: number; P3: number };
}

export interface PriorityInput {
  severity: Severity;
  customerTier?: CustomerTier;
  valueSegment?: ValueSegment;
  /** 1 (best) .. 5 */
  creditGrade?: number | null;
  emotionalIntensity?: Intensity;
  riskFlags?: readonly RiskFlag[];
}

export interface PriorityResult {
  priority: Priority;
  score: number;
  reasons: string[];
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = weightsJson as unknown as PriorityWeights;

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

function atLeast(current: Priority, floor: Priority): Priority {
  return RANK[floor] < RANK[current] ? floor : current;
}

export function derivePriority(input: PriorityInput, weights: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS): PriorityResult {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number | undefined, reason: string) => {
    if (points && points > 0) {
      score += points;
      reasons.push(`${reason} +${points}`);
    }
  };
  const tier = input.customerTier ?? 'standard';
  add(weights.severity[input.severity], `severity ${input.severity}`);
  add(weights.tier[tier], `tier ${tier}`);
  if (input.valueSegment) add(weights.segment[input.valueSegment], `segment ${input.valueSegment}`);
  if (input.creditGrade != null) {
    const grade = Math.min(5, Math.max(1, Math.round(input.creditGrade)));
    add(weights.creditGrade[String(grade)], `credit grade ${grade}`);
  }
  if (input.emotionalIntensity != null) add(weights.intensity[String(input.emotionalIntensity)], `intensity ${input.emotionalIntensity}`);
  const flags = [...new Set(input.riskFlags ?? [])];
  for (const f of flags) add(weights.flags[f], `flag ${f}`);

  const t = weights.thresholds;
  let priority: Priority = score >= t.P1 ? 'P1' : score >= t.P2 ? 'P2' : score >= t.P3 ? 'P3' : 'P4';
  reasons.push(`score ${score} → ${priority}`);

  const topTier = tier === 'diamond' || tier === 'platinum';
  const highValue = topTier || input.valueSegment === 'A' || flags.includes('high_value_customer');
  const externalThreat = flags.some((f) => f === 'regulator_threat' || f === 'media_threat' || f === 'legal_threat');
  const floor = (p: Priority, why: string) => {
    const next = atLeast(priority, p);
    if (next !== priority) {
      reasons.push(`floor ${p}: ${why}`);
      priority = next;
    }
  };
  if (input.severity === 'major') {
    if (topTier) floor('P1', 'major complaint from a diamond/platinum customer');
    else if (externalThreat) floor('P1', 'major complaint with a regulator/media/legal threat');
    else floor('P2', 'major complaint');
  }
  if (highValue && flags.some((f) => f === 'churn_threat' || f === 'regulator_threat' || f === 'media_threat')) {
    floor('P2', 'churn/regulator/media threat from a high-value customer');
  }
  return { priority, score, reasons };
}
