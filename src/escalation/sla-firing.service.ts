import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../common/actor/actor';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { TimelineService } from '../complaints/timeline.service';
import { firingLateness, slaBreaches, slaEscalations, slaWarnings } from '../metrics/sla-metrics';
import { NotificationEntity } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { SlaClockEntity } from '../sla/sla-clock.entity';

export interface FiredFiring {
  clock: string;
  firing: string;
  dueAt: Date;
  firedAt: Date;
}

/** A job may arrive a little early (timer granularity); it waits rather than doing nothing. */
const MAX_EARLY_WAIT_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Acts on deadlines. Re-reads the state under row locks (complaint, then the clock's
 * firings) and fires only what is due and not fired yet, so a job that runs twice, late, or
 * on several workers at once does no harm.
 */
@Injectable()
export class SlaFiringService {
  private readonly logger = new Logger(SlaFiringService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Fires every due, unfired firing of the clock that `firingId` belongs to, in order. */
  async fire(firingId: string, expectedDueAt?: Date): Promise<FiredFiring[]> {
    const early = expectedDueAt ? expectedDueAt.getTime() - Date.now() : 0;
    if (early > 0 && early <= MAX_EARLY_WAIT_MS) await sleep(early);

    const notified: NotificationEntity[] = [];
    const fired = await this.dataSource.transaction(async (manager) => {
      const [row]: { clock_id: string; complaint_id: string }[] = await manager.query(`SELECT clock_id, complaint_id FROM sla_firings WHERE id = $1`, [firingId]);
      if (!row) return [];
      // Same lock order as every complaint change: the complaint row first.
      const complaint = await manager.findOne(ComplaintEntity, { where: { id: row.complaint_id }, lock: { mode: 'pessimistic_write' } });
      const clock = await manager.findOne(SlaClockEntity, { where: { id: row.clock_id }, lock: { mode: 'pessimistic_write' } });
      if (!complaint || !clock || clock.status !== 'running') return [];
      const now = new Date();
      const due: { id: string; firing: string; due_at: Date }[] = await manager.query(
        `SELECT id, firing, due_at FROM sla_firings
          WHERE clock_id = $1 AND fired_at IS NULL AND due_at <= $2
          ORDER BY due_at, firing FOR UPDATE`,
        [clock.id, now],
      );
      const out: FiredFiring[] = [];
      for (const f of due) {
        notified.push(...(await this.apply(manager, complaint, clock, f.firing, new Date(f.due_at), now)));
        await manager.query(`UPDATE sla_firings SET fired_at = $2 WHERE id = $1`, [f.id, now]);
        out.push({ clock: clock.kind, firing: f.firing, dueAt: new Date(f.due_at), firedAt: now });
      }
      return out;
    });

    for (const f of fired) {
      firingLateness.observe({ clock: f.clock, firing: f.firing.startsWith('escalation') ? 'escalation' : f.firing }, (f.firedAt.getTime() - f.dueAt.getTime()) / 1000);
    }
    await this.notifications.publish(notified);
    return fired;
  }

  private async apply(manager: EntityManager, complaint: ComplaintEntity, clock: SlaClockEntity, firing: string, dueAt: Date, now: Date): Promise<NotificationEntity[]> {
    const base = { clock: clock.kind, firing, dueAt: dueAt.toISOString(), latenessMs: now.getTime() - dueAt.getTime() };
    const title = (what: string) => `${complaint.reference}: ${clock.kind} ${what}`;
    if (firing === 'warning') {
      slaWarnings.inc({ clock: clock.kind });
      await this.timeline.record(manager, complaint.id, 'sla_warning', SYSTEM_ACTOR, base, now);
      const to = await this.notifications.recipientsFor(manager, 'assignee', complaint.assigneeId);
      return this.notifications.notify(manager, to, { type: 'sla_warning', complaintId: complaint.id, title: title('deadline approaching'), data: base });
    }
    if (firing === 'breach') {
      slaBreaches.inc({ clock: clock.kind });
      await this.timeline.record(manager, complaint.id, 'sla_breached', SYSTEM_ACTOR, base, now);
      await manager.update(SlaClockEntity, { id: clock.id }, { breachedAt: now });
      if (!complaint.slaBreached) {
        complaint.slaBreached = true;
        await manager.update(ComplaintEntity, { id: complaint.id }, { slaBreached: true, version: complaint.version });
      }
      const to = await this.notifications.recipientsFor(manager, 'assignee', complaint.assigneeId);
      return this.notifications.notify(manager, to, { type: 'sla_breached', complaintId: complaint.id, title: title('deadline missed'), data: base });
    }
    const level = Number(/^escalation-(\d+)$/.exec(firing)?.[1]);
    const step = clock.escalation.find((s) => s.level === level);
    if (!step) {
      this.logger.warn(`unknown firing ${firing} on clock ${clock.id}`);
      return [];
    }
    slaEscalations.inc({ clock: clock.kind, level: String(level) });
    const data = { ...base, level, notifyRole: step.notifyRole };
    await this.timeline.record(manager, complaint.id, 'escalated', SYSTEM_ACTOR, data, now);
    if (level > complaint.escalationLevel) {
      complaint.escalationLevel = level;
      await manager.update(ComplaintEntity, { id: complaint.id }, { escalationLevel: level, version: complaint.version });
    }
    const to = await this.notifications.recipientsFor(manager, step.notifyRole, complaint.assigneeId);
    return this.notifications.notify(manager, to, { type: 'escalated', complaintId: complaint.id, title: title(`escalated to level ${level}`), data });
  }
}
