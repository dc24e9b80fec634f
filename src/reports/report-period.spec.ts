import { AppException } from '../common/errors/app.exception';
import { parsePeriod } from './report-period';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppException).extras.errors?.map((x) => x.field);
  }
  return undefined;
};

describe('parsePeriod', () => {
  it('defaults to the 30 days before now, in the service zone', () => {
    const p = parsePeriod({}, NOW);
    expect(p.to).toEqual(NOW);
    expect(p.from).toEqual(new Date('2026-10-26T12:00:00.000Z'));
    expect(p.tz).toBe(process.env.TIMEZONE ?? 'UTC');
  });

  it('takes from (inclusive) and to (exclusive) with offsets, and a zone', () => {
    const p = parsePeriod({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01', tz: 'Asia/Shanghai' }, NOW);
    expect(p.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(p.tz).toBe('Asia/Shanghai');
  });

  it('names the parameter of each bad input', () => {
    expect(fieldOf(() => parsePeriod({ from: 'yesterday' }, NOW))).toEqual(['from']);
    expect(fieldOf(() => parsePeriod({ to: '2026-13-45T00:00:00Z' }, NOW))).toEqual(['to']);
    expect(fieldOf(() => parsePeriod({ from: '2026-11-02', to: '2026-11-01' }, NOW))).toEqual(['from']);
    expect(fieldOf(() => parsePeriod({ from: '2026-11-01', to: '2026-11-01' }, NOW))).toEqual(['from']);
    expect(fieldOf(() => parsePeriod({ from: '2025-01-01', to: '2026-01-03' }, NOW))).toEqual(['to']);
    expect(fieldOf(() => parsePeriod({ tz: 'Mars/Olympus' }, NOW))).toEqual(['tz']);
  });

  it('allows exactly 366 days, and any span when the caller does not limit it', () => {
    expect(() => parsePeriod({ from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, NOW)).not.toThrow();
    expect(() => parsePeriod({ from: '1970-01-01T00:00:00Z' }, NOW, false)).not.toThrow();
  });
});
