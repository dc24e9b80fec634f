// Temporary until the triage priority module lands: severity and tier only.
export function derivePriority(input: { severity: string; customerTier?: string; valueSegment?: string; creditGrade?: number | null }): { priority: 'P1' | 'P2' | 'P3' | 'P4' } {
  const high = input.customerTier === 'diamond' || input.customerTier === 'platinum';
  if (input.severity === 'major') return { priority: high ? 'P1' : 'P2' };
  if (input.severity === 'serious') return { priority: high ? 'P2' : 'P3' };
  return { priority: high ? 'P3' : input.customerTier === 'gold' ? 'P3' : 'P4' };
}
