import { COMPLAINT_REFERENCE_PATTERN, formatComplaintReference } from './complaint-reference';

describe('complaint reference', () => {
  it('pads the sequence to six digits after the year', () => {
    expect(formatComplaintReference(2026, 42)).toBe('CMP-2026-000042');
    expect(formatComplaintReference(2027, '1')).toBe('CMP-2027-000001');
  });
  it('keeps growing past six digits instead of wrapping', () => {
    expect(formatComplaintReference(2026, 1234567)).toBe('CMP-2026-1234567');
    expect(COMPLAINT_REFERENCE_PATTERN.test('CMP-2026-1234567')).toBe(true);
  });
  it('rejects values a sequence cannot produce', () => {
    expect(() => formatComplaintReference(2026, 0)).toThrow();
    expect(() => formatComplaintReference(2026, '12a')).toThrow();
  });
  it('matches its own pattern', () => {
    expect(COMPLAINT_REFERENCE_PATTERN.test(formatComplaintReference(2026, 7))).toBe(true);
    expect(COMPLAINT_REFERENCE_PATTERN.test('CMP-26-7')).toBe(false);
  });
});
