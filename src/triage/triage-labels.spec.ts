import { analyzeText, CUSTOMER_TIERS, RiskFlag } from './engine';
import { analysisFromLabels, dominanceOfLabels, inOrder, labelsOf, textExcerpt, triagePriority, withComplaintContext } from './triage-labels';
import { buildGuidance } from './engine';

const RANK = { P1: 1, P2: 2, P3: 3, P4: 4 } as const;

describe('withComplaintContext', () => {
  it('adds repeat_complaint for a repeat and recomputes the suggested severity', () => {
    const a = analyzeText('请帮我查一下账单');
    expect(a.riskFlags).toEqual([]);
    const c = withComplaintContext(a, { isRepeat: true });
    expect(c.riskFlags).toEqual(['repeat_complaint']);
    expect(c.suggestedSeverity).toBe('serious');
    expect(a.riskFlags).toEqual([]); // the input is not mutated
  });

  it('adds high_value_customer from the tier once, and keeps the vocabulary order', () => {
    const a = analyzeText('我已经第三次来了，再不解决我就携号转网', { customerTier: 'diamond' });
    const c = withComplaintContext(a, { isRepeat: true, customerTier: 'diamond' });
    expect(c.riskFlags).toEqual(['churn_threat', 'repeat_complaint', 'high_value_customer']);
    expect(withComplaintContext(analyzeText('x'), { isRepeat: false, customerTier: 'gold' }).riskFlags).toEqual([]);
  });
});

describe('dominanceOfLabels', () => {
  it('follows the engine ratio on label counts and intensity', () => {
    expect(dominanceOfLabels({ emotionalNeeds: ['vent', 'be_heard'], rationalNeeds: [], emotionalIntensity: 1, riskFlags: [] })).toBe('emotional');
    expect(dominanceOfLabels({ emotionalNeeds: [], rationalNeeds: ['fix_problem'], emotionalIntensity: 0, riskFlags: [] })).toBe('rational');
    expect(dominanceOfLabels({ emotionalNeeds: ['vent'], rationalNeeds: ['fix_problem'], emotionalIntensity: 1, riskFlags: [] })).toBe('mixed');
    expect(dominanceOfLabels({ emotionalNeeds: [], rationalNeeds: [], emotionalIntensity: 0, riskFlags: [] })).toBe('rational');
  });
});

describe('analysisFromLabels', () => {
  it('builds an analysis guidance can be made from, needs in vocabulary order', () => {
    const a = analysisFromLabels({ emotionalNeeds: ['vent', 'be_heard'], rationalNeeds: ['compensation'], emotionalIntensity: 2, riskFlags: ['media_threat'] }, 'major', '1.0.0');
    expect(a.emotionalNeeds.map((n) => n.need)).toEqual(['be_heard', 'vent']);
    expect(a.dominant).toBe('emotional'); // E = 2 + 0.5 × (2 − 1) = 2.5 ≥ 2.5 × R
    expect(a.suggestedSeverity).toBe('major');
    const g = buildGuidance(a, 'en');
    expect(g.stages.map((s) => s.stage)).toEqual(['accept_emotion', 'clarify_facts', 'offer_plan']);
    expect(g.riskNotes.map((n) => n.flag)).toEqual(['media_threat']);
    expect(labelsOf(a)).toEqual({ emotionalNeeds: ['be_heard', 'vent'], rationalNeeds: ['compensation'], emotionalIntensity: 2, riskFlags: ['media_threat'] });
  });
});

describe('inOrder and textExcerpt', () => {
  it('de-duplicates in the given order', () => {
    expect(inOrder(['c', 'a', 'c'], ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });
  it('keeps short texts and cuts long ones to the limit', () => {
    expect(textExcerpt('s', 'd')).toBe('s\nd');
    const cut = textExcerpt('s', 'x'.repeat(1000), 500);
    expect(cut).toHaveLength(500);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('triagePriority: the high-value rule', () => {
  // A churn, regulator or media threat from a diamond or platinum customer is never below P2,
  // whatever the severity, segment, credit grade or intensity.
  it.each(['churn_threat', 'regulator_threat', 'media_threat'] as RiskFlag[])('%s from a diamond/platinum customer is at least P2', (flag) => {
    for (const tier of ['diamond', 'platinum'] as const)
      for (const severity of ['ordinary', 'serious', 'major'] as const)
        for (const emotionalIntensity of [0, 1, 2, 3] as const)
          for (const valueSegment of [null, 'D'] as const)
            for (const creditGrade of [null, 5]) {
              const r = triagePriority(severity, { tier, valueSegment, creditGrade }, { emotionalIntensity, riskFlags: [flag] });
              expect(RANK[r.priority]).toBeLessThanOrEqual(2);
            }
  });

  it('the same threat from a standard customer of a low segment may stay low', () => {
    expect(triagePriority('ordinary', { tier: 'standard', valueSegment: 'D' }, { emotionalIntensity: 0, riskFlags: ['churn_threat'] }).priority).toBe('P4');
  });

  it('refines the intake priority of a diamond customer threatening to port out from P3 to P2', () => {
    const text = '信号差了一个月没人处理\n再不解决我就携号转网。';
    const suggestion = withComplaintContext(analyzeText(text, { customerTier: 'diamond' }), { isRepeat: false, customerTier: 'diamond' });
    expect(suggestion.riskFlags).toEqual(expect.arrayContaining(['churn_threat', 'high_value_customer']));
    expect(triagePriority('ordinary', { tier: 'diamond' }, { emotionalIntensity: 0, riskFlags: [] }).priority).toBe('P3');
    expect(triagePriority('ordinary', { tier: 'diamond' }, suggestion).priority).toBe('P2');
  });

  it('is defined for every tier with no triage signal at all', () => {
    for (const tier of CUSTOMER_TIERS) expect(triagePriority('ordinary', { tier }, { emotionalIntensity: 0, riskFlags: [] }).priority).toMatch(/^P[1-4]$/);
  });
});
