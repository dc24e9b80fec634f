/** Human-friendly reference, e.g. CMP-2026-000042, from the year and a database sequence value. */
export function formatComplaintReference(year: number, sequenceValue: number | string): string {
  const n = String(sequenceValue);
  if (!/^\d+$/.test(n) || Number(n) < 1) throw new Error(`invalid sequence value ${n}`);
  return `CMP-${year}-${n.padStart(6, '0')}`;
}

export const COMPLAINT_REFERENCE_PATTERN = /^CMP-\d{4}-\d{6,}$/;
