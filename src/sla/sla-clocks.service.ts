import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { StatusChange } from '../complaints/complaint-lifecycle.hooks';
import { TimelineService } from '../complaints/timeline.service';
import { CustomerEntity } from '../customers/customer.entity';
import { CalendarEntity, toCalendarDefinition } from './calendar.entity';
import { addCalendarDays, CalendarDefinition } from './clock/business-calendar';
import {
  ClockKind,
  ClockState,
  ClockTransition,
  firingSchedule,
  pauseClock,
  recalculateClock,
  resumeClock,
  startClock,
  stopClock,
} from './clock/complaint-clock';
import { finalResponseDueAt, findRegulatorPreset } from './regulator-presets/regulator-presets';
import { SlaClockLedgerEntity } from './sla-clock-ledger.entity';
import { slaJobId } from './sla-job.scheduler';
import { SlaClockEntity, toClockState } from './sla-clock.entity';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaPolicyEntity } from './sla-policy.entity';

type Calendars = Map<string | null, CalendarDefinition | null>;

/** Clocks whose deadlines escalate; the update and regulator clocks only warn and breach. */
const LADDER_CLOCKS: readonly ClockKind[] = ['acknowledge', 'resolve'];

/**
 * Persists the clocks of a complaint: every transition is a ledger row, and the moments a
 * deadline job must fire are kept in sla_firings. Runs inside the caller's transaction; the
 * jobs themselves are scheduled after commit from sla_firings (SlaJobScheduler).
 */
@Injectable()
export class SlaClocksService {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly timeline: TimelineService,
  ) {}

  async startForIntake(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity): Promise<SlaPolicyEntity | null> {
    const policy = await this.policies.selectFor(manager, { severity: complaint.severity, customerTier: customer.tier, channel: complaint.channel });
    if (!policy) return null;
    const calendars: Calendars = new Map();
    const start = complaint.receivedAt;
    const calendar = await this.calendar(manager, calendars, policy.calendarId);
    const kinds: [ClockKind, number, CalendarDefinition | null, string | null][] = [
      ['acknowledge', policy.acknowledgeWithinSeconds, calendar, policy.calendarId],
      ['resolve', policy.resolveWithinSeconds, calendar, policy.calendarId],
    ];
    if (policy.updateEverySeconds) kinds.push(['update', policy.updateEverySeconds, calendar, policy.calendarId]);
    const finalDue = this.finalResponseDue(policy, start, calendar);
    // The regulator clock counts calendar time and never pauses: 24x7 from receipt to its due instant.
    if (finalDue) kinds.push(['final_response', (finalDue.getTime() - start.getTime()) / 1000, null, null]);

    // Intake is the hot path: all clocks, ledger rows and firings in one statement each.
    const started = kinds.map(([kind, target, cal, calendarId]) => {
      const ladder = LADDER_CLOCKS.includes(kind) ? policy.escalation : [];
      const transition = startClock(kind, start, { targetSeconds: target, warnAtRatio: policy.warnAtRatio, escalation: ladder }, `intake under policy "${policy.name}"`, cal);
      const clock = manager.create(SlaClockEntity, { complaintId: complaint.id, policyId: policy.id, calendarId, ...transition.state, dueAt: transition.ledger.dueAt });
      return { clock, transition, cal };
    });
    await manager.save(SlaClockEntity, started.map((s) => s.clock));
    await this.recordAll(manager, started, true);
    complaint.slaPolicyId = policy.id;
    const due = (kind: ClockKind) => started.find((s) => s.clock.kind === kind)?.clock.dueAt ?? null;
    await this.denormalize(manager, complaint, { acknowledge: due('acknowledge'), resolve: due('resolve') });
    return policy;
  }

  /** Moves the clocks as the complaint's status changes. */
  async onStatusChange(manager: EntityManager, complaint: ComplaintEntity, change: StatusChange, now: Date): Promise<void> {
    const clocks = await this.openClocks(manager, complaint.id);
    const calendars: Calendars = new Map();
    const apply = async (kind: ClockKind, move: (state: ClockState, cal: CalendarDefinition | null) => ClockTransition | null) => {
      const clock = clocks.get(kind);
      if (!clock) return;
      const cal = await this.calendar(manager, calendars, clock.calendarId);
      const transition = move(toClockState(clock), cal);
      if (transition) await this.save(manager, clock, transition, cal);
    };
    if (change.isFirstResponse) await apply('acknowledge', (s, cal) => stopClock(s, now, 'acknowledged', cal));
    if (change.to === 'withdrawn') {
      for (const kind of clocks.keys()) await apply(kind, (s, cal) => stopClock(s, now, 'withdrawn', cal));
    } else if (change.to === 'resolved') {
      for (const kind of ['acknowledge', 'resolve', 'update', 'final_response'] as const) await apply(kind, (s, cal) => stopClock(s, now, 'resolved', cal));
    } else if (change.to === 'pending_customer') {
      await apply('resolve', (s, cal) => pauseClock(s, now, 'waiting for the customer', cal));
      await apply('update', (s, cal) => pauseClock(s, now, 'waiting for the customer', cal));
    } else if (change.from === 'pending_customer') {
      await apply('resolve', (s, cal) => resumeClock(s, now, 'customer answered', cal));
      await apply('update', (s, cal) => resumeClock(s, now, 'customer answered', cal));
    }
    if (change.isReopen) await this.reopen(manager, complaint, now, calendars);
    await this.denormalize(manager, complaint);
  }

  /**
   * Severity, priority or tier changed: re-select the policy and recompute the deadlines
   * from the same start, keeping the time already paused.
   */
  async recalculate(manager: EntityManager, complaint: ComplaintEntity, customer: CustomerEntity, reason: string, actor: Actor, now: Date): Promise<void> {
    const policy = await this.policies.selectFor(manager, { severity: complaint.severity, customerTier: customer.tier, channel: complaint.channel });
    if (!policy) return;
    const clocks = await this.openClocks(manager, complaint.id);
    const calendars: Calendars = new Map();
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const kind of LADDER_CLOCKS) {
      const clock = clocks.get(kind);
      if (!clock) continue;
      const cal = await this.calendar(manager, calendars, clock.calendarId);
      const target = kind === 'acknowledge' ? policy.acknowledgeWithinSeconds : policy.resolveWithinSeconds;
      const before = clock.dueAt;
      const transition = recalculateClock(toClockState(clock), target, policy.warnAtRatio, policy.escalation, now, reason, cal);
      if (!transition) continue;
      clock.policyId = policy.id;
      await this.save(manager, clock, transition, cal);
      changes[kind] = { from: before?.toISOString() ?? null, to: clock.dueAt?.toISOString() ?? null };
    }
    const previousPolicy = complaint.slaPolicyId;
    complaint.slaPolicyId = policy.id;
    await this.denormalize(manager, complaint);
    await this.timeline.record(manager, complaint.id, 'sla_recalculated', actor, { reason, policyId: policy.id, previousPolicyId: previousPolicy, deadlines: changes });
  }

  /** A customer-visible update restarts the periodic update clock. */
  async restartUpdateClock(manager: EntityManager, complaint: ComplaintEntity, now: Date): Promise<void> {
    const clock = (await this.openClocks(manager, complaint.id)).get('update');
    if (!clock || clock.status !== 'running') return;
    const calendars: Calendars = new Map();
    const cal = await this.calendar(manager, calendars, clock.calendarId);
    const stopped = stopClock(toClockState(clock), now, 'update sent to the customer', cal);
    if (stopped) await this.save(manager, clock, stopped, cal);
    const next = startClock('update', now, { targetSeconds: clock.targetSeconds, warnAtRatio: clock.warnAtRatio, escalation: [] }, 'next update due', cal);
    const fresh = manager.create(SlaClockEntity, { complaintId: complaint.id, policyId: clock.policyId, calendarId: clock.calendarId, ...next.state, dueAt: next.ledger.dueAt });
    await manager.save(fresh);
    await this.record(manager, fresh, next, cal);
  }

  /** The resolve clock of a reopened complaint counts on; the time it stood resolved is not counted. */
  private async reopen(manager: EntityManager, complaint: ComplaintEntity, now: Date, calendars: Calendars): Promise<void> {
    const [last] = await manager.find(SlaClockEntity, { where: { complaintId: complaint.id, kind: 'resolve' }, order: { startedAt: 'DESC' }, take: 1 });
    if (!last || last.status !== 'stopped' || !last.stoppedAt) return;
    const cal = await this.calendar(manager, calendars, last.calendarId);
    const asPaused: ClockState = { ...toClockState(last), status: 'paused', pausedAt: last.pausedAt ?? last.stoppedAt, stoppedAt: null };
    const transition = resumeClock(asPaused, now, 'reopened', cal);
    if (transition) await this.save(manager, last, transition, cal);
  }

  async openClocks(manager: EntityManager, complaintId: string): Promise<Map<ClockKind, SlaClockEntity>> {
    const rows = await manager
      .createQueryBuilder(SlaClockEntity, 'c')
      .where('c.complaintId = :complaintId', { complaintId })
      .andWhere(`c.status <> 'stopped'`)
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((c) => [c.kind, c]));
  }

  private async save(manager: EntityManager, clock: SlaClockEntity, transition: ClockTransition, cal: CalendarDefinition | null): Promise<void> {
    Object.assign(clock, transition.state, { dueAt: transition.state.status === 'paused' ? null : (transition.ledger.dueAt ?? clock.dueAt) });
    await manager.save(clock);
    await this.record(manager, clock, transition, cal);
  }

  private record(manager: EntityManager, clock: SlaClockEntity, transition: ClockTransition, cal: CalendarDefinition | null): Promise<void> {
    return this.recordAll(manager, [{ clock, transition, cal }], false);
  }

  /**
   * Writes the ledger rows and brings each clock's pending firings in line with its schedule.
   * `fresh` clocks have no firings yet, so nothing needs removing.
   */
  private async recordAll(
    manager: EntityManager,
    entries: { clock: SlaClockEntity; transition: ClockTransition; cal: CalendarDefinition | null }[],
    fresh: boolean,
  ): Promise<void> {
    await manager.save(
      SlaClockLedgerEntity,
      entries.map(({ clock, transition: { ledger } }) =>
        manager.create(SlaClockLedgerEntity, {
          clockId: clock.id,
          complaintId: clock.complaintId,
          action: ledger.action,
          at: ledger.at,
          reason: ledger.reason.slice(0, 300),
          dueAt: ledger.dueAt,
          detail: { kind: clock.kind, targetSeconds: clock.targetSeconds, pausedBusinessSeconds: clock.pausedBusinessSeconds, ...(ledger.detail ?? {}) },
        }),
      ),
    );
    const firings = entries.flatMap(({ clock, transition, cal }) => {
      const schedule = firingSchedule(transition.state, cal);
      return schedule.map((f) => ({ clock, firing: f.firing, at: f.at }));
    });
    if (!fresh) {
      for (const { clock, transition, cal } of entries) {
        const schedule = firingSchedule(transition.state, cal);
        const before: { firing: string; due_at: Date }[] = await manager.query(
          `SELECT firing, due_at FROM sla_firings WHERE clock_id = $1 AND fired_at IS NULL FOR UPDATE`,
          [clock.id],
        );
        // Jobs of firings that are dropped or move: queued for removal after commit.
        const obsolete = before.filter((b) => !schedule.some((f) => f.firing === b.firing && f.at.getTime() === new Date(b.due_at).getTime()));
        if (obsolete.length) {
          await manager.query(`INSERT INTO sla_job_removals (job_id) SELECT unnest($1::varchar[]) ON CONFLICT DO NOTHING`, [
            obsolete.map((b) => slaJobId({ complaintId: clock.complaintId, kind: clock.kind, firing: b.firing, dueAt: new Date(b.due_at) })),
          ]);
        }
        const keep = schedule.map((f) => f.firing);
        await manager.query(`DELETE FROM sla_firings WHERE clock_id = $1 AND fired_at IS NULL AND NOT (firing = ANY($2))`, [clock.id, keep]);
      }
    }
    if (firings.length === 0) return;
    await manager.query(
      `INSERT INTO sla_firings (clock_id, complaint_id, firing, due_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[])
       ON CONFLICT (clock_id, firing) DO UPDATE SET due_at = EXCLUDED.due_at WHERE sla_firings.fired_at IS NULL`,
      [firings.map((f) => f.clock.id), firings.map((f) => f.clock.complaintId), firings.map((f) => f.firing), firings.map((f) => f.at.toISOString())],
    );
  }

  /** Mirrors the clocks' deadlines on the complaint for lists and filters. */
  private async denormalize(manager: EntityManager, complaint: ComplaintEntity, known?: Partial<Record<ClockKind, Date | null>>): Promise<void> {
    const rows: { kind: ClockKind; due_at: Date | null }[] = known
      ? []
      : await manager.query(
          `SELECT DISTINCT ON (kind) kind, due_at FROM sla_clocks WHERE complaint_id = $1 AND kind IN ('acknowledge', 'resolve') ORDER BY kind, started_at DESC`,
          [complaint.id],
        );
    const due = new Map<ClockKind, Date | null>(known ? (Object.entries(known) as [ClockKind, Date | null][]) : rows.map((r) => [r.kind, r.due_at]));
    const patch = {
      slaPolicyId: complaint.slaPolicyId,
      acknowledgeBy: due.get('acknowledge') ?? complaint.acknowledgeBy,
      resolveBy: due.get('resolve') ?? complaint.resolveBy,
    };
    // Deadlines follow from the change being made; they do not bump the complaint's version.
    await manager.update(ComplaintEntity, { id: complaint.id }, { ...patch, version: complaint.version });
    Object.assign(complaint, patch);
  }

  private finalResponseDue(policy: SlaPolicyEntity, start: Date, calendar: CalendarDefinition | null): Date | null {
    const timezone = calendar?.timezone ?? 'UTC';
    if (policy.regulatorPreset) {
      const preset = findRegulatorPreset(policy.regulatorPreset);
      if (preset) return finalResponseDueAt(preset, start, timezone, calendar);
    }
    if (policy.finalResponseWithinDays) return addCalendarDays(start, policy.finalResponseWithinDays, timezone);
    return null;
  }

  private async calendar(manager: EntityManager, cache: Calendars, id: string | null): Promise<CalendarDefinition | null> {
    if (!cache.has(id)) cache.set(id, id ? toCalendarDefinition(await manager.findOneBy(CalendarEntity, { id })) : null);
    return cache.get(id) ?? null;
  }
}
