/**
 * Candidate solutions weighed on the brief's four criteria, each rated 1..5 as staff see it:
 * - `risk`: how risky the solution is (5 = most risky);
 * - `timing`: how soon it takes effect (5 = soonest);
 * - `resources`: how available the people, money and systems it needs are (5 = fully available);
 * - `effort`: the cost of effort (5 = most costly).
 * The score is the mean favourability (risk and effort inverted) on 0..100, so a safe, quick,
 * resourced and cheap solution scores 100 and the opposite 0.
 */
export interface SolutionRatings {
  risk: number;
  timing: number;
  resources: number;
  effort: number;
}

export const RATING_MIN = 1;
export const RATING_MAX = 5;

export interface ScoreWeights {
  risk: number;
  timing: number;
  resources: number;
  effort: number;
}

export const EQUAL_WEIGHTS: ScoreWeights = { risk: 1, timing: 1, resources: 1, effort: 1 };

/** Favourability of each criterion on 0..1. */
export function favourability(r: SolutionRatings): SolutionRatings {
  const span = RATING_MAX - RATING_MIN;
  return {
    risk: (RATING_MAX - r.risk) / span,
    timing: (r.timing - RATING_MIN) / span,
    resources: (r.resources - RATING_MIN) / span,
    effort: (RATING_MAX - r.effort) / span,
  };
}

/** The score on 0..100, rounded to one decimal. */
export function scoreSolution(r: SolutionRatings, weights: ScoreWeights = EQUAL_WEIGHTS): number {
  for (const k of ['risk', 'timing', 'resources', 'effort'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < RATING_MIN || r[k] > RATING_MAX) throw new RangeError(`${k} must be an integer ${RATING_MIN}..${RATING_MAX}`);
  }
  const f = favourability(r);
  const total = weights.risk + weights.timing + weights.resources + weights.effort;
  const value = (f.risk * weights.risk + f.timing * weights.timing + f.resources * weights.resources + f.effort * weights.effort) / total;
  return Math.round(value * 1000) / 10;
}

/** Best first: higher score, then lower risk, then lower effort, then earlier proposed. */
export function rankSolutions<T extends SolutionRatings & { createdAt: Date; id: string }>(solutions: T[]): (T & { score: number; rank: number })[] {
  return solutions
    .map((s) => ({ ...s, score: scoreSolution(s) }))
    .sort((a, b) => b.score - a.score || a.risk - b.risk || a.effort - b.effort || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((s, i) => ({ ...s, rank: i + 1 }));
}
