import { suggestCompensation, SuggestionInput } from './suggestions';

const base: SuggestionInput = {
  tier: 'gold',
  valueSegment: null,
  severity: 'ordinary',
  category: 'billing',
  triage: { dominant: 'emotional', emotionalNeeds: ['be_respected'], rationalNeeds: [], riskFlags: [], emotionalIntensity: 2 },
  acceptance: [],
  currency: 'CNY',
  pointRate: { points: 1, minorUnits: 1 },
};

describe('compensation suggestions', () => {
  it('emotional-dominant: non-monetary gestures first; money only when asked for, after them', () => {
    const s = suggestCompensation(base);
    expect(s.map((x) => x.type)).toEqual(['points', 'gift']);
    const asked = suggestCompensation({ ...base, triage: { ...base.triage!, rationalNeeds: ['compensation'] } });
    expect(asked.map((x) => x.type)).toEqual(['points', 'gift', 'bill_credit']);
    expect(s[0].why).toMatch(/emotional-dominant complaint \(be_respected\)/i);
  });

  it('rational need for compensation: a monetary remedy first', () => {
    const s = suggestCompensation({ ...base, triage: { dominant: 'rational', emotionalNeeds: [], rationalNeeds: ['fix_problem', 'compensation'], riskFlags: [], emotionalIntensity: 0 } });
    expect(s[0]).toMatchObject({ type: 'bill_credit', amount: 3000, currency: 'CNY', value: 3000 });
    const refund = suggestCompensation({ ...base, category: 'network', triage: { dominant: 'rational', emotionalNeeds: [], rationalNeeds: ['compensation'], riskFlags: [], emotionalIntensity: 0 } });
    expect(refund[0].type).toBe('refund');
  });

  it('high-value customers get an exclusive service; tier, segment and severity size it', () => {
    const s = suggestCompensation({ ...base, tier: 'diamond', valueSegment: 'A', severity: 'serious' });
    expect(s[0]).toMatchObject({ type: 'value_added_service', amount: 30000, value: 30000 });
    expect(s[0].why).toContain('Diamond customer, value segment A, serious complaint: about 300 CNY');
    expect(suggestCompensation({ ...base, tier: 'standard', valueSegment: 'D' })[0].value).toBe(800);
  });

  it('a churn threat adds an exclusive discount', () => {
    const s = suggestCompensation({ ...base, triage: { ...base.triage!, riskFlags: ['churn_threat'] } });
    expect(s.map((x) => x.type)).toContain('discount');
  });

  it('types customers of the tier mostly declined sink; rates are quoted in the reasons', () => {
    const s = suggestCompensation({ ...base, acceptance: [{ type: 'points', decided: 10, accepted: 1 }, { type: 'gift', decided: 4, accepted: 3 }] });
    expect(s.map((x) => x.type)).toEqual(['gift', 'points']);
    expect(s[0].why).toContain('Accepted 3 of 4 times by gold customers (75%)');
    expect(s[1].why).toContain('Accepted 1 of 10 times');
  });

  it('points are given as points at the configured rate; every suggestion says why', () => {
    const s = suggestCompensation({ ...base, pointRate: { points: 100, minorUnits: 100 } });
    expect(s[0]).toMatchObject({ type: 'points', points: 3000, value: 3000 });
    expect(s[0].amount).toBeUndefined();
    for (const dominant of ['emotional', 'rational', 'mixed'] as const) {
      for (const x of suggestCompensation({ ...base, triage: { ...base.triage!, dominant } })) expect(x.why.length).toBeGreaterThan(20);
    }
    expect(suggestCompensation({ ...base, triage: null }).length).toBeGreaterThan(0);
  });
});
