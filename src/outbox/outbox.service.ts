import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { WriteBatch } from '../database/write-batch';
import { WebhookEventType } from '../domain/webhook-events';

export interface OutboxDraft {
  /** Generated when left out; stable for every delivery and retry of the event. */
  id?: string;
  complaintId: string;
  type: WebhookEventType;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface UnrelayedEvent {
  id: string;
  complaintId: string;
  sequence: number;
  type: WebhookEventType;
}

/**
 * Owns outbox_events: the domain events integrations hear of. Events are added as one part of
 * the change's write batch (so they commit or roll back with the change, with no round trip of
 * their own); the relay in the workers reads the unrelayed ones and marks them relayed.
 */
@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds the events, in the given order, as ONE part of the batch. The per-complaint sequence is
   * allocated inside that statement: the complaint's highest sequence (one probe of the unique
   * index) plus the event's rank among this batch's events of the complaint. Every change of a
   * complaint holds the complaint's row lock (an intake creates the row), so changes of one
   * complaint allocate one after the other; the unique index refuses anything else. Call it at
   * most once per batch and complaint (the parts of a batch share one snapshot).
   */
  add(batch: WriteBatch, events: OutboxDraft[]): string[] {
    if (events.length === 0) return [];
    const ids = events.map((e) => e.id ?? randomUUID());
    batch.add(
      (p) =>
        `INSERT INTO outbox_events (id, complaint_id, sequence, type, payload, occurred_at)
         SELECT x.id, x.complaint_id,
                COALESCE((SELECT max(o.sequence) FROM outbox_events o WHERE o.complaint_id = x.complaint_id), 0)
                  + row_number() OVER (PARTITION BY x.complaint_id ORDER BY x.n),
                x.type, x.payload, x.occurred_at
           FROM unnest(${p(ids)}::uuid[], ${p(events.map((e) => e.complaintId))}::uuid[], ${p(events.map((e) => e.type))}::varchar[],
                       ${p(events.map((e) => JSON.stringify(e.payload)))}::jsonb[], ${p(events.map((e) => e.occurredAt))}::timestamptz[])
                WITH ORDINALITY AS x(id, complaint_id, type, payload, occurred_at, n)
          ORDER BY x.n`,
    );
    return ids;
  }

  /** Whether anything waits for the relay (one probe of the partial index). */
  async hasUnrelayed(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM outbox_events WHERE relayed_at IS NULL LIMIT 1`);
    return rows.length > 0;
  }

  /** The oldest unrelayed events, in insertion order; the caller holds the relay lock. */
  async unrelayed(tx: EntityManager, limit: number): Promise<UnrelayedEvent[]> {
    const rows: { id: string; complaint_id: string; sequence: number; type: WebhookEventType }[] = await tx.query(
      `SELECT id, complaint_id, sequence, type FROM outbox_events WHERE relayed_at IS NULL ORDER BY position LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, complaintId: r.complaint_id, sequence: r.sequence, type: r.type }));
  }

  markRelayed(batch: WriteBatch, ids: string[], at: Date): void {
    if (ids.length === 0) return;
    batch.add((p) => `UPDATE outbox_events SET relayed_at = ${p(at)} WHERE id = ANY(${p(ids)}::uuid[]) AND relayed_at IS NULL`);
  }
}
