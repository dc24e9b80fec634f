export interface ParetoInput {
  group: string;
  count: number;
}

export interface ParetoRow extends ParetoInput {
  share: number;
  cumulativeShare: number;
}

/**
 * Pareto order: groups by count, largest first (ties by group name), each with its share of
 * the total and the cumulative share, both on 0..1; the last cumulative share is exactly 1.
 * Groups with no count are left out.
 */
export function pareto(rows: ParetoInput[]): ParetoRow[] {
  const merged = new Map<string, number>();
  for (const r of rows) if (r.count > 0) merged.set(r.group, (merged.get(r.group) ?? 0) + r.count);
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  let running = 0;
  return [...merged.entries()]
    .sort(([ga, a], [gb, b]) => b - a || (ga < gb ? -1 : ga > gb ? 1 : 0))
    .map(([group, count]) => {
      running += count;
      return { group, count, share: count / total, cumulativeShare: running / total };
    });
}

/** The "vital few": the groups that make up the first `threshold` (default 80 %) of the total. */
export function vitalFew(rows: ParetoRow[], threshold = 0.8): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(r.group);
    if (r.cumulativeShare >= threshold) break;
  }
  return out;
}
