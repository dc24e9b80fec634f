import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ComplaintChange } from '../../complaints/complaint-change';
import { ComplaintsService } from '../../complaints/complaints.service';
import { TimelineService } from '../../complaints/timeline.service';
import { WriteBatch } from '../../database/write-batch';
import { SlaClocksService } from '../sla-clocks.service';
import { SlaJobScheduler } from './sla-job.scheduler';

const BATCH = 200;

/**
 * A calendar edit (a holiday added on a due day, changed hours) moves the deadlines of every
 * running clock that counts in it: each affected complaint is recomputed in its own
 * transaction, in batches of 200 with progress in the log, and its wake-ups rescheduled.
 * `calendars.clocks_version` records the calendar version the clocks follow, so a recompute
 * that did not run (Redis lost the job, the worker stopped) is resumed by the reconciler.
 */
@Injectable()
export class SlaCalendarRecomputeService {
  private readonly logger = new Logger(SlaCalendarRecomputeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly timeline: TimelineService,
    private readonly clocks: SlaClocksService,
    private readonly scheduler: SlaJobScheduler,
  ) {}

  async resumePending(): Promise<void> {
    const pending: { id: string }[] = await this.dataSource.query(`SELECT id FROM calendars WHERE clocks_version < version`);
    for (const { id } of pending) await this.recompute(id);
  }

  async recompute(calendarId: string, progress?: (done: number) => unknown): Promise<{ complaints: number }> {
    const [calendar]: { version: number; name: string }[] = await this.dataSource.query(`SELECT version, name FROM calendars WHERE id = $1`, [calendarId]);
    if (!calendar) return { complaints: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      const ids: { complaint_id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT complaint_id FROM sla_clocks WHERE calendar_id = $1 AND status <> 'stopped' AND complaint_id > $2 ORDER BY complaint_id LIMIT $3`,
        [calendarId, after, BATCH],
      );
      if (ids.length === 0) break;
      for (const { complaint_id: id } of ids) await this.recomputeComplaint(id, calendarId);
      after = ids[ids.length - 1].complaint_id;
      done += ids.length;
      await progress?.(done);
      this.logger.log(`calendar "${calendar.name}" edited: ${done} complaints recomputed`);
    }
    await this.dataSource.query(`UPDATE calendars SET clocks_version = GREATEST(clocks_version, $2) WHERE id = $1`, [calendarId, calendar.version]);
    return { complaints: done };
  }

  private async recomputeComplaint(id: string, calendarId: string): Promise<void> {
    const pending = await this.dataSource.transaction(async (tx) => {
      const now = new Date();
      const complaint = await this.complaints.lockForChange(tx, id);
      const batch = new WriteBatch();
      const sla = await this.clocks.apply(tx, batch, complaint, { kind: 'calendar_changed', calendarId }, now);
      const change = new ComplaintChange(complaint).setDeadlines({ acknowledgeBy: sla.acknowledgeBy, resolveBy: sla.resolveBy }).recordSlaOutcome(sla);
      this.complaints.save(batch, change, now);
      this.timeline.append(batch, sla.events);
      await batch.flush(tx);
      return sla.pending;
    });
    await this.scheduler.schedule(pending);
  }
}
