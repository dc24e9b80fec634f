import fc from 'fast-check';
import { CUSTOMER_TIERS, CustomerTier } from '../customer.enums';
import { SEVERITIES } from '../complaint.enums';
import { Intensity, RISK_FLAGS, RiskFlag } from '../triage-vocabulary';

/** Tiers from lowest to highest value, for the monotonicity property. */
const TIERS_ASCENDING: readonly CustomerTier[] = ['standard', 'silver', 'gold', 'platinum', 'diamond'];
import { DEFAULT_PRIORITY_WEIGHTS, derivePriority, Priority, PriorityInput, ValueSegment } from './priority';

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };
const SEGMENTS: ValueSegment[] = ['A', 'B', 'C', 'D'];

describe('derivePriority: baseline rules', () => {
  it('ordinary complaint from a standard customer with nothing else is P4', () => {
    expect(derivePriority({ severity: 'ordinary', customerTier: 'standard' }).priority).toBe('P4');
    expect(derivePriority({ severity: 'ordinary' }).priority).toBe('P4');
  });
  it('gold ordinary is P3', () => {
    expect(derivePriority({ severity: 'ordinary', customerTier: 'gold' }).priority).toBe('P3');
  });
  it('works with severity and tier only (intake)', () => {
    for (const severity of SEVERITIES)
      for (const customerTier of CUSTOMER_TIERS) {
        const r = derivePriority({ severity, customerTier });
        expect(['P1', 'P2', 'P3', 'P4']).toContain(r.priority);
        expect(r.reasons.length).toBeGreaterThan(0);
      }
  });
  it('major is at least P2, P1 for diamond/platinum or external threats', () => {
    for (const customerTier of CUSTOMER_TIERS) {
      const r = derivePriority({ severity: 'major', customerTier });
      expect(RANK[r.priority]).toBeLessThanOrEqual(2);
      if (customerTier === 'diamond' || customerTier === 'platinum') expect(r.priority).toBe('P1');
    }
    expect(derivePriority({ severity: 'major', customerTier: 'standard' }).priority).toBe('P2');
    for (const f of ['regulator_threat', 'media_threat', 'legal_threat'] as RiskFlag[])
      expect(derivePriority({ severity: 'major', customerTier: 'standard', riskFlags: [f] }).priority).toBe('P1');
  });
  it('churn/regulator/media threats from high-value customers are never below P2', () => {
    for (const f of ['churn_threat', 'regulator_threat', 'media_threat'] as RiskFlag[]) {
      for (const customerTier of ['diamond', 'platinum'] as const)
        expect(RANK[derivePriority({ severity: 'ordinary', customerTier, riskFlags: [f] }).priority]).toBeLessThanOrEqual(2);
      expect(
        RANK[derivePriority({ severity: 'ordinary', customerTier: 'standard', valueSegment: 'A', riskFlags: [f] }).priority],
      ).toBeLessThanOrEqual(2);
    }
  });
  it('a churn threat from a standard customer alone does not jump to P2', () => {
    expect(derivePriority({ severity: 'ordinary', riskFlags: ['churn_threat'] }).priority).toBe('P4');
  });
  it('adds credit grade, segment and intensity points and explains them', () => {
    const base = derivePriority({ severity: 'serious', customerTier: 'silver' });
    const more = derivePriority({ severity: 'serious', customerTier: 'silver', valueSegment: 'B', creditGrade: 1, emotionalIntensity: 3 });
    expect(more.score).toBeGreaterThan(base.score);
    expect(more.reasons.join(' ')).toMatch(/segment B/);
    expect(more.reasons.join(' ')).toMatch(/credit grade 1/);
    expect(more.reasons.join(' ')).toMatch(/intensity 3/);
    expect(derivePriority({ severity: 'ordinary', creditGrade: null }).score).toBe(0);
    expect(derivePriority({ severity: 'ordinary', creditGrade: 5 }).score).toBe(0);
    expect(derivePriority({ severity: 'ordinary', creditGrade: 1 }).score).toBe(DEFAULT_PRIORITY_WEIGHTS.creditGrade['1']);
  });
  it('counts a repeated flag once', () => {
    const once = derivePriority({ severity: 'ordinary', riskFlags: ['repeat_complaint'] });
    const twice = derivePriority({ severity: 'ordinary', riskFlags: ['repeat_complaint', 'repeat_complaint'] });
    expect(twice.score).toBe(once.score);
  });
  it('accepts custom weights', () => {
    const w = { ...DEFAULT_PRIORITY_WEIGHTS, thresholds: { P1: 1000, P2: 999, P3: 998 } };
    expect(derivePriority({ severity: 'serious', customerTier: 'diamond' }, w).priority).toBe('P4');
    expect(derivePriority({ severity: 'major', customerTier: 'diamond' }, w).priority).toBe('P1');
  });
});

describe('derivePriority: exhaustive grid', () => {
  it('is well-defined and respects floors for every combination', () => {
    const intensities: (Intensity | undefined)[] = [undefined, 0, 1, 2, 3];
    const segments: (ValueSegment | undefined)[] = [undefined, ...SEGMENTS];
    const grades: (number | null | undefined)[] = [undefined, null, 1, 2, 3, 4, 5];
    const flagSets: RiskFlag[][] = [[], ...RISK_FLAGS.map((f) => [f]), ['churn_threat', 'repeat_complaint'], [...RISK_FLAGS]];
    let n = 0;
    for (const severity of SEVERITIES)
      for (const customerTier of CUSTOMER_TIERS)
        for (const valueSegment of segments)
          for (const creditGrade of grades)
            for (const emotionalIntensity of intensities)
              for (const riskFlags of flagSets) {
                const r = derivePriority({ severity, customerTier, valueSegment, creditGrade, emotionalIntensity, riskFlags });
                n++;
                if (severity === 'major') expect(RANK[r.priority]).toBeLessThanOrEqual(2);
                const hv = customerTier === 'diamond' || customerTier === 'platinum' || valueSegment === 'A';
                if (hv && riskFlags.some((f) => ['churn_threat', 'regulator_threat', 'media_threat'].includes(f)))
                  expect(RANK[r.priority]).toBeLessThanOrEqual(2);
                expect(r.score).toBeGreaterThanOrEqual(0);
              }
    expect(n).toBeGreaterThan(10000);
  });
});

describe('derivePriority: monotonicity (property)', () => {
  const arbInput: fc.Arbitrary<PriorityInput> = fc.record(
    {
      severity: fc.constantFrom(...SEVERITIES),
      customerTier: fc.constantFrom(...CUSTOMER_TIERS),
      valueSegment: fc.constantFrom(...SEGMENTS),
      creditGrade: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      emotionalIntensity: fc.constantFrom<Intensity>(0, 1, 2, 3),
      riskFlags: fc.uniqueArray(fc.constantFrom(...RISK_FLAGS)),
    },
    { requiredKeys: ['severity'] },
  );
  const rank = (i: PriorityInput) => RANK[derivePriority(i).priority];

  it('adding a risk flag never lowers priority', () => {
    fc.assert(
      fc.property(arbInput, fc.constantFrom(...RISK_FLAGS), (input, flag) => {
        const more = { ...input, riskFlags: [...(input.riskFlags ?? []), flag] };
        expect(rank(more)).toBeLessThanOrEqual(rank(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('raising severity, tier or intensity never lowers priority', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), (input, s, t, i) => {
        const sev = SEVERITIES.indexOf(input.severity);
        const tier = TIERS_ASCENDING.indexOf(input.customerTier ?? 'standard');
        const inten = input.emotionalIntensity ?? 0;
        const raised: PriorityInput = {
          ...input,
          severity: SEVERITIES[Math.max(sev, s)],
          customerTier: TIERS_ASCENDING[Math.max(tier, t)],
          emotionalIntensity: Math.max(inten, i) as Intensity,
        };
        expect(rank(raised)).toBeLessThanOrEqual(rank(input));
      }),
      { numRuns: 2000 },
    );
  });
});
