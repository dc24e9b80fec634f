import { afterFailure, LOGIN_LOCK_MS, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, LoginAttemptState, lockedForSeconds } from './login-throttle';

const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(times: number, stepMs: number, start: LoginAttemptState | null = null): LoginAttemptState | null {
  let state = start;
  for (let i = 0; i < times; i++) state = afterFailure(state, at(i * stepMs));
  return state;
}

describe('login throttling', () => {
  it('does not lock before the 5th failure', () => {
    const state = fail(LOGIN_MAX_FAILURES - 1, 1000);
    expect(state).toMatchObject({ failures: 4, lockedUntil: null });
    expect(lockedForSeconds(state, at(5000))).toBe(0);
  });

  it('locks for 15 minutes on the 5th failure within 15 minutes', () => {
    const state = fail(LOGIN_MAX_FAILURES, 1000)!;
    expect(state.lockedUntil).toEqual(at(4000 + LOGIN_LOCK_MS));
    expect(lockedForSeconds(state, at(5000))).toBe(LOGIN_LOCK_MS / 1000 - 1);
    expect(lockedForSeconds(state, at(4000 + LOGIN_LOCK_MS))).toBe(0);
  });

  it('a failure during the lock does not reset or extend it', () => {
    const locked = fail(LOGIN_MAX_FAILURES, 1000)!;
    expect(afterFailure(locked, at(60_000))).toBe(locked);
  });

  it('starts a new window after 15 minutes or after the lock expired', () => {
    const slow = fail(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS / 4 + 1);
    expect(slow!.lockedUntil).toBeNull();
    const locked = fail(LOGIN_MAX_FAILURES, 1000)!;
    const after = afterFailure(locked, at(LOGIN_LOCK_MS + 10_000));
    expect(after).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('treats no record as not locked', () => {
    expect(lockedForSeconds(null, t0)).toBe(0);
    expect(lockedForSeconds(undefined, t0)).toBe(0);
  });
});
