import fc from 'fast-check';
import { COMPENSATION_TYPES } from './compensation.enums';
import { isKnownCurrency, proposalInputErrors, proposalValue } from './compensation-value';

describe('proposal input and value', () => {
  it('money and in-kind types need amount and currency, no points', () => {
    for (const type of ['bill_credit', 'refund', 'discount', 'value_added_service', 'gift'] as const) {
      expect(proposalInputErrors({ type, amount: 100, currency: 'CNY' }, 'CNY')).toEqual([]);
      expect(proposalInputErrors({ type }, 'CNY').map((e) => e.field)).toEqual(['amount', 'currency']);
      expect(proposalInputErrors({ type, amount: 100, currency: 'CNY', points: 5 }, 'CNY').map((e) => e.field)).toEqual(['points']);
    }
  });

  it('points need points, no money', () => {
    expect(proposalInputErrors({ type: 'points', points: 500 }, 'CNY')).toEqual([]);
    expect(proposalInputErrors({ type: 'points' }, 'CNY').map((e) => e.field)).toEqual(['points']);
    expect(proposalInputErrors({ type: 'points', points: 500, amount: 100, currency: 'CNY' }, 'CNY').map((e) => e.field)).toEqual(['amount', 'currency']);
  });

  it('an unknown currency or one other than the limits\' is refused naming currency', () => {
    expect(isKnownCurrency('CNY')).toBe(true);
    expect(isKnownCurrency('XXQ')).toBe(false);
    expect(proposalInputErrors({ type: 'refund', amount: 100, currency: 'XXQ' }, 'CNY')).toEqual([{ field: 'currency', message: 'XXQ is not an ISO 4217 currency code' }]);
    expect(proposalInputErrors({ type: 'refund', amount: 100, currency: 'EUR' }, 'CNY')[0].field).toBe('currency');
  });

  it('points are valued at the configured rate, rounded up, in integers', () => {
    expect(proposalValue({ type: 'points', points: 1000 }, { points: 100, minorUnits: 100 })).toBe(1000);
    expect(proposalValue({ type: 'points', points: 1 }, { points: 3, minorUnits: 1 })).toBe(1);
    expect(proposalValue({ type: 'points', points: 1_000_000_000 }, { points: 1, minorUnits: 10 })).toBe(10_000_000_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (points, per, minor) => {
        const v = proposalValue({ type: 'points', points }, { points: per, minorUnits: minor });
        return Number.isSafeInteger(v) && v * per >= points * minor && (v - 1) * per < points * minor;
      }),
    );
  });

  it('every type has a rule', () => {
    for (const type of COMPENSATION_TYPES) expect(Array.isArray(proposalInputErrors({ type }, 'CNY'))).toBe(true);
  });
});
