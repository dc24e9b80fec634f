/**
 * What a clock's new state means for its firings (pure): which moments fire now, inside the
 * change's transaction (a deadline that passed before the change recorded it), which are
 * pending (re-armed when a moved deadline lies ahead again), and which rows go away.
 */
import { CalendarDefinition } from './clock/business-calendar';
import { ClockKind, EscalationStep, firingSchedule, LedgerEntry, planFirings, RevisitCall } from './clock/complaint-clock';
import { ClockRecord } from './clock-record';

export interface FiringUpsert {
  clockId: string;
  complaintId: string;
  firing: string;
  dueAt: Date;
  firedAt: Date | null;
}

/** A moment that fires: its effects (events, breach, escalation, notices) follow from it. */
export interface FiredPoint {
  clockId: string;
  complaintId: string;
  kind: ClockKind;
  firing: string;
  dueAt: Date;
  escalation: EscalationStep[];
  /** A revisit clock's call (what a `due` firing announces). */
  call: RevisitCall | null;
}

/** The writes of several clocks' changes, sent in one batch by SlaClocksService. */
export interface ClockChangeSet {
  inserted: ClockRecord[];
  updated: ClockRecord[];
  ledger: { clockId: string; complaintId: string; kind: ClockKind; entry: LedgerEntry; detail: Record<string, unknown> }[];
  upserts: FiringUpsert[];
  deletes: { clockId: string; firing: string }[];
  /** Fired inline, now: a deadline passed before this change could record it. */
  fired: FiredPoint[];
  /** Pending moments, for the deadline jobs scheduled after commit. */
  pending: Date[];
}

export function emptyChangeSet(): ClockChangeSet {
  return { inserted: [], updated: [], ledger: [], upserts: [], deletes: [], fired: [], pending: [] };
}

/** Adds a clock's firings, as its state now stands, to the change set. */
export function settleFirings(set: ClockChangeSet, record: ClockRecord, calendar: CalendarDefinition | null, now: Date): void {
  const schedule = firingSchedule(record.state, calendar);
  const existing = new Map(record.firings.map((f) => [f.firing, f]));
  const fired = new Set(record.firings.filter((f) => f.firedAt !== null).map((f) => f.firing));
  const plan = planFirings(schedule, fired, now);
  const base = { clockId: record.id, complaintId: record.complaintId };
  const keep = new Set<string>();
  for (const f of plan.later) {
    keep.add(f.firing);
    const old = existing.get(f.firing);
    if (!old || old.firedAt !== null || old.dueAt.getTime() !== f.at.getTime()) set.upserts.push({ ...base, firing: f.firing, dueAt: f.at, firedAt: null });
    set.pending.push(f.at);
  }
  for (const f of plan.fireNow) {
    keep.add(f.firing);
    set.upserts.push({ ...base, firing: f.firing, dueAt: f.at, firedAt: now });
    set.fired.push({ ...base, kind: record.state.kind, firing: f.firing, dueAt: f.at, escalation: record.state.escalation, call: record.state.call ?? null });
  }
  for (const old of record.firings) {
    // Fired moments stay as history; pending ones no longer in the schedule go.
    if (old.firedAt === null && !keep.has(old.firing)) set.deletes.push({ clockId: record.id, firing: old.firing });
  }
  // The record now holds its firings as written, so settling it again in the same change is a no-op.
  const next = new Map(record.firings.filter((f) => f.firedAt !== null || keep.has(f.firing)).map((f) => [f.firing, f]));
  for (const f of plan.later) next.set(f.firing, { firing: f.firing, dueAt: f.at, firedAt: null });
  for (const f of plan.fireNow) next.set(f.firing, { firing: f.firing, dueAt: f.at, firedAt: now });
  record.firings = [...next.values()];
  dedupeUpserts(set);
}

/** One upsert per clock and firing (the last wins): PostgreSQL refuses to upsert a row twice in one statement. */
function dedupeUpserts(set: ClockChangeSet): void {
  const byKey = new Map(set.upserts.map((u) => [`${u.clockId}|${u.firing}`, u]));
  if (byKey.size !== set.upserts.length) set.upserts = [...byKey.values()];
  const upserted = new Set(byKey.keys());
  set.deletes = set.deletes.filter((d) => !upserted.has(`${d.clockId}|${d.firing}`));
}
