import fc from 'fast-check';
import { pareto, vitalFew } from './pareto';

describe('Pareto computation', () => {
  it('orders by count, with share and cumulative share ending at exactly 1', () => {
    const rows = pareto([
      { group: 'price', count: 1 },
      { group: 'product', count: 6 },
      { group: 'service_time_limit_exceeded', count: 3 },
    ]);
    expect(rows).toEqual([
      { group: 'product', count: 6, share: 0.6, cumulativeShare: 0.6 },
      { group: 'service_time_limit_exceeded', count: 3, share: 0.3, cumulativeShare: 0.9 },
      { group: 'price', count: 1, share: 0.1, cumulativeShare: 1 },
    ]);
  });

  it('merges repeated groups, drops empty ones, breaks ties by name, and is empty without data', () => {
    expect(pareto([{ group: 'b', count: 2 }, { group: 'a', count: 1 }, { group: 'a', count: 1 }, { group: 'z', count: 0 }]).map((r) => r.group)).toEqual(['a', 'b']);
    expect(pareto([])).toEqual([]);
    expect(pareto([{ group: 'a', count: 0 }])).toEqual([]);
  });

  it('holds its invariants for any counts', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ group: fc.string({ minLength: 1, maxLength: 6 }), count: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 30 }), (input) => {
        const rows = pareto(input);
        const total = input.reduce((a, r) => a + r.count, 0);
        if (total === 0) return expect(rows).toEqual([]);
        expect(rows[rows.length - 1].cumulativeShare).toBe(1);
        expect(rows.reduce((a, r) => a + r.count, 0)).toBe(total);
        for (let i = 1; i < rows.length; i++) {
          expect(rows[i].count).toBeLessThanOrEqual(rows[i - 1].count);
          expect(rows[i].cumulativeShare).toBeGreaterThanOrEqual(rows[i - 1].cumulativeShare);
        }
        for (const r of rows) expect(r.share).toBeGreaterThan(0);
      }),
    );
  });

  it('names the vital few that make up 80 %', () => {
    const rows = pareto([{ group: 'a', count: 50 }, { group: 'b', count: 30 }, { group: 'c', count: 15 }, { group: 'd', count: 5 }]);
    expect(vitalFew(rows)).toEqual(['a', 'b']);
  });
});
