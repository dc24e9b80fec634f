import fc from 'fast-check';
import { afterFailure, GIVE_UP_AFTER_MS, MAX_RETRY_MS, retryDelayMs } from './delivery-schedule';

describe('delivery schedule', () => {
  it('doubles from one second up to an hour', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(retryDelayMs(13)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(500)).toBe(MAX_RETRY_MS);
  });

  it('never shrinks and stays within bounds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (n) => retryDelayMs(n + 1) >= retryDelayMs(n) && retryDelayMs(n) >= 1000 && retryDelayMs(n) <= MAX_RETRY_MS));
  });

  it('gives up 24 h after the first attempt', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    expect(afterFailure(3, first, new Date(first.getTime() + 5000))).toEqual({ giveUp: false, nextAttemptAt: new Date(first.getTime() + 5000 + 4000) });
    expect(afterFailure(30, first, new Date(first.getTime() + GIVE_UP_AFTER_MS - 1)).giveUp).toBe(false);
    expect(afterFailure(30, first, new Date(first.getTime() + GIVE_UP_AFTER_MS))).toEqual({ giveUp: true });
  });

  it('a receiver down for a day is tried a few dozen times, not thousands', () => {
    let t = 0, n = 0;
    while (t < GIVE_UP_AFTER_MS) t += retryDelayMs(++n);
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(40);
  });
});
