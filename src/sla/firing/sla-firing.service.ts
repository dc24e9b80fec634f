import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../common/actor/actor';
import { ComplaintsService } from '../../complaints/complaints.service';
import { TimelineService } from '../../complaints/timeline.service';
import { WriteBatch } from '../../database/write-batch';
import { firingLateness, slaBreaches, slaEscalations, slaWarnings } from '../../metrics/sla-metrics';
import { NotificationsService } from '../../notifications/notifications.service';
import { ClockKind, EscalationStep } from '../clock/complaint-clock';
import { revisitCallFromJson } from '../clock-record';
import { FiredPoint } from '../clock-settlement';
import { firingEffects } from '../firing-effects';

interface DueRow {
  id: string;
  clock_id: string;
  complaint_id: string;
  firing: string;
  due_at: Date;
  kind: ClockKind;
  escalation: EscalationStep[];
  revisit_call: unknown;
  reference: string;
  assignee_id: string | null;
  intake_actor_id: string | null;
}

/** Complaints handled in one transaction by a sweep. */
const SWEEP_BATCH = 200;

/**
 * Fires due deadline moments, set-based: one transaction locks up to 200 complaints with due,
 * unfired firings (complaint rows first, the lock order of every complaint change; SKIP LOCKED,
 * so concurrent sweepers take disjoint complaints), re-reads those firings, and writes their
 * effects in one statement. A sweep that runs twice, late, or on several workers at once finds
 * nothing left to do. A warning overtaken by its breach is dropped, not sent. A revisit's `due`
 * fires here like any other moment (a `revisit_due` event, relayed as `revisit.due`); a revisit
 * completed or cancelled first took its pending `due` away in that change, under the same lock.
 */
@Injectable()
export class SlaFiringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Fires everything due by now, in batches, until none is left; returns how many moments it handled. */
  async sweep(maxBatches = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const fired = await this.fireBatch();
      total += fired;
      if (fired === 0) break;
    }
    return total;
  }

  private async fireBatch(): Promise<number> {
    const { fired, processed } = await this.dataSource.transaction(async (tx) => {
      const none = { fired: [] as (FiredPoint & { firedAt: Date })[], processed: 0 };
      const now = new Date();
      const locked: { id: string }[] = await tx.query(
        `SELECT c.id FROM complaints c
           JOIN (SELECT complaint_id, min(due_at) AS due FROM sla_firings
                  WHERE fired_at IS NULL AND due_at <= $1
                  GROUP BY complaint_id ORDER BY due LIMIT $2 * 10) d ON d.complaint_id = c.id
          ORDER BY d.due LIMIT $2
          FOR UPDATE OF c SKIP LOCKED`,
        [now, SWEEP_BATCH],
      );
      if (locked.length === 0) return none;
      const due: DueRow[] = await tx.query(
        `SELECT f.id, f.clock_id, f.complaint_id, f.firing, f.due_at, k.kind, k.escalation, k.revisit_call, c.reference, c.assignee_id, c.intake_actor_id
           FROM sla_firings f
           JOIN sla_clocks k ON k.id = f.clock_id
           JOIN complaints c ON c.id = f.complaint_id
          WHERE f.complaint_id = ANY($1) AND f.fired_at IS NULL AND f.due_at <= $2
          ORDER BY f.complaint_id, f.due_at, f.firing`,
        [locked.map((r) => r.id), now],
      );
      if (due.length === 0) return none;
      const breachDue = new Set(due.filter((f) => f.firing === 'breach').map((f) => f.clock_id));
      const dropped = due.filter((f) => f.firing === 'warning' && breachDue.has(f.clock_id));
      const firing = due.filter((f) => !dropped.includes(f));
      const points: FiredPoint[] = firing.map((f) => ({
        clockId: f.clock_id,
        complaintId: f.complaint_id,
        kind: f.kind,
        firing: f.firing,
        dueAt: new Date(f.due_at),
        escalation: f.escalation,
        call: revisitCallFromJson(f.revisit_call),
      }));
      const rowOf = new Map(due.map((f) => [f.complaint_id, f]));
      const effects = firingEffects(points, now, (id) => rowOf.get(id)?.reference ?? id);
      const targets = [...rowOf.values()].map((r) => ({ assigneeId: r.assignee_id, intakeActorId: r.intake_actor_id }));
      const lookup = await this.notifications.directory(tx, targets, effects.notices.map((n) => n.role));

      const batch = new WriteBatch();
      this.timeline.append(batch, effects.events.map((e) => ({ ...e, actor: SYSTEM_ACTOR, at: now })));
      batch.add((p) => `UPDATE sla_firings SET fired_at = ${p(now)} WHERE id = ANY(${p(firing.map((f) => f.id))}::uuid[])`);
      if (dropped.length) batch.add((p) => `DELETE FROM sla_firings WHERE id = ANY(${p(dropped.map((f) => f.id))}::uuid[])`);
      if (effects.breachedClockIds.length) {
        batch.add((p) => `UPDATE sla_clocks SET breached_at = ${p(now)} WHERE id = ANY(${p(effects.breachedClockIds)}::uuid[]) AND breached_at IS NULL`);
      }
      this.complaints.recordSlaOutcomes(batch, [...effects.outcomes].map(([complaintId, o]) => ({ complaintId, ...o })));
      this.notifications.insert(
        batch,
        effects.notices.flatMap((n) => {
          const row = rowOf.get(n.complaintId)!;
          return lookup(n.role, { assigneeId: row.assignee_id, intakeActorId: row.intake_actor_id }).map((recipientId) => ({
            recipientId,
            type: n.type,
            complaintId: n.complaintId,
            title: n.title,
            data: n.data,
          }));
        }),
        now,
      );
      await batch.flush(tx);
      return { fired: points.map((p) => ({ ...p, firedAt: now })), processed: due.length };
    });

    for (const f of fired) {
      const firing = f.firing.startsWith('escalation') ? 'escalation' : f.firing;
      firingLateness.observe({ clock: f.kind, firing }, (f.firedAt.getTime() - f.dueAt.getTime()) / 1000);
      if (firing === 'warning') slaWarnings.inc({ clock: f.kind });
      else if (firing === 'breach') slaBreaches.inc({ clock: f.kind });
      else if (firing === 'escalation') slaEscalations.inc({ clock: f.kind, level: f.firing.slice('escalation-'.length) });
    }
    return processed;
  }
}
