/** Delay before the next attempt after `attemptsSoFar` failed ones: base, 2·base, 4·base, … (capped at a day). */
export function retryDelayMs(attemptsSoFar: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attemptsSoFar - 1), 24 * 3600 * 1000);
}
