import type { Category, Severity } from '../domain/complaint.enums';
import type { CustomerTier, ValueSegment } from '../domain/customer.enums';
import type { Dominant } from '../domain/triage-vocabulary';
import { CompensationType } from './compensation.enums';
import { PointRate } from './compensation-value';

export interface SuggestionInput {
  tier: CustomerTier;
  valueSegment: ValueSegment | null;
  severity: Severity;
  category: Category;
  /** The complaint's triage (staff's confirmation, else the suggestion); null when there is none. */
  triage: { dominant: Dominant; emotionalNeeds: string[]; rationalNeeds: string[]; riskFlags: string[]; emotionalIntensity: number } | null;
  /** What customers of this tier did with each type offered before. */
  acceptance: { type: CompensationType; decided: number; accepted: number }[];
  currency: string;
  pointRate: PointRate;
}

export interface Suggestion {
  type: CompensationType;
  amount?: number;
  currency?: string;
  points?: number;
  /** In the limits' currency, minor units. */
  value: number;
  why: string;
  reasons: string[];
}

/** Base gesture per tier (minor units): the customer's value sets the scale, not the complaint's noise. */
export const TIER_BASE: Readonly<Record<CustomerTier, number>> = { diamond: 10_000, platinum: 5_000, gold: 3_000, silver: 2_000, standard: 1_000 };
export const SEVERITY_PERCENT: Readonly<Record<Severity, number>> = { ordinary: 100, serious: 200, major: 300 };
export const SEGMENT_PERCENT: Readonly<Record<ValueSegment, number>> = { A: 150, B: 120, C: 100, D: 80 };
/** Acceptance history counts once a type was decided this often by customers of the tier. */
export const MIN_DECISIONS = 3;

const MONEY_CATEGORIES: readonly Category[] = ['billing', 'price', 'benefit'];

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(minor % 100 === 0 ? 0 : 2)} ${currency}`;

/**
 * Remedies to propose for a complaint, best first, each with the reasons a supervisor can
 * check. Emotional-dominant complaints get non-monetary gestures first (meeting the emotion
 * lowers the material compensation needed); a rational need for compensation gets a
 * monetary one; the customer's tier and value segment and the severity size it; the
 * acceptance of each type by customers of the same tier orders it.
 */
export function suggestCompensation(input: SuggestionInput): Suggestion[] {
  const { tier, valueSegment, severity, triage, currency } = input;
  const segmentPct = valueSegment ? SEGMENT_PERCENT[valueSegment] : 100;
  const raw = (TIER_BASE[tier] * SEVERITY_PERCENT[severity] * segmentPct) / 10_000;
  const value = Math.max(100, Math.round(raw / 100) * 100); // whole units
  const sizing = `${tier} customer${valueSegment ? `, value segment ${valueSegment}` : ''}, ${severity} complaint: about ${money(value, currency)} (base ${money(TIER_BASE[tier], currency)} × ${SEVERITY_PERCENT[severity]}% for severity${valueSegment ? ` × ${segmentPct}% for the segment` : ''})`;
  const dominant = triage?.dominant ?? 'mixed';
  const emotional = triage?.emotionalNeeds ?? [];
  const wantsCompensation = triage?.rationalNeeds.includes('compensation') ?? false;
  const highValue = tier === 'diamond' || tier === 'platinum' || valueSegment === 'A';
  const churn = triage?.riskFlags.includes('churn_threat') ?? false;

  type Draft = { type: CompensationType; value: number; reasons: string[] };
  const drafts: Draft[] = [];
  const emotionReason =
    dominant === 'emotional'
      ? `emotional-dominant complaint${emotional.length ? ` (${emotional.join(', ')})` : ''}: a gesture before money, after the emotion was acknowledged`
      : `mixed complaint${emotional.length ? ` with emotional needs (${emotional.join(', ')})` : ''}: a gesture shows the customer is valued`;
  const gesture = (): Draft[] => [
    highValue
      ? { type: 'value_added_service', value, reasons: [emotionReason, 'a high-value customer: an exclusive service (e.g. a free trial) is worth more to them than cash'] }
      : { type: 'points', value, reasons: [emotionReason, 'points are a gesture the customer keeps using'] },
    { type: 'gift', value: Math.max(100, Math.round(value / 200) * 100), reasons: [emotionReason, 'a small gift as an apology, half the scale'] },
  ];
  const monetary = (why: string): Draft => ({
    type: MONEY_CATEGORIES.includes(input.category) ? 'bill_credit' : 'refund',
    value,
    reasons: [why, MONEY_CATEGORIES.includes(input.category) ? `a ${input.category} complaint: credited on the next bill` : 'refunded, as the customer asked for compensation'],
  });

  if (dominant === 'emotional') {
    drafts.push(...gesture());
    if (wantsCompensation) drafts.push(monetary('the customer also asked for compensation (rational need), offered after the gesture'));
  } else if (dominant === 'rational') {
    if (wantsCompensation) {
      drafts.push(monetary('rational-dominant complaint asking for compensation: a monetary remedy answers it'));
      drafts.push({ type: 'points', value, reasons: ['an alternative the customer may value more than the same sum in cash'] });
    } else {
      drafts.push({
        type: 'points',
        value: Math.max(100, Math.round(value / 200) * 100),
        reasons: ['rational-dominant complaint without a request for compensation: fix the problem first; a small goodwill gesture at most'],
      });
    }
  } else {
    drafts.push(gesture()[0]);
    if (wantsCompensation) drafts.push(monetary('the customer asked for compensation (rational need)'));
    else drafts.push(gesture()[1]);
  }
  if (churn) drafts.push({ type: 'discount', value, reasons: ['churn threat: an exclusive discount on the plan keeps the customer, where cash does not'] });

  // Acceptance history orders within what the triage asks for: types customers of this tier decline sink.
  const rateOf = (type: CompensationType) => input.acceptance.find((a) => a.type === type);
  const unique = drafts.filter((d, i) => drafts.findIndex((x) => x.type === d.type) === i);
  const scored = unique.map((d, i) => {
    const h = rateOf(d.type);
    const known = h !== undefined && h.decided >= MIN_DECISIONS;
    const rate = known ? h.accepted / h.decided : null;
    if (known) d.reasons.push(`accepted ${h.accepted} of ${h.decided} times by ${tier} customers (${Math.round(rate! * 100)}%)`);
    else d.reasons.push(`too few past offers to ${tier} customers to know how it is received`);
    return { d, i, sink: rate !== null && rate < 0.3 ? 1 : 0 };
  });
  scored.sort((a, b) => a.sink - b.sink || a.i - b.i);
  return scored.map(({ d }) => toSuggestion(d, sizing, input));
}

function toSuggestion(d: { type: CompensationType; value: number; reasons: string[] }, sizing: string, input: SuggestionInput): Suggestion {
  const reasons = [...d.reasons, sizing.replace(/about [^(]+/, `about ${money(d.value, input.currency)} `)];
  const why = reasons.map((r) => r.charAt(0).toUpperCase() + r.slice(1)).join('. ') + '.';
  if (d.type === 'points') {
    const points = input.pointRate.minorUnits > 0 ? Math.floor((d.value * input.pointRate.points) / input.pointRate.minorUnits) : 0;
    return { type: d.type, points, value: d.value, why, reasons };
  }
  return { type: d.type, amount: d.value, currency: input.currency, value: d.value, why, reasons };
}
