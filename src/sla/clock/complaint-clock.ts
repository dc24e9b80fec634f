/**
 * The state machine of one SLA clock of a complaint (pure, no I/O).
 *
 * A clock counts business time from `startedAt`, except during its pauses (`pauses`, in
 * order). Every point of the clock (warning, breach, escalation-N) has a counted offset `w`
 * in business time; its instant is the earliest instant at which the counted (non-paused)
 * business time reaches `w` (see `pointAt`). Only a pause that began before a point was
 * reached shifts it; a pause beginning at or after that instant leaves it where it was.
 *
 * Transitions return the next state and one ledger entry, or `null` for an illegal move
 * (pausing a stopped clock, resuming a running one, going back in time, ...).
 *
 * Times passed as `now`/`at` are expected not to precede the clock's last transition.
 */
import { addBusinessMs, businessMsBetween, CalendarDefinition } from './business-calendar';

/** `revisit`: the callback after resolution must reach the customer by its deadline (started and stopped by the revisits module's moves). */
export type ClockKind = 'acknowledge' | 'resolve' | 'update' | 'final_response' | 'revisit';
export type ClockStatus = 'running' | 'paused' | 'stopped';

/**
 * The call a revisit clock times (the revisits module sets it when it schedules or reschedules
 * the call): while the clock has not stopped, `at` is its `due` point, announced as
 * `revisit_due`. An absolute instant, like the revisit's own due time: a calendar edit or a
 * recalculation does not move it.
 */
export interface RevisitCall {
  at: Date;
  revisitId: string;
  round: number;
  /** Number of the call that is due (1, then 2 after an unanswered first call, …). */
  attempt: number;
  /** Null: the call-center pool. */
  assigneeId: string | null;
}

export interface EscalationStep {
  /** Positive integer; becomes part of the firing name `escalation-<level>`. */
  level: number;
  /** Business seconds after the breach at which this step fires. */
  afterBreachSeconds: number;
  notifyRole: string;
}

/** One pause of a clock: `[from, to)`. `to` is null only for the pause in progress. */
export interface ClockPause {
  from: Date;
  to: Date | null;
}

export interface ClockState {
  kind: ClockKind;
  status: ClockStatus;
  startedAt: Date;
  targetSeconds: number;
  /**
   * Every pause, in order and without overlap, each starting at or after `startedAt` (and at
   * or after the end of the previous one). Only the last one may be open (`to: null`); it is
   * the pause in progress and starts at `pausedAt`.
   */
  pauses: ClockPause[];
  /**
   * Business seconds of the completed pauses, measured in the clock's calendar (a pause in
   * progress is not included). Derived from `pauses`, kept for display; points are computed
   * from `pauses`, never from this number.
   */
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
  /** Revisit clocks only. */
  call?: RevisitCall | null;
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
  /**
   * `dueAt` of the clock after the move: null while it is not determined (paused before the
   * deadline was reached) or when no calendar was given.
   */
  dueAt: Date | null;
  detail?: Record<string, unknown>;
}

export interface ClockTransition {
  state: ClockState;
  ledger: LedgerEntry;
}

export interface ClockFiring {
  /** `warning`, `breach`, `escalation-<level>` or `due` (a revisit's call); always matches /^[a-z0-9-]+$/. */
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

/** Pauses as milliseconds; `to === null` for the pause in progress. */
interface PauseMs {
  from: number;
  to: number | null;
}

/**
 * The pauses of a state as milliseconds, checked for consistency with `status`, `pausedAt`
 * and `startedAt` (a state whose pauses do not add up is a mapping error: it throws).
 */
function pausesMs(state: ClockState): PauseMs[] {
  if (!Array.isArray(state.pauses)) throw new RangeError('clock state has no pauses list');
  const startMs = ms(state.startedAt, 'startedAt');
  let last = startMs;
  const out = state.pauses.map((pause, i): PauseMs => {
    const from = ms(pause.from, `pauses[${i}].from`);
    const to = pause.to === null ? null : ms(pause.to, `pauses[${i}].to`);
    if (from < last) throw new RangeError(`pauses[${i}] starts before the start or the end of the previous pause`);
    if (to === null && i !== state.pauses.length - 1) throw new RangeError(`pauses[${i}] is open but not the last pause`);
    if (to !== null && to < from) throw new RangeError(`pauses[${i}] ends before it starts`);
    last = to ?? from;
    return { from, to };
  });
  const open = out.length > 0 && out[out.length - 1].to === null ? out[out.length - 1] : null;
  const pausedAtMs = state.pausedAt === null ? null : ms(state.pausedAt, 'pausedAt');
  if ((open?.from ?? null) !== pausedAtMs) {
    throw new RangeError('pausedAt must equal the start of the open pause (and be null without one)');
  }
  if (state.status === 'paused' && open === null) throw new RangeError('a paused clock needs an open pause');
  if (state.status === 'running' && open !== null) throw new RangeError('a running clock cannot have an open pause');
  return out;
}

/** Business ms of the completed pauses. */
function completedPauseMs(pauses: PauseMs[], calendar: CalendarDefinition | null): number {
  return pauses.reduce((sum, p) => (p.to === null ? sum : sum + businessMsBetween(p.from, p.to, calendar)), 0);
}

function copyPauses(pauses: ClockPause[]): ClockPause[] {
  return pauses.map((p) => ({ from: new Date(p.from.getTime()), to: p.to === null ? null : new Date(p.to.getTime()) }));
}

/** Instant (ms) of the clock's last transition that the pauses record (start or last pause edge). */
function lastEdgeMs(pauses: PauseMs[], startMs: number): number {
  const last = pauses[pauses.length - 1];
  return last ? (last.to ?? last.from) : startMs;
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
    pauses: [],
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

/**
 * Pause a running clock at `at` (opens a pause). Null when not running or `at` precedes the
 * start or the end of the last pause.
 */
export function pauseClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status !== 'running') return null;
  const pauses = pausesMs(state);
  if (atMs < lastEdgeMs(pauses, state.startedAt.getTime())) return null;
  const next: ClockState = {
    ...state,
    status: 'paused',
    pausedAt: new Date(atMs),
    pauses: [...copyPauses(state.pauses), { from: new Date(atMs), to: null }],
  };
  return {
    state: next,
    ledger: {
      action: 'pause',
      at: new Date(atMs),
      reason,
      dueAt: dueAt(next, calendar),
      detail: {
        elapsedBusinessSeconds: elapsedBusinessSeconds(state, at, calendar),
        previousDueAt: dueAt(state, calendar)?.toISOString() ?? null,
      },
    },
  };
}

/** The state with its open pause closed at `atMs` (no status change). */
function closeOpenPause(state: ClockState, atMs: number, calendar: CalendarDefinition | null): ClockState {
  const pauses = copyPauses(state.pauses);
  pauses[pauses.length - 1] = { from: pauses[pauses.length - 1].from, to: new Date(atMs) };
  const next: ClockState = { ...state, pauses, pausedAt: null };
  next.pausedBusinessSeconds = completedPauseMs(pausesMsUnchecked(pauses), calendar) / 1000;
  return next;
}

function pausesMsUnchecked(pauses: ClockPause[]): PauseMs[] {
  return pauses.map((p) => ({ from: p.from.getTime(), to: p.to === null ? null : p.to.getTime() }));
}

/**
 * Resume a paused clock at `at`: closes the pause in progress and re-derives
 * `pausedBusinessSeconds`. Null when not paused or `at` precedes the pause.
 */
export function resumeClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status !== 'paused' || state.pausedAt === null) return null;
  pausesMs(state);
  if (atMs < state.pausedAt.getTime()) return null;
  const pauseMs = businessMsBetween(state.pausedAt.getTime(), atMs, calendar);
  const next: ClockState = { ...closeOpenPause(state, atMs, calendar), status: 'running' };
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
 * last transition. A clock stopped while paused keeps `pausedAt` and its open pause (its
 * time ended there). `calendar` is optional and only feeds the ledger entry (due date and
 * breach flag).
 */
export function stopClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar?: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status === 'stopped') return null;
  const pauses = pausesMs(state);
  if (atMs < lastEdgeMs(pauses, state.startedAt.getTime())) return null;
  const next: ClockState = { ...state, pauses: copyPauses(state.pauses), status: 'stopped', stoppedAt: new Date(atMs) };
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
 * Reopen a stopped clock at `at`: it runs again, and the time it stood stopped becomes a
 * completed pause [stoppedAt, at] (for a clock stopped while paused, the pause in progress
 * is closed at `at`: [pausedAt, at]). Points reached before the stop keep their instants.
 * The ledger entry is a `resume` with `reason`. Null when the clock is not stopped or `at`
 * precedes the stop (or the pause).
 */
export function reopenClock(
  state: ClockState,
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
): ClockTransition | null {
  const atMs = ms(at, 'at');
  if (state.status !== 'stopped' || state.stoppedAt === null) return null;
  pausesMs(state);
  const stoppedMs = state.stoppedAt.getTime();
  const fromMs = state.pausedAt ? state.pausedAt.getTime() : stoppedMs;
  if (atMs < stoppedMs || atMs < fromMs) return null;
  const reopened: ClockState = state.pausedAt
    ? { ...state, pauses: copyPauses(state.pauses) }
    : { ...state, pauses: [...copyPauses(state.pauses), { from: new Date(stoppedMs), to: null }], pausedAt: new Date(stoppedMs) };
  const next: ClockState = { ...closeOpenPause(reopened, atMs, calendar), status: 'running', stoppedAt: null };
  const pauseMs = businessMsBetween(fromMs, atMs, calendar);
  return {
    state: next,
    ledger: {
      action: 'resume',
      at: new Date(atMs),
      reason,
      dueAt: dueAt(next, calendar),
      detail: {
        reopened: true,
        stoppedAt: state.stoppedAt.toISOString(),
        pausedSince: new Date(fromMs).toISOString(),
        pauseBusinessSeconds: pauseMs / 1000,
        pausedBusinessSeconds: next.pausedBusinessSeconds,
      },
    },
  };
}

/** Optional context of a recalculation, for its ledger entry. */
export interface RecalculateContext {
  /**
   * Calendar the clock ran on before the recalculation, used for the ledger's previous due
   * date. Defaults to the new calendar (same calendar).
   */
  previousCalendar?: CalendarDefinition | null;
  /** Label of the previous calendar (its id; null for 24x7), copied to `detail.previous.calendarId`. */
  previousCalendarId?: string | null;
  /** Label of the new calendar (its id; null for 24x7), copied to `detail.next.calendarId`. */
  calendarId?: string | null;
}

/**
 * Apply a new policy to a running or paused clock: new targets and the NEW policy's
 * `calendar`. Every point is recomputed from the same `startedAt` in that calendar, with the
 * same pauses (a pause in progress stays open) re-measured in it, so `pausedBusinessSeconds`
 * is recomputed too. Null for a stopped clock.
 *
 * The ledger detail carries `previous` and `next` targets, paused business seconds and due
 * dates (the previous one measured in `context.previousCalendar`, default `calendar`), plus
 * `calendarId` on either side when `context` gives it.
 */
export function recalculateClock(
  state: ClockState,
  newTargetSeconds: number,
  newWarnAtRatio: number,
  newEscalation: EscalationStep[],
  at: Date,
  reason: string,
  calendar: CalendarDefinition | null,
  context: RecalculateContext = {},
): ClockTransition | null {
  const atMs = ms(at, 'at');
  checkPolicy(newTargetSeconds, newWarnAtRatio, newEscalation);
  if (state.status === 'stopped') return null;
  const pauses = pausesMs(state);
  const previousCalendar = context.previousCalendar === undefined ? calendar : context.previousCalendar;
  const next: ClockState = {
    ...state,
    pauses: copyPauses(state.pauses),
    pausedBusinessSeconds: completedPauseMs(pauses, calendar) / 1000,
    targetSeconds: newTargetSeconds,
    warnAtRatio: newWarnAtRatio,
    escalation: copyEscalation(newEscalation),
  };
  const nextDue = dueAt(next, calendar);
  const previous: Record<string, unknown> = {
    targetSeconds: state.targetSeconds,
    warnAtRatio: state.warnAtRatio,
    pausedBusinessSeconds: state.pausedBusinessSeconds,
    dueAt: dueAt(state, previousCalendar)?.toISOString() ?? null,
  };
  const after: Record<string, unknown> = {
    targetSeconds: newTargetSeconds,
    warnAtRatio: newWarnAtRatio,
    pausedBusinessSeconds: next.pausedBusinessSeconds,
    dueAt: nextDue?.toISOString() ?? null,
  };
  if (context.previousCalendarId !== undefined) previous.calendarId = context.previousCalendarId;
  if (context.calendarId !== undefined) after.calendarId = context.calendarId;
  return {
    state: next,
    ledger: { action: 'recalculate', at: new Date(atMs), reason, dueAt: nextDue, detail: { previous, next: after } },
  };
}

/**
 * Rebuild a clock's pauses from its ledger, for clocks recorded before `pauses` existed.
 * Entries are taken in order of `at` (stable for equal instants): `pause` opens a pause;
 * `resume` closes the open one, or, right after the `stop` of a running clock (a reopen),
 * adds [stop, resume]; `stop` keeps an open pause open (stopped while paused); `start` and
 * `recalculate` do not touch the pauses. Throws a RangeError on a sequence the state machine
 * cannot produce (pause while paused, resume while running, ...).
 */
export function pausesFromLedger(entries: { action: LedgerAction; at: Date }[]): ClockPause[] {
  const sorted = entries.map((e, i) => ({ e, i, t: ms(e.at, `entries[${i}].at`) })).sort((a, b) => a.t - b.t || a.i - b.i);
  const pauses: ClockPause[] = [];
  let status: ClockStatus = 'running';
  let stoppedAt: number | null = null;
  for (const { e, i, t } of sorted) {
    const open = pauses.length > 0 && pauses[pauses.length - 1].to === null;
    if (e.action === 'pause') {
      if (status !== 'running') throw new RangeError(`entries[${i}]: pause of a ${status} clock`);
      pauses.push({ from: new Date(t), to: null });
      status = 'paused';
    } else if (e.action === 'resume') {
      if (status === 'paused' || (status === 'stopped' && open)) pauses[pauses.length - 1] = { from: pauses[pauses.length - 1].from, to: new Date(t) };
      else if (status === 'stopped' && stoppedAt !== null) pauses.push({ from: new Date(stoppedAt), to: new Date(t) });
      else throw new RangeError(`entries[${i}]: resume of a running clock`);
      status = 'running';
      stoppedAt = null;
    } else if (e.action === 'stop') {
      if (status === 'stopped') throw new RangeError(`entries[${i}]: stop of a stopped clock`);
      status = 'stopped';
      stoppedAt = t;
    }
  }
  return pauses;
}

// ---------------------------------------------------------------------------
// Points
// ---------------------------------------------------------------------------

/**
 * Walk the counted business time from `startMs` across `pauses` until `offsetMs` is reached.
 * Null when the point lies after the start of an open pause (not yet determined).
 */
function walk(startMs: number, pauses: PauseMs[], offsetMs: number, calendar: CalendarDefinition | null): number | null {
  let cursor = startMs;
  let remaining = offsetMs;
  for (const pause of pauses) {
    const span = businessMsBetween(cursor, pause.from, calendar);
    // A pause beginning exactly when the point is reached does not move it.
    if (span >= remaining) return addBusinessMs(cursor, remaining, calendar);
    if (pause.to === null) return null;
    remaining -= span;
    cursor = pause.to;
  }
  return addBusinessMs(cursor, remaining, calendar);
}

/**
 * The instant of the point with counted-business offset `offsetMs` (ms): the earliest instant
 * at which the clock's counted (non-paused) business time reaches it. Pauses that began
 * before that instant shift it; a pause beginning at or after it does not. Null when the
 * point lies after the start of a pause in progress (not determined yet). A stop does not
 * move points (see `firingSchedule` for which of them a stopped clock still reached).
 */
export function pointAt(state: ClockState, offsetMs: number, calendar: CalendarDefinition | null): Date | null {
  if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs) || offsetMs < 0) {
    throw new RangeError(`offsetMs must be a finite, non-negative number, got ${offsetMs}`);
  }
  const at = walk(state.startedAt.getTime(), pausesMs(state), Math.round(offsetMs), calendar);
  return at === null ? null : new Date(at);
}

/**
 * The clock's deadline (breach point). Paused: the breach instant if the deadline was reached
 * before the pause began, else null (not determined; see `projectedDueAt`). Stopped: as it
 * stood at the stop (so null for a clock stopped while paused before its deadline).
 */
export function dueAt(state: ClockState, calendar: CalendarDefinition | null): Date | null {
  return pointAt(state, toMs(state.targetSeconds), calendar);
}

/**
 * The deadline if a paused clock resumed at `now` (the pause up to `now` counts as paused
 * time; a deadline reached before the pause keeps its instant). Running or stopped: `dueAt`.
 */
export function projectedDueAt(state: ClockState, now: Date, calendar: CalendarDefinition | null): Date | null {
  const nowMs = ms(now, 'now');
  const pauses = pausesMs(state);
  if (state.status !== 'paused') return dueAt(state, calendar);
  const open = pauses[pauses.length - 1];
  const closed = [...pauses.slice(0, -1), { from: open.from, to: Math.max(nowMs, open.from) }];
  return new Date(walk(state.startedAt.getTime(), closed, toMs(state.targetSeconds), calendar)!);
}

/** Business ms counted in [startedAt, nowMs), excluding pauses; a stopped clock counts up to its stop. */
function elapsedMs(state: ClockState, nowMs: number, calendar: CalendarDefinition | null): number {
  const pauses = pausesMs(state);
  let end = nowMs;
  if (state.status === 'stopped' && state.stoppedAt) end = Math.min(end, state.stoppedAt.getTime());
  let cursor = state.startedAt.getTime();
  let total = 0;
  for (const pause of pauses) {
    total += businessMsBetween(cursor, Math.min(pause.from, end), calendar);
    if (pause.to === null) return total;
    cursor = pause.to;
  }
  return total + businessMsBetween(cursor, end, calendar);
}

/** Business seconds counted so far, excluding paused time; a stopped clock counts up to its stop. */
export function elapsedBusinessSeconds(state: ClockState, now: Date, calendar: CalendarDefinition | null): number {
  return elapsedMs(state, ms(now, 'now'), calendar) / 1000;
}

/**
 * What a stopped clock counted: business seconds from its start to its stop (to the pause it
 * was stopped in), paused time excluded, in `calendar`. Null for a clock that has not stopped.
 * The reports' acknowledge and resolve times are this number.
 */
export function countedSecondsAtStop(state: ClockState, calendar: CalendarDefinition | null): number | null {
  if (state.status !== 'stopped' || state.stoppedAt === null) return null;
  return elapsedMs(state, state.stoppedAt.getTime(), calendar) / 1000;
}

/** `targetSeconds - elapsed`; negative once the target is exceeded. */
export function remainingBusinessSeconds(state: ClockState, now: Date, calendar: CalendarDefinition | null): number {
  return (toMs(state.targetSeconds) - elapsedMs(state, ms(now, 'now'), calendar)) / 1000;
}

/** Whether a point at `pointMs` (null: after the open pause) was reached, by `nowMs` for a live clock. */
function reached(state: ClockState, pointMs: number | null, nowMs: number): boolean {
  if (pointMs === null) return false;
  if (state.status === 'stopped') return state.pausedAt !== null || state.stoppedAt === null || pointMs < state.stoppedAt.getTime();
  return pointMs <= nowMs;
}

/**
 * Running: breached from the due instant on (`now >= dueAt`).
 * Paused: breached if the deadline was reached before (or exactly when) the pause began.
 * Stopped: breached if the deadline was reached before the stop (stopping exactly at the
 * deadline is in time), or, for a clock stopped while paused, reached by the pause as above.
 */
export function isBreached(state: ClockState, now: Date, calendar: CalendarDefinition | null): boolean {
  const nowMs = ms(now, 'now');
  return reached(state, dueAt(state, calendar)?.getTime() ?? null, nowMs);
}

/**
 * The points of the clock, sorted by time: `warning` (when 0 < warnAtRatio < 1) at
 * warnAtRatio x target, `breach` at the target, and `escalation-<level>` at target +
 * `afterBreachSeconds` (counted business time), by level on equal instants.
 *
 * - running: every point;
 * - paused: only the points reached before the pause in progress began (instant <= its
 *   start; a breach exactly at the pause counts as reached, as in `isBreached`);
 * - stopped: only the points with instant < stoppedAt (stopping exactly at the deadline is on
 *   time), or, when it was stopped while paused, those reached by the pause as above.
 *
 * A revisit clock with a call also has `due` at the call's instant until it stops: a revisit
 * completed or cancelled is no longer due, so a `due` not yet fired goes with the stop.
 *
 * Points of a paused or stopped clock may lie in the past: the caller fires those not yet
 * fired (see `planFirings`) in the same transaction as the pause or stop.
 */
export function firingSchedule(state: ClockState, calendar: CalendarDefinition | null): ClockFiring[] {
  const startMs = state.startedAt.getTime();
  const pauses = pausesMs(state);
  const target = toMs(state.targetSeconds);
  const firings: ClockFiring[] = [];
  if (state.warnAtRatio > 0 && state.warnAtRatio < 1) {
    const at = walk(startMs, pauses, toMs(state.warnAtRatio * state.targetSeconds), calendar);
    if (at !== null && reached(state, at, Infinity)) firings.push({ firing: 'warning', at: new Date(at) });
  }
  const breachAt = walk(startMs, pauses, target, calendar);
  if (breachAt !== null && reached(state, breachAt, Infinity)) {
    firings.push({ firing: 'breach', at: new Date(breachAt) });
    // Once missed, the ladder climbs from the breach in business time: parking a breached
    // complaint (a pause after the breach) does not hold its escalation back; a stop ends it.
    for (const step of copyEscalation(state.escalation)) {
      const at = addBusinessMs(breachAt, toMs(step.afterBreachSeconds), calendar);
      if (state.status !== 'stopped' || (state.stoppedAt !== null && at < state.stoppedAt.getTime())) firings.push({ firing: `escalation-${step.level}`, at: new Date(at) });
    }
  }
  if (state.call && state.status !== 'stopped') firings.unshift({ firing: 'due', at: new Date(ms(state.call.at, 'call.at')) });
  // Stable sort keeps due < warning < breach < escalation order on equal instants.
  return firings.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * What to do with a clock's schedule at `now`, given the names of the points already fired:
 *
 * - `fireNow`: points due (instant <= now) and not fired yet;
 * - `skipped`: a due `warning` overtaken by its breach (the breach instant is <= now too),
 *   so that a backdated or late clock never sends "approaching" together with "missed";
 * - `later`: points in the future, INCLUDING names already fired for an earlier deadline.
 *   Re-arm rule: a point that was fired but now lies in the future (e.g. the target was
 *   extended) has been re-armed; the caller clears its fired mark and schedules it again.
 *
 * Points that are due and already fired appear in no list (nothing to do). Each list keeps
 * the schedule's order.
 */
export function planFirings(
  schedule: ClockFiring[],
  fired: Set<string>,
  now: Date,
): { fireNow: ClockFiring[]; later: ClockFiring[]; skipped: ClockFiring[] } {
  const nowMs = ms(now, 'now');
  const breach = schedule.find((f) => f.firing === 'breach');
  const breachDue = breach !== undefined && breach.at.getTime() <= nowMs;
  const fireNow: ClockFiring[] = [];
  const later: ClockFiring[] = [];
  const skipped: ClockFiring[] = [];
  for (const f of schedule) {
    if (f.at.getTime() > nowMs) later.push(f);
    else if (fired.has(f.firing)) continue;
    else if (f.firing === 'warning' && breachDue) skipped.push(f);
    else fireNow.push(f);
  }
  return { fireNow, later, skipped };
}
