/**
 * When a failed delivery is tried again (pure): exponential backoff from one second, doubling
 * up to one hour between attempts; a delivery still failing 24 hours after its first attempt is
 * given up, and its webhook disabled.
 */
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 3600_000;
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** Delay before the next attempt after `attempts` failed ones (1-based). */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
}

export type FailureOutcome = { giveUp: true } | { giveUp: false; nextAttemptAt: Date };

/** What a failed attempt leads to: another attempt, or giving up once 24 h have passed since the first. */
export function afterFailure(attempts: number, firstAttemptAt: Date, now: Date, giveUpAfterMs = GIVE_UP_AFTER_MS): FailureOutcome {
  if (now.getTime() - firstAttemptAt.getTime() >= giveUpAfterMs) return { giveUp: true };
  return { giveUp: false, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
