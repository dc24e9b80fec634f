/** Pure rules for slowing down password guessing on one email. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LOCK_MS = 15 * 60_000;

export interface LoginAttemptState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

/** Seconds until the email may try again, or 0 when it may try now. */
export function lockedForSeconds(state: LoginAttemptState | null | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more failed login: the 5th failure within 15 minutes locks the email for 15 minutes. */
export function afterFailure(state: LoginAttemptState | null | undefined, now: Date): LoginAttemptState {
  if (state && lockedForSeconds(state, now) > 0) return state;
  const fresh = !state || state.lockedUntil !== null || now.getTime() - state.windowStartedAt.getTime() >= LOGIN_WINDOW_MS;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const lockedUntil = failures >= LOGIN_MAX_FAILURES ? new Date(now.getTime() + LOGIN_LOCK_MS) : null;
  return { failures, windowStartedAt, lockedUntil };
}
