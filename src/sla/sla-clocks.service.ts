import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { AppConfig } from '../config/app-config';
import { ComplaintView } from '../complaints/complaint-view';
import { NewEvent } from '../complaints/timeline.service';
import { WriteBatch } from '../database/write-batch';
import { Channel, ComplaintStatus, Severity } from '../domain/complaint.enums';
import { CustomerTier } from '../domain/customer.enums';
import { NoticeTarget, NotificationsService } from '../notifications/notifications.service';
import { catchUpFirings } from '../metrics/sla-metrics';
import { addCalendarDays, CalendarDefinition } from './clock/business-calendar';
import {
  ClockKind,
  ClockState,
  ClockTransition,
  countedSecondsAtStop,
  dueAt,
  firingSchedule,
  pauseClock,
  recalculateClock,
  reopenClock,
  resumeClock,
  RevisitCall,
  startClock,
  stopClock,
} from './clock/complaint-clock';
import { ClockRecord, clockRecordFromRow, CLOCKS_OF_COMPLAINT_SQL, revisitCallToJson } from './clock-record';
import { ClockChangeSet, emptyChangeSet, settleFirings } from './clock-settlement';
import { firingEffects } from './firing-effects';
import { acknowledgeCapSeconds, finalResponseDueAt, findRegulatorPreset } from './regulator-presets/regulator-presets';
import { SlaConfig, SlaConfigCache } from './sla-config.cache';
import { SlaPolicyEntity } from './sla-policy.entity';

/** A status change as the clocks see it. */
export interface StatusMove {
  from: ComplaintStatus;
  to: ComplaintStatus;
  isReopen: boolean;
  isFirstResponse: boolean;
  /** The customer is told of this move (complaint.customer_update): it counts as the periodic progress update. */
  customerNews?: boolean;
}

/** What moves a complaint's clocks. */
export type ClockMove =
  | { kind: 'status'; move: StatusMove }
  | { kind: 'recalculate'; severity: Severity; customerTier: CustomerTier; reason: string; actor: Actor }
  | { kind: 'customer_update' }
  | { kind: 'calendar_changed'; calendarId: string }
  /**
   * A revisit was scheduled: its clock starts now on the complaint's policy (calendar, warning,
   * escalation ladder) with `targetSeconds` of business time to reach the customer; a revisit
   * clock still running is stopped first (superseded). `clockId` lets the revisit keep a reference.
   * `call` is the call it times: its `due` firing (at once when the call is already due).
   */
  | { kind: 'revisit_scheduled'; clockId: string; targetSeconds: number; reason: string; call: RevisitCall }
  /**
   * The revisit's next call was rescheduled (an unanswered call): its `due` firing moves to `at`
   * (re-armed when the earlier one fired). The deadline does not move, so no ledger entry.
   */
  | { kind: 'revisit_call_moved'; at: Date; attempt: number }
  /** The revisit completed, ended unreachable or was cancelled: its clock stops now. */
  | { kind: 'revisit_done'; reason: string };

/** What a clock change means for the complaint, for the caller to apply in the same transaction. */
export interface SlaOutcome {
  policyId: string | null;
  acknowledgeBy: Date | null;
  resolveBy: Date | null;
  /** A deadline was missed or an escalation step reached, recorded now. */
  breached: boolean;
  escalationLevel: number;
  /** Timeline events (sla_warning, sla_breached, escalated, sla_recalculated), for the change's one append. */
  events: NewEvent[];
  /** Pending deadline moments: their jobs are scheduled after commit. */
  pending: Date[];
}

/** The facts intake knows about a complaint before it is written. */
export interface IntakeClockInput {
  complaintId: string;
  reference: string;
  severity: Severity;
  channel: Channel;
  customerTier: CustomerTier;
  receivedAt: Date;
  assigneeId: string | null;
  intakeActorId: string | null;
}

/** Clocks whose deadlines climb the policy's escalation ladder. */
const KINDS: readonly ClockKind[] = ['acknowledge', 'resolve', 'update', 'final_response'];

/**
 * Owns sla_clocks, sla_clock_ledger and sla_firings. Every clock change goes the same way:
 * read the complaint's clocks (one statement, locked), move them with the pure clock
 * functions, settle their firings (a deadline passed before the change is recorded now, in
 * the same transaction; pending moments are re-armed), and add the writes to the change's
 * batch. Policies and calendars come from the in-memory SlaConfigCache.
 */
@Injectable()
export class SlaClocksService {
  constructor(
    private readonly configCache: SlaConfigCache,
    private readonly notifications: NotificationsService,
    private readonly appConfig: AppConfig,
  ) {}

  config(tx: EntityManager): Promise<SlaConfig> {
    return this.configCache.current(tx);
  }

  /** Starts the clocks of a complaint being taken in; its row is inserted by the same batch. */
  async startForIntake(tx: EntityManager, batch: WriteBatch, config: SlaConfig, input: IntakeClockInput, now: Date): Promise<SlaOutcome & { policy: SlaPolicyEntity | null }> {
    const policy = config.policyFor({ severity: input.severity, customerTier: input.customerTier, channel: input.channel });
    const set = emptyChangeSet();
    const records: ClockRecord[] = [];
    if (policy) {
      for (const kind of KINDS) {
        const started = this.start(config, policy, kind, input.complaintId, input.receivedAt, `intake under policy "${policy.name}"`);
        if (!started) continue;
        records.push(started.record);
        this.track(set, started.record, started.transition, config, now, true);
      }
    }
    const target = { assigneeId: input.assigneeId, intakeActorId: input.intakeActorId };
    const outcome = await this.finish(tx, batch, set, records, policy?.id ?? null, target, () => input.reference, now);
    if (policy?.notifyAtIntakeRole) {
      // Major complaints bring in senior management from the start.
      this.notifications.notifyRole(
        batch,
        policy.notifyAtIntakeRole,
        { type: 'major_complaint', complaintId: input.complaintId, title: `${input.reference}: ${input.severity} complaint taken in`, data: { severity: input.severity, policyId: policy.id } },
        now,
      );
    }
    return { ...outcome, policy };
  }

  /**
   * Moves the clocks of a locked complaint; the writes go into the change's batch. Call it once
   * per change: several moves of one change (a status move and a revisit's clock) go together,
   * applied in order to the same loaded records and written by one `finish`.
   */
  async apply(tx: EntityManager, batch: WriteBatch, complaint: ComplaintView, moves: ClockMove | ClockMove[], now: Date): Promise<SlaOutcome> {
    const config = await this.configCache.current(tx);
    const rows: Record<string, unknown>[] = await tx.query(CLOCKS_OF_COMPLAINT_SQL, [[complaint.id]]);
    const records = rows.map(clockRecordFromRow);
    const set = emptyChangeSet();
    let policyId = complaint.slaPolicyId;
    const extraEvents: NewEvent[] = [];
    for (const move of Array.isArray(moves) ? moves : [moves]) {
      switch (move.kind) {
        case 'status':
          this.moveForStatus(set, config, records, complaint, move.move, now);
          break;
        case 'customer_update':
          this.restartUpdateClock(set, config, records, complaint, now);
          break;
        case 'calendar_changed':
          for (const r of records) {
            if (r.calendarId !== move.calendarId || r.state.status === 'stopped') continue;
            const cal = config.calendar(r.calendarId);
            const t = recalculateClock(r.state, r.state.targetSeconds, r.state.warnAtRatio, r.state.escalation, now, 'calendar edited', cal);
            // A recompute that finds the schedule as it stands (run twice, or an edit elsewhere in the year) writes nothing.
            if (t && !sameSchedule(r, t.state, cal)) this.track(set, r, t, config, now);
          }
          break;
        case 'recalculate': {
          const policy = config.policyFor({ severity: move.severity, customerTier: move.customerTier, channel: complaint.channel });
          if (!policy) break;
          const before = deadlinesOf(records, config);
          const previous = config.policy(complaint.slaPolicyId);
          this.recalculate(set, config, records, policy, complaint, move.reason, now);
          policyId = policy.id;
          const after = deadlinesOf(records, config);
          extraEvents.push({
            complaintId: complaint.id,
            type: 'sla_recalculated',
            actor: move.actor,
            at: now,
            data: { reason: move.reason, policyId: policy.id, previousPolicyId: complaint.slaPolicyId, deadlines: changedDeadlines(before, after) },
          });
          if (policy.notifyAtIntakeRole && !previous?.notifyAtIntakeRole) {
            // An upgrade to a major policy brings in management as a major intake does.
            this.notifications.notifyRole(
              batch,
              policy.notifyAtIntakeRole,
              { type: 'major_complaint', complaintId: complaint.id, title: `${complaint.reference}: now a ${move.severity} complaint`, data: { severity: move.severity, policyId: policy.id, reason: move.reason } },
              now,
            );
          }
          break;
        }
        case 'revisit_scheduled':
          this.startRevisitClock(set, config, records, complaint, move, now);
          break;
        case 'revisit_done':
          this.stopRevisitClock(set, config, records, move.reason, now);
          break;
        case 'revisit_call_moved':
          this.moveRevisitCall(set, config, records, move, now);
          break;
      }
    }
    // Any change of the complaint records what fell due on its other clocks meanwhile.
    for (const r of records) {
      if (r.state.status !== 'stopped' && !set.inserted.includes(r) && !set.updated.includes(r)) settleFirings(set, r, config.calendar(r.calendarId), now);
    }
    const target = { assigneeId: complaint.assigneeId, intakeActorId: complaint.intakeActorId };
    const outcome = await this.finish(tx, batch, set, records, policyId, target, () => complaint.reference, now);
    return { ...outcome, events: [...extraEvents, ...outcome.events] };
  }

  // ---- moves (pure on the loaded records)

  private moveForStatus(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], complaint: ComplaintView, move: StatusMove, now: Date): void {
    const open = (kind: ClockKind) => records.find((r) => r.state.kind === kind && r.state.status !== 'stopped');
    const step = (kind: ClockKind, fn: (state: ClockState, at: Date, cal: CalendarDefinition | null) => ClockTransition | null) => {
      const r = open(kind);
      if (!r) return;
      const t = fn(r.state, notBefore(now, r.state), config.calendar(r.calendarId));
      if (t) this.track(set, r, t, config, now);
    };
    const stop = (reason: string) => (s: ClockState, at: Date, cal: CalendarDefinition | null) => stopClock(s, at, reason, cal);
    if (move.isFirstResponse) step('acknowledge', stop('acknowledged'));
    if (move.to === 'withdrawn') {
      for (const kind of KINDS) step(kind, stop('withdrawn'));
    } else if (move.to === 'resolved') {
      for (const kind of KINDS) step(kind, stop('resolved'));
    } else if (move.to === 'pending_customer') {
      step('resolve', (s, at, cal) => pauseClock(s, at, 'waiting for the customer', cal));
      step('update', (s, at, cal) => pauseClock(s, at, 'waiting for the customer', cal));
    } else if (move.from === 'pending_customer') {
      step('resolve', (s, at, cal) => resumeClock(s, at, 'customer answered', cal));
      step('update', (s, at, cal) => resumeClock(s, at, 'customer answered', cal));
    }
    if (move.isReopen) this.reopen(set, config, records, complaint, now);
    // Status news the customer is told of (complaint.customer_update) is the periodic progress update too.
    else if (move.customerNews && move.to !== 'resolved' && move.to !== 'withdrawn' && move.to !== 'pending_customer') this.restartUpdateClock(set, config, records, complaint, now);
  }

  /**
   * A reopened complaint: the resolve clock counts on without the time it stood resolved; the
   * regulator's final-response clock counts on from receipt (it never pauses); the update
   * clock starts afresh.
   */
  private reopen(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], complaint: ComplaintView, now: Date): void {
    const latest = (kind: ClockKind) => [...records].reverse().find((r) => r.state.kind === kind);
    const resolve = latest('resolve');
    if (resolve?.state.status === 'stopped') {
      const t = reopenClock(resolve.state, notBefore(now, resolve.state), 'reopened', config.calendar(resolve.calendarId));
      if (t) this.track(set, resolve, t, config, now);
    }
    const final = latest('final_response');
    if (final?.state.status === 'stopped') {
      const state: ClockState = { ...final.state, status: 'running', stoppedAt: null, pausedAt: null };
      this.track(set, final, { state, ledger: { action: 'resume', at: now, reason: 'reopened (the regulator counts from receipt)', dueAt: dueAt(state, null) } }, config, now);
    }
    const policy = config.policy(complaint.slaPolicyId);
    if (policy?.updateEverySeconds && !records.some((r) => r.state.kind === 'update' && r.state.status !== 'stopped')) {
      const started = this.start(config, policy, 'update', complaint.id, now, 'reopened: next update due');
      if (started) {
        records.push(started.record);
        this.track(set, started.record, started.transition, config, now, true);
      }
    }
  }

  /** A customer-visible update restarts the periodic update clock. */
  private restartUpdateClock(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], complaint: ComplaintView, now: Date): void {
    const current = records.find((r) => r.state.kind === 'update' && r.state.status === 'running');
    if (!current) return;
    const stopped = stopClock(current.state, notBefore(now, current.state), 'update sent to the customer', config.calendar(current.calendarId));
    if (stopped) this.track(set, current, stopped, config, now);
    const next = startClock('update', now, { targetSeconds: current.state.targetSeconds, warnAtRatio: current.state.warnAtRatio, escalation: current.state.escalation }, 'next update due', config.calendar(current.calendarId));
    const record: ClockRecord = { id: randomUUID(), complaintId: complaint.id, policyId: current.policyId, calendarId: current.calendarId, state: next.state, breachedAt: null, firings: [] };
    records.push(record);
    this.track(set, record, next, config, now, true);
  }

  /**
   * A revisit's clock: business time from now on the complaint's policy calendar, warned and
   * escalated by the policy's ladder. The target is the revisit's (call time plus the window to
   * reach the customer); a reschedule after no answer does not move it.
   */
  private startRevisitClock(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], complaint: ComplaintView, move: Extract<ClockMove, { kind: 'revisit_scheduled' }>, now: Date): void {
    this.stopRevisitClock(set, config, records, 'superseded by a new revisit', now);
    const policy = config.policy(complaint.slaPolicyId);
    const calendarId = policy?.calendarId ?? null;
    const targets = { targetSeconds: move.targetSeconds, warnAtRatio: policy?.warnAtRatio ?? 0.75, escalation: policy?.escalation ?? [] };
    const started = startClock('revisit', now, targets, move.reason, config.calendar(calendarId));
    const transition = { ...started, state: { ...started.state, call: move.call } };
    const record: ClockRecord = { id: move.clockId, complaintId: complaint.id, policyId: policy?.id ?? null, calendarId, state: transition.state, breachedAt: null, firings: [] };
    records.push(record);
    this.track(set, record, transition, config, now, true);
  }

  private moveRevisitCall(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], move: Extract<ClockMove, { kind: 'revisit_call_moved' }>, now: Date): void {
    const running = records.find((r) => r.state.kind === 'revisit' && r.state.status !== 'stopped');
    if (!running?.state.call) return;
    running.state = { ...running.state, call: { ...running.state.call, at: move.at, attempt: move.attempt } };
    if (!set.inserted.includes(running) && !set.updated.includes(running)) set.updated.push(running);
    settleFirings(set, running, config.calendar(running.calendarId), now);
  }

  private stopRevisitClock(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], reason: string, now: Date): void {
    const running = records.find((r) => r.state.kind === 'revisit' && r.state.status !== 'stopped');
    if (!running) return;
    const t = stopClock(running.state, notBefore(now, running.state), reason, config.calendar(running.calendarId));
    if (t) this.track(set, running, t, config, now);
  }

  /**
   * Severity or tier changed: the policy is selected again and every running or paused clock
   * recomputed from the same start on the new policy's calendar (its pauses re-measured there).
   */
  private recalculate(set: ClockChangeSet, config: SlaConfig, records: ClockRecord[], policy: SlaPolicyEntity, complaint: ComplaintView, reason: string, now: Date): void {
    for (const r of records) {
      if (r.state.status === 'stopped') continue;
      // A revisit keeps its own target (its call time); it takes the new policy's calendar and ladder.
      const targets =
        r.state.kind === 'revisit'
          ? { targetSeconds: r.state.targetSeconds, warnAtRatio: policy.warnAtRatio, escalation: policy.escalation, calendarId: policy.calendarId }
          : this.targets(config, policy, r.state.kind, r.state.startedAt);
      if (!targets) {
        const t = stopClock(r.state, notBefore(now, r.state), `policy "${policy.name}" has no ${r.state.kind} clock`, config.calendar(r.calendarId));
        if (t) this.track(set, r, t, config, now);
        continue;
      }
      const t = recalculateClock(r.state, targets.targetSeconds, targets.warnAtRatio, targets.escalation, now, reason, config.calendar(targets.calendarId));
      if (!t) continue;
      r.policyId = policy.id;
      r.calendarId = targets.calendarId;
      this.track(set, r, t, config, now);
    }
    if (complaint.status === 'resolved' || complaint.status === 'closed' || complaint.status === 'withdrawn') return;
    for (const kind of ['update', 'final_response'] as const) {
      if (records.some((r) => r.state.kind === kind)) continue;
      const started = this.start(config, policy, kind, complaint.id, kind === 'update' ? now : complaint.receivedAt, `${reason}: policy "${policy.name}"`);
      if (!started) continue;
      records.push(started.record);
      this.track(set, started.record, started.transition, config, now, true);
    }
  }

  // ---- building blocks

  /** Targets of one kind of clock under a policy; null when the policy has no such clock. */
  private targets(config: SlaConfig, policy: SlaPolicyEntity, kind: ClockKind, start: Date) {
    const calendar = config.calendar(policy.calendarId);
    const ladder = { warnAtRatio: policy.warnAtRatio, escalation: policy.escalation, calendarId: policy.calendarId };
    switch (kind) {
      case 'acknowledge': {
        const preset = policy.regulatorPreset ? findRegulatorPreset(policy.regulatorPreset) : undefined;
        const cap = preset ? acknowledgeCapSeconds(preset) : null;
        return { ...ladder, targetSeconds: cap !== null ? Math.min(policy.acknowledgeWithinSeconds, cap) : policy.acknowledgeWithinSeconds };
      }
      case 'resolve':
        return { ...ladder, targetSeconds: policy.resolveWithinSeconds };
      case 'update':
        return policy.updateEverySeconds ? { ...ladder, targetSeconds: policy.updateEverySeconds } : null;
      case 'revisit':
        return null;
      case 'final_response': {
        const due = finalResponseDue(policy, start, calendar, this.appConfig.get('TIMEZONE'));
        // The regulator clock counts calendar time and never pauses: 24x7 from receipt to its due instant.
        return due ? { ...ladder, calendarId: null, targetSeconds: Math.max(0, (due.getTime() - start.getTime()) / 1000) } : null;
      }
    }
  }

  private start(config: SlaConfig, policy: SlaPolicyEntity, kind: ClockKind, complaintId: string, start: Date, reason: string) {
    const targets = this.targets(config, policy, kind, start);
    if (!targets) return null;
    const transition = startClock(kind, start, targets, reason, config.calendar(targets.calendarId));
    const record: ClockRecord = { id: randomUUID(), complaintId, policyId: policy.id, calendarId: targets.calendarId, state: transition.state, breachedAt: null, firings: [] };
    return { record, transition };
  }

  /** Records a transition of a clock: its new state, its ledger entry and its firings. */
  private track(set: ClockChangeSet, record: ClockRecord, transition: ClockTransition, config: SlaConfig, now: Date, isNew = false): void {
    record.state = transition.state;
    (isNew ? set.inserted : set.updated).push(record);
    const { kind, targetSeconds, pausedBusinessSeconds } = transition.state;
    set.ledger.push({ clockId: record.id, complaintId: record.complaintId, kind, entry: transition.ledger, detail: { kind, targetSeconds, pausedBusinessSeconds, calendarId: record.calendarId } });
    settleFirings(set, record, config.calendar(record.calendarId), now);
  }

  /**
   * Fires inline what a change found already due, writes clocks, ledger and firings into the
   * batch, and answers what the complaint row and its timeline take from it.
   */
  private async finish(
    tx: EntityManager,
    batch: WriteBatch,
    set: ClockChangeSet,
    records: ClockRecord[],
    policyId: string | null,
    target: NoticeTarget,
    referenceOf: (complaintId: string) => string,
    now: Date,
  ): Promise<SlaOutcome> {
    const effects = firingEffects(set.fired, now, referenceOf);
    if (effects.notices.length) {
      const lookup = await this.notifications.directory(tx, [target], effects.notices.map((n) => n.role));
      this.notifications.insert(batch, effects.notices.flatMap((n) => lookup(n.role, target).map((recipientId) => ({ recipientId, type: n.type, complaintId: n.complaintId, title: n.title, data: n.data }))), now);
      catchUpFirings.inc(set.fired.length);
    }
    for (const id of effects.breachedClockIds) {
      const r = records.find((x) => x.id === id);
      if (r && !r.breachedAt) {
        r.breachedAt = now;
        if (!set.inserted.includes(r) && !set.updated.includes(r)) set.updated.push(r);
      }
    }
    const config = await this.configCache.current(tx);
    this.write(batch, set, config, now);
    const deadlines = deadlinesOf(records, config);
    const [outcome] = [...effects.outcomes.values()];
    return {
      policyId,
      ...deadlines,
      breached: outcome?.breached ?? false,
      escalationLevel: outcome?.escalationLevel ?? 0,
      events: effects.events.map((e) => ({ ...e, actor: SYSTEM_ACTOR, at: now })),
      pending: set.pending,
    };
  }

  /** The change set as parts of the batch: clock inserts and updates, ledger rows, firing upserts and deletes. */
  private write(batch: WriteBatch, set: ClockChangeSet, config: SlaConfig, now: Date): void {
    const inserted = unique(set.inserted);
    const updated = unique(set.updated).filter((r) => !inserted.includes(r));
    const columns = (rs: ClockRecord[]) => ({
      id: rs.map((r) => r.id),
      complaint: rs.map((r) => r.complaintId),
      kind: rs.map((r) => r.state.kind),
      status: rs.map((r) => r.state.status),
      policy: rs.map((r) => r.policyId),
      calendar: rs.map((r) => r.calendarId),
      started: rs.map((r) => r.state.startedAt),
      target: rs.map((r) => r.state.targetSeconds),
      paused: rs.map((r) => r.state.pausedBusinessSeconds),
      pausedAt: rs.map((r) => r.state.pausedAt),
      stoppedAt: rs.map((r) => r.state.stoppedAt),
      pauses: rs.map((r) => JSON.stringify(r.state.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })))),
      warn: rs.map((r) => r.state.warnAtRatio),
      escalation: rs.map((r) => JSON.stringify(r.state.escalation)),
      due: rs.map((r) => dueAt(r.state, config.calendar(r.calendarId))),
      breached: rs.map((r) => r.breachedAt),
      // What a stopped clock counted (read by the reports); null while it runs or is paused.
      counted: rs.map((r) => countedSecondsAtStop(r.state, config.calendar(r.calendarId))),
      call: rs.map((r) => revisitCallToJson(r.state.call)),
    });
    if (inserted.length) {
      const c = columns(inserted);
      batch.add(
        (p) =>
          `INSERT INTO sla_clocks (id, complaint_id, kind, status, policy_id, calendar_id, started_at, target_seconds, paused_business_seconds, paused_at, stopped_at, pauses,
                                   warn_at_ratio, escalation, due_at, breached_at, elapsed_business_seconds, revisit_call, created_at, updated_at)
           SELECT x.*, ${p(now)}::timestamptz, ${p(now)}::timestamptz
             FROM unnest(${p(c.id)}::uuid[], ${p(c.complaint)}::uuid[], ${p(c.kind)}::varchar[], ${p(c.status)}::varchar[], ${p(c.policy)}::uuid[], ${p(c.calendar)}::uuid[],
                         ${p(c.started)}::timestamptz[], ${p(c.target)}::float8[], ${p(c.paused)}::float8[], ${p(c.pausedAt)}::timestamptz[], ${p(c.stoppedAt)}::timestamptz[],
                         ${p(c.pauses)}::jsonb[], ${p(c.warn)}::float8[], ${p(c.escalation)}::jsonb[], ${p(c.due)}::timestamptz[], ${p(c.breached)}::timestamptz[],
                         ${p(c.counted)}::float8[], ${p(c.call)}::jsonb[]) AS x`,
      );
    }
    if (updated.length) {
      const c = columns(updated);
      batch.add(
        (p) =>
          `UPDATE sla_clocks k SET status = x.status, policy_id = x.policy, calendar_id = x.calendar, target_seconds = x.target, paused_business_seconds = x.paused,
                  paused_at = x.paused_at, stopped_at = x.stopped_at, pauses = x.pauses, warn_at_ratio = x.warn, escalation = x.escalation, due_at = x.due,
                  breached_at = COALESCE(k.breached_at, x.breached), elapsed_business_seconds = x.counted, revisit_call = x.call, updated_at = ${p(now)}
             FROM unnest(${p(c.id)}::uuid[], ${p(c.status)}::varchar[], ${p(c.policy)}::uuid[], ${p(c.calendar)}::uuid[], ${p(c.target)}::float8[], ${p(c.paused)}::float8[],
                         ${p(c.pausedAt)}::timestamptz[], ${p(c.stoppedAt)}::timestamptz[], ${p(c.pauses)}::jsonb[], ${p(c.warn)}::float8[], ${p(c.escalation)}::jsonb[],
                         ${p(c.due)}::timestamptz[], ${p(c.breached)}::timestamptz[], ${p(c.counted)}::float8[], ${p(c.call)}::jsonb[])
                  AS x(id, status, policy, calendar, target, paused, paused_at, stopped_at, pauses, warn, escalation, due, breached, counted, call)
            WHERE k.id = x.id`,
      );
    }
    if (set.ledger.length) {
      const l = set.ledger;
      batch.add(
        (p) =>
          `INSERT INTO sla_clock_ledger (clock_id, complaint_id, action, at, reason, due_at, detail)
           SELECT x.clock_id, x.complaint_id, x.action, x.at, x.reason, x.due_at, x.detail
             FROM unnest(${p(l.map((e) => e.clockId))}::uuid[], ${p(l.map((e) => e.complaintId))}::uuid[], ${p(l.map((e) => e.entry.action))}::varchar[],
                         ${p(l.map((e) => e.entry.at))}::timestamptz[], ${p(l.map((e) => e.entry.reason.slice(0, 300)))}::varchar[], ${p(l.map((e) => e.entry.dueAt))}::timestamptz[],
                         ${p(l.map((e) => JSON.stringify({ ...e.detail, ...(e.entry.detail ?? {}) })))}::jsonb[]) WITH ORDINALITY AS x(clock_id, complaint_id, action, at, reason, due_at, detail, n)
            ORDER BY x.n`,
      );
    }
    if (set.upserts.length) {
      const u = set.upserts;
      batch.add(
        (p) =>
          `INSERT INTO sla_firings (clock_id, complaint_id, firing, due_at, fired_at)
           SELECT * FROM unnest(${p(u.map((f) => f.clockId))}::uuid[], ${p(u.map((f) => f.complaintId))}::uuid[], ${p(u.map((f) => f.firing))}::varchar[],
                                ${p(u.map((f) => f.dueAt))}::timestamptz[], ${p(u.map((f) => f.firedAt))}::timestamptz[])
           ON CONFLICT (clock_id, firing) DO UPDATE SET due_at = EXCLUDED.due_at, fired_at = EXCLUDED.fired_at`,
      );
    }
    if (set.deletes.length) {
      const d = set.deletes;
      batch.add(
        (p) =>
          `DELETE FROM sla_firings f USING unnest(${p(d.map((x) => x.clockId))}::uuid[], ${p(d.map((x) => x.firing))}::varchar[]) AS x(clock_id, firing)
            WHERE f.clock_id = x.clock_id AND f.firing = x.firing AND f.fired_at IS NULL`,
      );
    }
  }
}

/** A stop or pause is never ignored: an instant before the clock's last transition counts as that transition. */
function notBefore(now: Date, state: ClockState): Date {
  const last = Math.max(state.startedAt.getTime(), state.pausedAt?.getTime() ?? 0, ...state.pauses.map((p) => p.to?.getTime() ?? p.from.getTime()));
  return now.getTime() >= last ? now : new Date(last);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Whether a clock's firings, as stored, already follow this state. */
function sameSchedule(record: ClockRecord, state: ClockState, calendar: CalendarDefinition | null): boolean {
  const key = (f: { firing: string; at: Date }) => `${f.firing}@${f.at.getTime()}`;
  const stored = record.firings.map((f) => key({ firing: f.firing, at: f.dueAt })).sort();
  const wanted = firingSchedule(state, calendar).map(key).sort();
  return stored.length === wanted.length && stored.every((k, i) => k === wanted[i]);
}

/** The complaint's acknowledge and resolve deadlines, from the latest clock of each kind. */
function deadlinesOf(records: ClockRecord[], config: SlaConfig): { acknowledgeBy: Date | null; resolveBy: Date | null } {
  const latest = (kind: ClockKind) => [...records].reverse().find((r) => r.state.kind === kind);
  const due = (r: ClockRecord | undefined) => (r ? dueAt(r.state, config.calendar(r.calendarId)) : null);
  return { acknowledgeBy: due(latest('acknowledge')), resolveBy: due(latest('resolve')) };
}

function changedDeadlines(before: { acknowledgeBy: Date | null; resolveBy: Date | null }, after: { acknowledgeBy: Date | null; resolveBy: Date | null }) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const out: Record<string, { from: string | null; to: string | null }> = {};
  if (iso(before.acknowledgeBy) !== iso(after.acknowledgeBy)) out.acknowledge = { from: iso(before.acknowledgeBy), to: iso(after.acknowledgeBy) };
  if (iso(before.resolveBy) !== iso(after.resolveBy)) out.resolve = { from: iso(before.resolveBy), to: iso(after.resolveBy) };
  return out;
}

function finalResponseDue(policy: SlaPolicyEntity, start: Date, calendar: CalendarDefinition | null, serviceTimezone: string): Date | null {
  const timezone = calendar?.timezone ?? serviceTimezone;
  if (policy.regulatorPreset) {
    const preset = findRegulatorPreset(policy.regulatorPreset);
    if (preset) return finalResponseDueAt(preset, start, timezone, calendar);
  }
  if (policy.finalResponseWithinDays) return addCalendarDays(start, policy.finalResponseWithinDays, timezone);
  return null;
}
