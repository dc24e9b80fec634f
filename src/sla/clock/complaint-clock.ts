/**
 * The state machine of one SLA clock of a complaint (pure, no I/O).
 *
 * A clock measures business seconds since `startedAt`, excluding the business part of
 * every pause. Its deadline is `addBusinessSeconds(startedAt, targetSeconds + pausedBusinessSeconds)`.
 * Transitions return the next state and one ledger entry, or `null` for an illegal move
 * (pausing a stopped clock, resuming a running one, going back in time, ...).
 *
 * Times passed as `now`/`at` are expected not to precede the clock's last transition.
 */
import { addBusinessMs, businessMsBetween, CalendarDefinition } from './business-calendar';

export type ClockKind = 'acknowledge' | 'resolve' | 'update' | 'final_response';
export type ClockStatus = 'running' | 'paused' | 'stopped';

export interface EscalationStep {
  /** Positive integer; becomes part of the firing name `escalation-<level>`. */
  level: number;
  /** Business seconds after the breach at which this step fires. */
  afterBreachSeconds: number;
  notifyRole: string;
}

export interface ClockState {
  kind: ClockKind;
  status: ClockStatus;
  startedAt: Date;
  targetSeconds: number;
  /** Business seconds of completed pauses (a pause in progress is not included). */
  pausedBusinessSeconds: number;
  /**
   * Start of the pause in progress. Also kept on a clock stopped while paused: its
   * business time then ended at `pausedAt`, not at `stoppedAt`.
   */
  pausedAt: Date | null;
  stoppedAt: Date | null;
  /** Fraction of the target at which a warning fires; 0 (or >= 1) means no warning. */
  warnAtRatio: number;
  escalation: EscalationStep[];
}

export interface ClockPolicyTargets {
  targetSeconds: number;
  warnAtRatio: number;
  escalation: EscalationStep[];
}

export type LedgerAction = 'start' | 'pause' | 'resume' | 'stop' | 'recalculate';

export interface LedgerEntry {
  action: LedgerAction;
  at: Date;
  reason: string;
  /** The fixed deadline after the move; null while paused or when no calendar was given. */
  dueAt: Date | null;
  detail?: Record<string, unknown>;
}

export interface ClockTransition {
  state: ClockState;
  ledger: LedgerEntry;
}

export interface ClockFiring {
  /** `warning`, `breach` or `escalation-<level>`; always matches /^[a-z0-9-]+$/. */
  firing: string;
  at: Date;
}

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

function ms(date: Date, name: string): number {
  const value = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a valid Date`);
  return value;
}

function toMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

function checkSeconds(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite, non-negative number of seconds, got ${value}`);
  }
}

function checkPolicy(targetSeconds: number, warnAtRatio: number, escalation: EscalationStep[]): void {
  checkSeconds(targetSeconds, 'targetSeconds');
  if (typeof warnAtRatio !== 'number' || !Number.isFinite(warnAtRatio) || warnAtRatio < 0) {
    throw new RangeError(`warnAtRatio must be a finite, non-negative number, got ${warnAtRatio}`);
  }
  if (!Array.isArray(escalation)) throw new RangeError('escalation must be an array');
  const levels = new Set<number>();
  escalation.forEach((step, i) => {
    if (!Number.isInteger(step.level) || step.level < 1) {
      throw new RangeError(`escalation[${i}].level must be a positive integer, got ${step.level}`);
    }
    if (levels.has(step.level)) throw new RangeError(`escalation[${i}].level ${step.level} is duplicated`);
    levels.add(step.level);
    checkSeconds(step.afterBreachSeconds, `escalation[${i}].afterBreachSeconds`);
  });
}

function copyEscalation(escalation: EscalationStep[]): EscalationStep[] {
  return escalation.map((step) => ({ ...step })).sort((a, b) => a.level - b.level);
}

/** `calendar === undefined` means "not supplied": the ledger then carries no due date. */
function ledgerDue(state: ClockState, calendar: CalendarDefinition | null | undefined): Date | null {
  return calendar === undefined ? null : dueAt(state, calendar);
}

// ---------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------

/**
 * Start a clock. `calendar` is optional and only used to put the due date in the ledger
 * entry (pass `null` for 24x7; omit it to leave `ledger.dueAt` null).
 */
export function startClock(
  kind: ClockKind,
  startedAt: Date,
  policyTargets: ClockPolicyTargets,
  reason: string,
  calendar?: CalendarDefinition | null,
): ClockTransition {
  ms(startedAt, 'startedAt');
  checkPolicy(policyTargets.targetSeconds, policyTargets.warnAtRatio, policyTargets.escalation);
  const state: ClockState = {
    kind,
    status: 'running',
    startedAt: new Date(startedAt.getTime()),
    targetSeconds: policyTargets.targetSeconds,
    pausedBusinessSeconds: 0,
    pausedAt: null,
    stoppedAt: null,
    warnAtRatio: policyTargets.warnAtRatio,
    escalation: copyEscalation(policyTargets.escalation),
  };
  return {
    state,
    ledger: {
      action: 'start',
      at: new Date(startedAt.getTime()),
      reason,
      dueAt: ledgerDue(state, calendar),
      detail: { kind, targetSeconds: state.targetSeconds, warnAtRatio: state.warnAtRatio },
    },
  };
}

/** Pause a running clock at `at`. Null when not running or `at` precedes the start. */
export function pauseClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status !== 'running' || atMs < state.startedAt.getTime()) return null;
  const next: ClockState = { ...state, status: 'paused', pausedAt: new Date(atMs) };
  return {
    state: next,
    ledger: {
      action: 'pause',
      at: new Date(atMs),
      reason,
      dueAt: null,
      detail: {
        elapsedBusinessSeconds: elapsedBusinessSeconds(state, at, calendar),
        previousDueAt: dueAt(state, calendar)?.toISOString() ?? null,
      },
    },
  };
}

/**
 * Resume a paused clock at `at`, adding the business part of the pause to
 * `pausedBusinessSeconds`. Null when not paused or `at` precedes the pause.
 */
export function resumeClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status !== 'paused' || state.pausedAt === null || atMs < state.pausedAt.getTime()) return null;
  const pauseMs = businessMsBetween(state.pausedAt.getTime(), atMs, calendar);
  const next: ClockState = {
    ...state,
    status: 'running',
    pausedAt: null,
    pausedBusinessSeconds: (toMs(state.pausedBusinessSeconds) + pauseMs) / 1000,
  };
  return {
    state: next,
    ledger: {
      action: 'resume',
      at: new Date(atMs),
      reason,
      dueAt: dueAt(next, calendar),
      detail: {
        pausedSince: state.pausedAt.toISOString(),
        pauseBusinessSeconds: pauseMs / 1000,
        pausedBusinessSeconds: next.pausedBusinessSeconds,
      },
    },
  };
}

/**
 * Stop a running or paused clock at `at`. Null when already stopped or `at` precedes the
 * last transition. A clock stopped while paused keeps `pausedAt` (its time ended there).
 * `calendar` is optional and only feeds the ledger entry (due date and breach flag).
 */
export function stopClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar?: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status === 'stopped') return null;
  const lastMs = state.status === 'paused' && state.pausedAt ? state.pausedAt.getTime() : state.startedAt.getTime();
  if (atMs < lastMs) return null;
  const next: ClockState = { ...state, status: 'stopped', stoppedAt: new Date(atMs) };
  const detail: Record<string, unknown> = { stoppedWhilePaused: state.status === 'paused' };
  if (calendar !== undefined) {
    detail.elapsedBusinessSeconds = elapsedBusinessSeconds(next, at, calendar);
    detail.breached = isBreached(next, at, calendar);
  }
  return {
    state: next,
    ledger: { action: 'stop', at: new Date(atMs), reason, dueAt: ledgerDue(next, calendar), detail },
  };
}

/**
 * Apply new policy targets to a running or paused clock, keeping `startedAt`, the paused
 * time already accumulated and a pause in progress. Null for a stopped clock.
 */
export function recalculateClock(
  state: ClockState,
  newTargetSeconds: number,
  newWarnAtRatio: number,
  newEscalation: EscalationStep[],
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  checkPolicy(newTargetSeconds, newWarnAtRatio, newEscalation);
  if (state.status === 'stopped') return null;
  const next: ClockState = {
    ...state,
    targetSeconds: newTargetSeconds,
    warnAtRatio: newWarnAtRatio,
    escalation: copyEscalation(newEscalation),
  };
  return {
    state: next,
    ledger: {
      action: 'recalculate',
      at: new Date(atMs),
      reason,
      dueAt: dueAt(next, calendar),
      detail: {
        previous: { targetSeconds: state.targetSeconds, warnAtRatio: state.warnAtRatio, dueAt: dueAt(state, calendar)?.toISOString() ?? null },
        next: { targetSeconds: newTargetSeconds, warnAtRatio: newWarnAtRatio },
      },
    },
  };
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

/** Deadline (ms) from completed pauses only. */
function fixedDueMs(state: ClockState, calendar: CalendarDefinition | null): number {
  return addBusinessMs(state.startedAt.getTime(), toMs(state.targetSeconds) + toMs(state.pausedBusinessSeconds), calendar);
}

/**
 * The clock's deadline. Null for a paused clock (its deadline moves while it is paused;
 * see `projectedDueAt`). For a stopped clock, the deadline as it stood when it stopped.
 */
export function dueAt(state: ClockState, calendar: CalendarDefinition | null): Date | null {
  if (state.status === 'paused') return null;
  return new Date(fixedDueMs(state, calendar));
}

/** The deadline if a paused clock resumed at `now` (the pause up to `now` counts as paused time). */
export function projectedDueAt(state: ClockState, now: Date, calendar: CalendarDefinition | null): Date {
  const nowMs = ms(now, 'now');
  if (state.status !== 'paused' || state.pausedAt === null) return new Date(fixedDueMs(state, calendar));
  const pausedAtMs = state.pausedAt.getTime();
  const pauseMs = businessMsBetween(pausedAtMs, Math.max(nowMs, pausedAtMs), calendar);
  return new Date(
    addBusinessMs(state.startedAt.getTime(), toMs(state.targetSeconds) + toMs(state.pausedBusinessSeconds) + pauseMs, calendar),
  );
}

/** Instant (ms) up to which the clock has counted, as seen at `nowMs`. */
function countedUntilMs(state: ClockState, nowMs: number): number {
  let end = nowMs;
  if (state.pausedAt) end = Math.min(end, state.pausedAt.getTime());
  if (state.status === 'stopped' && state.stoppedAt) end = Math.min(end, state.stoppedAt.getTime());
  return end;
}

function elapsedMs(state: ClockState, nowMs: number, calendar: CalendarDefinition | null): number {
  const gross = businessMsBetween(state.startedAt.getTime(), countedUntilMs(state, nowMs), calendar);
  return Math.max(0, gross - toMs(state.pausedBusinessSeconds));
}

/** Business seconds counted so far, excluding paused time; a stopped clock counts up to its stop. */
export function elapsedBusinessSeconds(state: ClockState, now: Date, calendar: CalendarDefinition | null): number {
  return elapsedMs(state, ms(now, 'now'), calendar) / 1000;
}

/** `targetSeconds - elapsed`; negative once the target is exceeded. */
export function remainingBusinessSeconds(state: ClockState, now: Date, calendar: CalendarDefinition | null): number {
  return (toMs(state.targetSeconds) - elapsedMs(state, ms(now, 'now'), calendar)) / 1000;
}

/**
 * Running: breached from the due instant on (`now >= dueAt`).
 * Paused: breached if it was paused at or after its deadline.
 * Stopped: breached if it stopped (or, stopped while paused, was paused) after its deadline;
 * stopping exactly at the deadline is in time.
 */
export function isBreached(state: ClockState, now: Date, calendar: CalendarDefinition | null): boolean {
  const nowMs = ms(now, 'now');
  const due = fixedDueMs(state, calendar);
  if (state.status === 'stopped') return countedUntilMs(state, Infinity) > due;
  return countedUntilMs(state, nowMs) >= due;
}

/**
 * Every moment a deadline job must fire for a running clock, sorted by time:
 * `warning` (when 0 < warnAtRatio < 1), `breach` at the deadline, and `escalation-<level>`
 * `afterBreachSeconds` business seconds after it. Empty for paused and stopped clocks.
 */
export function firingSchedule(state: ClockState, calendar: CalendarDefinition | null): ClockFiring[] {
  if (state.status !== 'running') return [];
  const startMs = state.startedAt.getTime();
  const pausedMs = toMs(state.pausedBusinessSeconds);
  const due = addBusinessMs(startMs, toMs(state.targetSeconds) + pausedMs, calendar);
  const firings: ClockFiring[] = [];
  if (state.warnAtRatio > 0 && state.warnAtRatio < 1) {
    firings.push({
      firing: 'warning',
      at: new Date(addBusinessMs(startMs, toMs(state.warnAtRatio * state.targetSeconds) + pausedMs, calendar)),
    });
  }
  firings.push({ firing: 'breach', at: new Date(due) });
  for (const step of copyEscalation(state.escalation)) {
    firings.push({
      firing: `escalation-${step.level}`,
      at: new Date(addBusinessMs(due, toMs(step.afterBreachSeconds), calendar)),
    });
  }
  // Stable sort keeps warning < breach < escalation order on equal instants.
  return firings.sort((a, b) => a.at.getTime() - b.at.getTime());
}
