/**
 * The rules of revisits (pure, no I/O): statuses on the wire, retry delays on a business
 * calendar, what an attempt does to a revisit, who may close a complaint before its revisit is
 * done, and the satisfaction arithmetic (CSAT, NPS).
 */
import { DateTime } from 'luxon';
import { CustomerTier, CUSTOMER_TIERS } from '../domain/customer.enums';
import { addBusinessMs, CalendarDefinition } from '../sla/clock/business-calendar';

export const REVISIT_KINDS = ['revisit', 'recovery'] as const;
export type RevisitKind = (typeof REVISIT_KINDS)[number];

export const STORED_REVISIT_STATUSES = ['scheduled', 'completed', 'unreachable', 'cancelled'] as const;
export type StoredRevisitStatus = (typeof STORED_REVISIT_STATUSES)[number];

/** On the wire a scheduled revisit whose time has come is `due`. */
export const REVISIT_STATUSES = ['due', 'scheduled', 'completed', 'unreachable', 'cancelled'] as const;
export type RevisitStatus = (typeof REVISIT_STATUSES)[number];

export const REVISIT_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number'] as const;
export type RevisitOutcome = (typeof REVISIT_OUTCOMES)[number];

export const RECOVERY_PLAN_STATUSES = ['active', 'recovered', 'ended'] as const;
export type RecoveryPlanStatus = (typeof RECOVERY_PLAN_STATUSES)[number];

/** Worklist order within the same due time: diamond first. */
export function tierRank(tier: CustomerTier): number {
  const i = CUSTOMER_TIERS.indexOf(tier);
  return i < 0 ? CUSTOMER_TIERS.length : i;
}

export function wireStatus(status: StoredRevisitStatus, dueAt: Date, now: Date): RevisitStatus {
  return status === 'scheduled' && dueAt.getTime() <= now.getTime() ? 'due' : status;
}

// ---- time

/** The first business instant at or after `at` (itself in 24x7). */
export function nextBusinessInstant(at: Date, calendar: CalendarDefinition | null): Date {
  if (calendar === null) return at;
  return new Date(addBusinessMs(at.getTime(), 1, calendar) - 1);
}

/** The opening of the business day after the local day of `at` (24x7: the same time a day later). */
export function nextWorkingDay(at: Date, calendar: CalendarDefinition | null, timezone = 'UTC'): Date {
  if (calendar === null) return DateTime.fromJSDate(at, { zone: timezone }).plus({ days: 1 }).toJSDate();
  const midnight = DateTime.fromJSDate(at, { zone: calendar.timezone }).startOf('day').plus({ days: 1 }).toJSDate();
  return nextBusinessInstant(midnight, calendar);
}

/** `days` calendar days later (same local time), moved to the next business instant. */
export function afterDays(at: Date, days: number, calendar: CalendarDefinition | null, timezone = 'UTC'): Date {
  const later = DateTime.fromJSDate(at, { zone: calendar?.timezone ?? timezone }).plus({ days }).toJSDate();
  return nextBusinessInstant(later, calendar);
}

/**
 * When the next call is due after an unanswered one: `90s`/`30m`/`2h` count business time on the
 * calendar (an end at the close of an interval moves to the next opening), `2d` is calendar days then the next business instant, `next_working_day` the opening
 * of the next business day.
 */
export function retryAt(at: Date, spec: string, calendar: CalendarDefinition | null, timezone = 'UTC'): Date {
  if (spec === 'next_working_day') return nextWorkingDay(at, calendar, timezone);
  const m = /^(\d+)([smhd])$/.exec(spec);
  if (!m) throw new RangeError(`not a retry delay: ${spec}`);
  const n = Number(m[1]);
  if (m[2] === 'd') return afterDays(at, n, calendar, timezone);
  const seconds = n * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
  // A call is never due at the closing edge of an interval: it moves to the next opening.
  return nextBusinessInstant(new Date(addBusinessMs(at.getTime(), seconds * 1000, calendar)), calendar);
}

// ---- attempts

export interface AttemptInput {
  outcome: RevisitOutcome;
  satisfied?: boolean;
  csat?: number;
  nps?: number;
}

export interface AttemptRevisit {
  kind: RevisitKind;
  round: number;
  status: StoredRevisitStatus;
  attemptCount: number;
}

export interface AttemptPolicy {
  maxAttempts: number;
  retryDelays: string[];
  secondRevisitTiers: readonly CustomerTier[];
}

export type RecoveryStep =
  /** A detractor on a revisit: a plan starts (or the active one carries on). */
  | 'start'
  /** A recovery contact recorded NPS ≥ 7: the plan is over. */
  | 'recovered'
  /** A recovery contact ended without a repaired view: the next contact is scheduled. */
  | 'next_contact'
  | null;

export interface AttemptDecision {
  status: StoredRevisitStatus;
  /** Number of this attempt (1, 2, …). */
  seq: number;
  /** The reschedule after an unanswered call. */
  nextDueAt: Date | null;
  ended: 'completed' | 'unreachable' | null;
  endedReason: string | null;
  flagPhone: boolean;
  /** Not satisfied after a revisit: the complaint is reopened and escalated. */
  reopen: boolean;
  secondRevisit: boolean;
  recovery: RecoveryStep;
  notifySupervisor: boolean;
}

/** 400 problems of an attempt's body beyond its field types. */
export function attemptInputErrors(input: AttemptInput): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (input.outcome === 'reached') {
    if (input.satisfied === undefined) errors.push({ field: 'satisfied', message: 'satisfied is required when the customer was reached' });
  } else {
    for (const field of ['satisfied', 'csat', 'nps'] as const) {
      if (input[field] !== undefined) errors.push({ field, message: `${field} is only recorded when the customer was reached` });
    }
  }
  return errors;
}

/** What one attempt does to a scheduled revisit; throws a RangeError for a revisit that is over (the caller answers 409 first). */
export function decideAttempt(revisit: AttemptRevisit, input: AttemptInput, policy: AttemptPolicy, customerTier: CustomerTier, at: Date, calendar: CalendarDefinition | null, timezone = 'UTC'): AttemptDecision {
  if (revisit.status !== 'scheduled') throw new RangeError(`the revisit is ${revisit.status}`);
  const seq = revisit.attemptCount + 1;
  const base: AttemptDecision = { status: 'scheduled', seq, nextDueAt: null, ended: null, endedReason: null, flagPhone: false, reopen: false, secondRevisit: false, recovery: null, notifySupervisor: false };
  const recoveryGoesOn = revisit.kind === 'recovery' ? ('next_contact' as const) : null;
  switch (input.outcome) {
    case 'no_answer':
    case 'busy': {
      if (seq >= policy.maxAttempts) {
        return { ...base, status: 'unreachable', ended: 'unreachable', endedReason: `no answer after ${seq} calls`, notifySupervisor: true, recovery: recoveryGoesOn };
      }
      const spec = policy.retryDelays[Math.min(seq - 1, policy.retryDelays.length - 1)];
      return { ...base, nextDueAt: retryAt(at, spec, calendar, timezone) };
    }
    case 'wrong_number':
      return { ...base, status: 'unreachable', ended: 'unreachable', endedReason: 'wrong number', flagPhone: true, notifySupervisor: true, recovery: recoveryGoesOn };
    case 'reached': {
      const satisfied = input.satisfied === true;
      const out: AttemptDecision = { ...base, status: 'completed', ended: 'completed', endedReason: satisfied ? 'customer satisfied' : 'customer not satisfied' };
      if (revisit.kind === 'revisit') {
        out.reopen = !satisfied;
        out.secondRevisit = satisfied && revisit.round === 1 && policy.secondRevisitTiers.includes(customerTier);
        if (input.nps !== undefined && npsGroup(input.nps) === 'detractor') out.recovery = 'start';
      } else {
        out.recovery = input.nps !== undefined && input.nps >= 7 ? 'recovered' : 'next_contact';
      }
      return out;
    }
  }
}

// ---- closing

export interface CloseCheck {
  actorRole: string;
  reason: string | undefined;
  /** The revisit of the current resolution that is still open, if any. */
  pending: { id: string; dueAt: Date } | null;
}

const CLOSE_EARLY_ROLES = ['supervisor', 'manager', 'admin'];

/**
 * Closing a resolved complaint before its revisit is done needs a supervisor, manager or admin
 * (else `supervisor_required`) and a reason (else `revisit_pending`).
 */
export function closeRefusal(check: CloseCheck): { code: 'supervisor_required' | 'revisit_pending'; detail: string } | null {
  if (!check.pending) return null;
  const due = check.pending.dueAt.toISOString();
  if (!CLOSE_EARLY_ROLES.includes(check.actorRole)) {
    return { code: 'supervisor_required', detail: `The revisit ${check.pending.id} (due ${due}) is not done: closing before it needs a supervisor, manager or admin` };
  }
  if (!check.reason?.trim()) return { code: 'revisit_pending', detail: `The revisit ${check.pending.id} (due ${due}) is not done: give a reason to close before it` };
  return null;
}

// ---- satisfaction

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

export function npsGroup(nps: number): NpsGroup {
  if (!Number.isInteger(nps) || nps < 0 || nps > 10) throw new RangeError(`nps must be an integer 0..10, got ${nps}`);
  return nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor';
}

export interface SatisfactionCounts {
  group: string;
  revisits: number;
  reached: number;
  unreachable: number;
  csatCount: number;
  csatSum: number;
  /** Count per score 1..5. */
  csatDistribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  promoters: number;
  passives: number;
  detractors: number;
  reopened: number;
  detractorsRecovered: number;
}

export interface SatisfactionRow extends Omit<SatisfactionCounts, 'csatCount' | 'csatSum'> {
  completionRate: number | null;
  unreachableRate: number | null;
  csatAverage: number | null;
  /** % promoters − % detractors, −100..100, one decimal; null without NPS answers. */
  nps: number | null;
  npsResponses: number;
  reopenRate: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

export function satisfactionRow(c: SatisfactionCounts): SatisfactionRow {
  const responses = c.promoters + c.passives + c.detractors;
  const { csatCount, csatSum, ...rest } = c;
  return {
    ...rest,
    completionRate: ratio(c.reached, c.revisits),
    unreachableRate: ratio(c.unreachable, c.revisits),
    csatAverage: csatCount === 0 ? null : Math.round((csatSum / csatCount) * 100) / 100,
    nps: responses === 0 ? null : Math.round(((c.promoters - c.detractors) / responses) * 1000) / 10,
    npsResponses: responses,
    reopenRate: ratio(c.reopened, c.reached),
  };
}
