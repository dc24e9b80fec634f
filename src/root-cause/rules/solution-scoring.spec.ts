import fc from 'fast-check';
import { rankSolutions, scoreSolution, SolutionRatings } from './solution-scoring';

const rating = fc.integer({ min: 1, max: 5 });
const ratings = fc.record({ risk: rating, timing: rating, resources: rating, effort: rating });

describe('solution scoring on the four criteria', () => {
  it('scores the best and the worst solution 100 and 0', () => {
    expect(scoreSolution({ risk: 1, timing: 5, resources: 5, effort: 1 })).toBe(100);
    expect(scoreSolution({ risk: 5, timing: 1, resources: 1, effort: 5 })).toBe(0);
    expect(scoreSolution({ risk: 3, timing: 3, resources: 3, effort: 3 })).toBe(50);
    expect(scoreSolution({ risk: 2, timing: 4, resources: 3, effort: 5 })).toBe(50);
  });

  it('stays in 0..100', () => {
    fc.assert(fc.property(ratings, (r) => {
      const s = scoreSolution(r);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
    }));
  });

  it('falls with more risk or effort, rises with sooner effect or more resources', () => {
    fc.assert(
      fc.property(ratings, fc.constantFrom<keyof SolutionRatings>('risk', 'timing', 'resources', 'effort'), (r, k) => {
        if (r[k] === 5) return;
        const higher = scoreSolution({ ...r, [k]: r[k] + 1 });
        if (k === 'risk' || k === 'effort') expect(higher).toBeLessThan(scoreSolution(r));
        else expect(higher).toBeGreaterThan(scoreSolution(r));
      }),
    );
  });

  it('weights the criteria', () => {
    const r = { risk: 5, timing: 5, resources: 5, effort: 5 };
    expect(scoreSolution(r, { risk: 3, timing: 1, resources: 0, effort: 0 })).toBe(25);
  });

  it('refuses ratings outside 1..5 or fractions', () => {
    expect(() => scoreSolution({ risk: 0, timing: 3, resources: 3, effort: 3 })).toThrow(/risk/);
    expect(() => scoreSolution({ risk: 3, timing: 6, resources: 3, effort: 3 })).toThrow(/timing/);
    expect(() => scoreSolution({ risk: 3, timing: 3, resources: 2.5, effort: 3 })).toThrow(/resources/);
  });

  it('ranks best first; equal scores go to the lower risk, then the lower effort, then the earlier', () => {
    const at = (s: number) => new Date(1_800_000_000_000 + s * 1000);
    const ranked = rankSolutions([
      { id: 'a', risk: 3, timing: 3, resources: 3, effort: 3, createdAt: at(1) },
      { id: 'b', risk: 1, timing: 5, resources: 5, effort: 1, createdAt: at(2) },
      { id: 'c', risk: 2, timing: 4, resources: 3, effort: 5, createdAt: at(3) },
      { id: 'd', risk: 2, timing: 4, resources: 3, effort: 5, createdAt: at(0) },
    ]);
    expect(ranked.map((s) => [s.id, s.score, s.rank])).toEqual([
      ['b', 100, 1],
      ['d', 50, 2],
      ['c', 50, 3],
      ['a', 50, 4],
    ]);
  });
});
