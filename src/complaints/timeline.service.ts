import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { Page } from '../common/pagination/cursor';
import { AppException } from '../common/errors/app.exception';
import { ComplaintEventType } from '../domain/complaint.enums';
import { ComplaintEventEntity } from './complaint-event.entity';
import { TimelineEventResponse } from './dto/complaint.response';

/** Writes and reads the append-only timeline of a complaint. */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends an event inside the caller's transaction. */
  async record(
    manager: EntityManager,
    complaintId: string,
    type: ComplaintEventType,
    actor: Actor,
    data: Record<string, unknown> = {},
    at?: Date,
  ): Promise<ComplaintEventEntity> {
    const event = manager.create(ComplaintEventEntity, {
      complaintId,
      type,
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name ?? null,
      data,
      ...(at ? { at } : {}),
    });
    return manager.save(event);
  }

  /** Appends many events in one statement inside the caller's transaction. */
  async recordMany(
    manager: EntityManager,
    events: { complaintId: string; type: ComplaintEventType; actor: Actor; data: Record<string, unknown>; at: Date }[],
  ): Promise<void> {
    if (events.length === 0) return;
    // One statement for the whole batch (deadline sweeps write hundreds at a time).
    await manager.query(
      `INSERT INTO complaint_events (complaint_id, type, actor_type, actor_id, actor_name, data, at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::varchar[], $6::jsonb[], $7::timestamptz[])`,
      [
        events.map((e) => e.complaintId),
        events.map((e) => e.type),
        events.map((e) => e.actor.type),
        events.map((e) => e.actor.id),
        events.map((e) => e.actor.name ?? null),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => e.at.toISOString()),
      ],
    );
  }

  /** Oldest first; the cursor is the insertion sequence of the last event seen. */
  async list(complaintId: string, limit: number, cursor?: string): Promise<Page<TimelineEventResponse>> {
    let afterSeq = '0';
    if (cursor) {
      if (!/^\d{1,18}$/.test(cursor)) throw AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
      afterSeq = cursor;
    }
    const rows = await this.dataSource
      .getRepository(ComplaintEventEntity)
      .createQueryBuilder('e')
      .where('e.complaintId = :complaintId', { complaintId })
      .andWhere('e.seq > :afterSeq', { afterSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(TimelineEventResponse.from),
      nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
