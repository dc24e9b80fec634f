import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { CalendarEntity, toCalendarDefinition } from './calendar.entity';
import { elapsedBusinessSeconds, isBreached, projectedDueAt, remainingBusinessSeconds } from './clock/complaint-clock';
import { ComplaintSlaResponse } from './dto/complaint-sla.dto';
import { SlaClockLedgerEntity } from './sla-clock-ledger.entity';
import { SlaClockEntity, toClockState } from './sla-clock.entity';
import { SlaFiringEntity } from './sla-firing.entity';

const round = (s: number) => Math.round(s * 1000) / 1000;

/** Read model of a complaint's clocks, as `GET /complaints/:id/sla` shows them. */
@Injectable()
export class ComplaintSlaService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async view(complaintId: string, now = new Date()): Promise<ComplaintSlaResponse> {
    const complaint = await this.dataSource.getRepository(ComplaintEntity).findOneBy({ id: complaintId });
    if (!complaint) throw AppException.notFound('Complaint', complaintId);
    const clocks = await this.dataSource.getRepository(SlaClockEntity).find({ where: { complaintId }, order: { startedAt: 'ASC', createdAt: 'ASC' } });
    const ids = clocks.map((c) => c.id);
    const [ledger, firings, calendars] = await Promise.all([
      ids.length ? this.dataSource.getRepository(SlaClockLedgerEntity).find({ where: { clockId: In(ids) }, order: { seq: 'ASC' } }) : [],
      ids.length ? this.dataSource.getRepository(SlaFiringEntity).find({ where: { clockId: In(ids) }, order: { dueAt: 'ASC' } }) : [],
      this.calendars(clocks),
    ]);
    return {
      complaintId,
      policyId: complaint.slaPolicyId,
      breached: complaint.slaBreached,
      escalationLevel: complaint.escalationLevel,
      clocks: clocks.map((clock) => {
        const cal = clock.calendarId ? (calendars.get(clock.calendarId) ?? null) : null;
        const state = toClockState(clock);
        return {
          id: clock.id,
          kind: clock.kind,
          state: clock.status,
          startedAt: clock.startedAt.toISOString(),
          dueAt: (clock.status === 'paused' ? projectedDueAt(state, now, cal) : clock.dueAt)?.toISOString() ?? null,
          targetSeconds: clock.targetSeconds,
          elapsedBusinessSeconds: round(elapsedBusinessSeconds(state, now, cal)),
          remainingBusinessSeconds: round(remainingBusinessSeconds(state, now, cal)),
          pausedBusinessSeconds: round(clock.pausedBusinessSeconds),
          breached: clock.breachedAt !== null || isBreached(state, now, cal),
          breachedAt: clock.breachedAt?.toISOString() ?? null,
          calendarId: clock.calendarId,
          firings: firings
            .filter((f) => f.clockId === clock.id)
            .map((f) => ({ firing: f.firing, dueAt: f.dueAt.toISOString(), firedAt: f.firedAt?.toISOString() ?? null })),
          ledger: ledger
            .filter((l) => l.clockId === clock.id)
            .map((l) => ({ action: l.action, at: l.at.toISOString(), reason: l.reason, dueAt: l.dueAt?.toISOString() ?? null, detail: l.detail })),
        };
      }),
    };
  }

  private async calendars(clocks: SlaClockEntity[]) {
    const ids = [...new Set(clocks.map((c) => c.calendarId).filter((id): id is string => id !== null))];
    const rows = ids.length ? await this.dataSource.getRepository(CalendarEntity).findBy({ id: In(ids) }) : [];
    return new Map(rows.map((c) => [c.id, toCalendarDefinition(c)]));
  }
}
