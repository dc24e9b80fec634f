import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/cursor';
import { WriteBatch } from '../database/write-batch';
import { ComplaintEventType } from '../domain/complaint.enums';
import { OutboxService } from '../outbox/outbox.service';
import { ComplaintEventEntity } from './complaint-event.entity';
import { TimelineEventResponse } from './dto/complaint.response';
import { outboxEventsOf } from './outbox-events';

import { NewEvent } from './new-event';

export type { NewEvent };

/** Owns complaint_events: the append-only timeline of each complaint. */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Appends events (in the given order) as one part of the change's write batch, and what
   * integrations hear of them as one more part (the outbox, same transaction, no round trip);
   * returns them as the API shows them. Every complaint event goes through here, once per batch.
   */
  append(batch: WriteBatch, events: NewEvent[]): TimelineEventResponse[] {
    if (events.length === 0) return [];
    const ids = events.map((e) => e.id ?? randomUUID());
    batch.add(
      (p) =>
        `INSERT INTO complaint_events (id, complaint_id, type, actor_type, actor_id, actor_name, data, at)
         SELECT x.id, x.complaint_id, x.type, x.actor_type, x.actor_id, x.actor_name, x.data, x.at FROM unnest(${p(ids)}::uuid[], ${p(events.map((e) => e.complaintId))}::uuid[], ${p(events.map((e) => e.type))}::varchar[],
                              ${p(events.map((e) => e.actor.type))}::varchar[], ${p(events.map((e) => e.actor.id))}::uuid[], ${p(events.map((e) => e.actor.name ?? null))}::varchar[],
                              ${p(events.map((e) => JSON.stringify(e.data)))}::jsonb[], ${p(events.map((e) => e.at))}::timestamptz[]) WITH ORDINALITY AS x(id, complaint_id, type, actor_type, actor_id, actor_name, data, at, n)
         ORDER BY n`,
    );
    this.outbox.add(batch, outboxEventsOf(events.map((e, i) => ({ ...e, id: ids[i] }))));
    return events.map((e, i) => TimelineService.toResponse({ ...e, id: ids[i] }));
  }

  static toResponse(e: NewEvent & { id: string }): TimelineEventResponse {
    return { id: e.id, type: e.type, at: e.at.toISOString(), actor: { type: e.actor.type, id: e.actor.id, name: e.actor.name ?? null }, data: e.data };
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
