/**
 * Handling guidance built from a triage analysis and src/triage/data/guidance.v1.json:
 * calming stages for emotional or mixed complaints, commitments per rational need,
 * short notes per risk flag. Phrasing is positive and never argues with the customer.
 */
import guidanceJson from '../data/guidance.v1.json';
import { EmotionalNeed, GuidanceStage, HandlingGuidance, Language, RationalNeed, RiskFlag, TriageAnalysis } from './types';

type Phrases = { zh: string[]; en: string[] };

export interface GuidanceData {
  version: string;
  stages: Record<GuidanceStage, { default: Phrases; needs: Partial<Record<EmotionalNeed, Phrases>> }>;
  rationalCommitments: Record<RationalNeed, Phrases>;
  riskNotes: Record<RiskFlag, { zh: string; en: string }>;
}

export const DEFAULT_GUIDANCE = guidanceJson as unknown as GuidanceData;

const STAGE_ORDER: GuidanceStage[] = ['accept_emotion', 'clarify_facts', 'offer_plan'];

export function buildGuidance(
  analysis: TriageAnalysis,
  lang: Language,
  data: GuidanceData = DEFAULT_GUIDANCE,
): HandlingGuidance {
  const stages: HandlingGuidance['stages'] = [];
  const calm = analysis.dominant !== 'rational' || analysis.emotionalNeeds.length > 0 || analysis.emotionalIntensity > 0;
  if (calm) {
    for (const stage of STAGE_ORDER) {
      const cfg = data.stages[stage];
      const phrases: string[] = [];
      for (const n of analysis.emotionalNeeds) phrases.push(...(cfg.needs[n.need]?.[lang] ?? []));
      phrases.push(...cfg.default[lang]);
      stages.push({ stage, phrases: [...new Set(phrases)] });
    }
  }
  const rationalCommitments = analysis.rationalNeeds.map((n) => ({
    need: n.need,
    tell: [...(data.rationalCommitments[n.need]?.[lang] ?? [])],
  }));
  const riskNotes = analysis.riskFlags
    .filter((f) => data.riskNotes[f])
    .map((flag) => ({ flag, note: data.riskNotes[flag][lang] }));
  return { stages, rationalCommitments, riskNotes };
}
