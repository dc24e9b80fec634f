import { retryDelayMs } from './fulfilment-backoff';

describe('fulfilment backoff', () => {
  it('doubles from the base after each failed attempt, capped at a day', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 2000))).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(retryDelayMs(40, 2000)).toBe(24 * 3600 * 1000);
  });
});
