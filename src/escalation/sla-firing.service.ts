import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../common/actor/actor';
import { ComplaintEventType } from '../domain/complaint.enums';
import { TimelineService } from '../complaints/timeline.service';
import { firingLateness, slaBreaches, slaEscalations, slaWarnings } from '../metrics/sla-metrics';
import { NotificationEntity } from '../notifications/notification.entity';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { EscalationStep } from '../sla/clock/complaint-clock';

export interface FiredFiring {
  complaintId: string;
  clock: string;
  firing: string;
  dueAt: Date;
  firedAt: Date;
}

interface DueRow {
  id: string;
  clock_id: string;
  complaint_id: string;
  firing: string;
  due_at: Date;
  kind: string;
  escalation: EscalationStep[];
  reference: string;
  assignee_id: string | null;
}

/** A job may arrive a little early (timer granularity); it waits rather than doing nothing. */
const MAX_EARLY_WAIT_MS = 2000;
/** Complaints handled in one transaction by a sweep. */
const SWEEP_BATCH = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Acts on deadlines, set-based: one transaction locks the complaints that have due, unfired
 * firings (complaint rows first, the lock order of every complaint change), re-reads those
 * firings and fires them in order (warning, breach, escalation-N), marking each `fired_at`.
 * A job that runs twice, late, or on several workers at once finds nothing left to do.
 */
@Injectable()
export class SlaFiringService {
  private readonly logger = new Logger(SlaFiringService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * The job of one firing: sweeps everything due (its own firing with it, and whatever else
   * fell due at the same moment), then makes sure its own firing did not stay behind a lock.
   */
  async fire(firingId: string, expectedDueAt?: Date): Promise<FiredFiring[]> {
    const early = expectedDueAt ? expectedDueAt.getTime() - Date.now() : 0;
    if (early > 0 && early <= MAX_EARLY_WAIT_MS) await sleep(early);
    // Under load most jobs find their firing already fired by another job's sweep.
    if (!(await this.pendingComplaintOf(firingId))) return [];
    const fired = await this.sweep();
    const own = await this.pendingComplaintOf(firingId);
    // Its complaint was locked by a change or another sweep: wait for that lock.
    if (own) fired.push(...(await this.fireBatch({ complaintIds: [own], skipLocked: false })));
    return fired;
  }

  private async pendingComplaintOf(firingId: string): Promise<string | null> {
    const [row]: { complaint_id: string }[] = await this.dataSource.query(
      `SELECT complaint_id FROM sla_firings WHERE id = $1 AND fired_at IS NULL AND due_at <= $2`,
      [firingId, new Date()],
    );
    return row?.complaint_id ?? null;
  }

  /** Fires due firings of complaints nobody else holds, in batches, until none is left. */
  async sweep(maxBatches = 50): Promise<FiredFiring[]> {
    const all: FiredFiring[] = [];
    for (let i = 0; i < maxBatches; i++) {
      const fired = await this.fireBatch({ skipLocked: true });
      all.push(...fired);
      if (fired.length === 0) break;
    }
    return all;
  }

  private async fireBatch(scope: { complaintIds?: string[]; skipLocked: boolean }): Promise<FiredFiring[]> {
    const notified: NotificationEntity[] = [];
    const fired = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const locked: { id: string }[] = scope.complaintIds
        ? await manager.query(`SELECT id FROM complaints WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [scope.complaintIds])
        : await manager.query(
            // Several sweepers at once each take the earliest complaints the others have not locked.
            `SELECT c.id FROM complaints c
               JOIN (SELECT complaint_id, min(due_at) AS due FROM sla_firings
                      WHERE fired_at IS NULL AND due_at <= $1
                      GROUP BY complaint_id ORDER BY due LIMIT $2 * 10) d ON d.complaint_id = c.id
              ORDER BY d.due LIMIT $2
              FOR UPDATE OF c SKIP LOCKED`,
            [now, SWEEP_BATCH],
          );
      if (locked.length === 0) return [];
      const due: DueRow[] = await manager.query(
        `SELECT f.id, f.clock_id, f.complaint_id, f.firing, f.due_at, k.kind, k.escalation, c.reference, c.assignee_id
           FROM sla_firings f
           JOIN sla_clocks k ON k.id = f.clock_id AND k.status = 'running'
           JOIN complaints c ON c.id = f.complaint_id
          WHERE f.complaint_id = ANY($1) AND f.fired_at IS NULL AND f.due_at <= $2
          ORDER BY f.complaint_id, f.due_at, f.firing
          FOR UPDATE OF f`,
        [locked.map((r) => r.id), now],
      );
      if (due.length === 0) return [];
      notified.push(...(await this.apply(manager, due, now)));
      return due.map((f) => ({ complaintId: f.complaint_id, clock: f.kind, firing: f.firing, dueAt: new Date(f.due_at), firedAt: now }));
    });

    for (const f of fired) {
      const firing = f.firing.startsWith('escalation') ? 'escalation' : f.firing;
      firingLateness.observe({ clock: f.clock, firing }, (f.firedAt.getTime() - f.dueAt.getTime()) / 1000);
      if (firing === 'warning') slaWarnings.inc({ clock: f.clock });
      else if (firing === 'breach') slaBreaches.inc({ clock: f.clock });
      else slaEscalations.inc({ clock: f.clock, level: f.firing.slice('escalation-'.length) });
    }
    await this.notifications.publish(notified);
    return fired;
  }

  /** Writes the events, complaint and clock changes and notifications of the due firings. */
  private async apply(manager: EntityManager, due: DueRow[], now: Date): Promise<NotificationEntity[]> {
    const events: { complaintId: string; type: ComplaintEventType; actor: typeof SYSTEM_ACTOR; data: Record<string, unknown>; at: Date }[] = [];
    const breachedClocks: string[] = [];
    const breachedComplaints = new Set<string>();
    const levels = new Map<string, number>();
    const pending: { role: string; row: DueRow; draft: NotificationDraft }[] = [];

    for (const f of due) {
      const dueAt = new Date(f.due_at);
      const base = { clock: f.kind, firing: f.firing, dueAt: dueAt.toISOString(), latenessMs: now.getTime() - dueAt.getTime() };
      const title = (what: string) => `${f.reference}: ${f.kind} ${what}`;
      if (f.firing === 'warning') {
        events.push({ complaintId: f.complaint_id, type: 'sla_warning', actor: SYSTEM_ACTOR, data: base, at: now });
        pending.push({ role: 'assignee', row: f, draft: { type: 'sla_warning', complaintId: f.complaint_id, title: title('deadline approaching'), data: base } });
      } else if (f.firing === 'breach') {
        events.push({ complaintId: f.complaint_id, type: 'sla_breached', actor: SYSTEM_ACTOR, data: base, at: now });
        breachedClocks.push(f.clock_id);
        breachedComplaints.add(f.complaint_id);
        pending.push({ role: 'assignee', row: f, draft: { type: 'sla_breached', complaintId: f.complaint_id, title: title('deadline missed'), data: base } });
      } else {
        const level = Number(/^escalation-(\d+)$/.exec(f.firing)?.[1]);
        const step = f.escalation.find((s) => s.level === level);
        if (!step) {
          this.logger.warn(`unknown firing ${f.firing} on clock ${f.clock_id}`);
          continue;
        }
        const data = { ...base, level, notifyRole: step.notifyRole };
        events.push({ complaintId: f.complaint_id, type: 'escalated', actor: SYSTEM_ACTOR, data, at: now });
        levels.set(f.complaint_id, Math.max(levels.get(f.complaint_id) ?? 0, level));
        pending.push({ role: step.notifyRole, row: f, draft: { type: 'escalated', complaintId: f.complaint_id, title: title(`escalated to level ${level}`), data } });
      }
    }

    await this.timeline.recordMany(manager, events);
    await manager.query(`UPDATE sla_firings SET fired_at = $2 WHERE id = ANY($1)`, [due.map((f) => f.id), now]);
    if (breachedClocks.length) await manager.query(`UPDATE sla_clocks SET breached_at = $2 WHERE id = ANY($1) AND breached_at IS NULL`, [breachedClocks, now]);
    // System-managed fields: the complaint's version (staff's optimistic lock) does not move.
    if (breachedComplaints.size) await manager.query(`UPDATE complaints SET sla_breached = true WHERE id = ANY($1) AND NOT sla_breached`, [[...breachedComplaints]]);
    if (levels.size) {
      await manager.query(
        `UPDATE complaints c SET escalation_level = v.level
           FROM unnest($1::uuid[], $2::int[]) AS v(id, level)
          WHERE c.id = v.id AND c.escalation_level < v.level`,
        [[...levels.keys()], [...levels.values()]],
      );
    }

    const lookup = await this.notifications.recipientDirectory(
      manager,
      pending.map((p) => p.role),
      pending.map((p) => p.row.assignee_id),
    );
    return this.notifications.notifyMany(
      manager,
      pending.flatMap((p) => [...new Set(lookup(p.role, p.row.assignee_id))].map((recipientId) => ({ recipientId, ...p.draft }))),
    );
  }
}
