/**
 * What staff changed when they confirmed a triage, per label, against the engine's
 * suggestion: the raw material for improving the lexicon. Pure.
 */
import { EMOTIONAL_NEEDS, EmotionalNeed, RATIONAL_NEEDS, RationalNeed, RISK_FLAGS, RiskFlag, Severity } from './engine';
import { inOrder, TriageLabels } from './triage-labels';

export interface LabelChange<T extends string> {
  added: T[];
  removed: T[];
}

export interface TriageDiff {
  emotionalNeeds: LabelChange<EmotionalNeed>;
  rationalNeeds: LabelChange<RationalNeed>;
  riskFlags: LabelChange<RiskFlag>;
  /** confirmed − suggested intensity */
  intensityDelta: number;
  /** suggested: the engine's; before/after: the complaint's severity around the confirmation. */
  severity: { suggested: Severity; before: Severity; after: Severity };
  /** Every label touched: added or removed needs and flags, `intensity`, `severity` (confirmed ≠ suggested). */
  labels: string[];
  /** Whether the confirmation differs from the suggestion at all. */
  changed: boolean;
}

export const DIFF_PSEUDO_LABELS = ['intensity', 'severity'] as const;

function change<T extends string>(suggested: readonly T[], confirmed: readonly T[], order: readonly T[]): LabelChange<T> {
  const s = new Set(suggested);
  const c = new Set(confirmed);
  return { added: inOrder([...c].filter((x) => !s.has(x)), order), removed: inOrder([...s].filter((x) => !c.has(x)), order) };
}

export function diffTriage(
  suggested: TriageLabels & { suggestedSeverity: Severity },
  confirmed: TriageLabels,
  severity: { before: Severity; after: Severity },
): TriageDiff {
  const emotionalNeeds = change(suggested.emotionalNeeds, confirmed.emotionalNeeds, EMOTIONAL_NEEDS);
  const rationalNeeds = change(suggested.rationalNeeds, confirmed.rationalNeeds, RATIONAL_NEEDS);
  const riskFlags = change(suggested.riskFlags, confirmed.riskFlags, RISK_FLAGS);
  const intensityDelta = confirmed.emotionalIntensity - suggested.emotionalIntensity;
  const labels: string[] = [];
  for (const c of [emotionalNeeds, rationalNeeds, riskFlags] as LabelChange<string>[]) labels.push(...c.added, ...c.removed);
  if (intensityDelta !== 0) labels.push('intensity');
  if (severity.after !== suggested.suggestedSeverity) labels.push('severity');
  return {
    emotionalNeeds,
    rationalNeeds,
    riskFlags,
    intensityDelta,
    severity: { suggested: suggested.suggestedSeverity, before: severity.before, after: severity.after },
    labels,
    changed: labels.length > 0,
  };
}
