import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { WebhookEventType } from '../domain/webhook-events';

/**
 * One domain event, written in the transaction of the change that caused it and relayed to the
 * integrations by the workers. `id` is the event's stable id (the `webhook-id` of every delivery
 * and retry); `sequence` counts 1, 2, 3 … per complaint, in commit order.
 */
@Entity('outbox_events')
@Index('uq_outbox_events_complaint_sequence', ['complaintId', 'sequence'], { unique: true })
@Index('ix_outbox_events_unrelayed', ['position'], { where: 'relayed_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_outbox_events' })
  id: string;

  /** Insertion order over all complaints (the relay reads unrelayed rows in this order). */
  @Column({ type: 'bigint', generated: 'increment' })
  position: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'varchar', length: 48 })
  type: WebhookEventType;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** When the change happened (the message's `timestamp`). */
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** Set when the relay has turned it into deliveries; null while it waits. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  relayedAt: Date | null;
}
