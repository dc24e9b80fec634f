import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { WebhookEntity } from './webhook.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one webhook: the truth of what is still to be sent. Deliveries of one complaint
 * to one webhook go out in `sequence` order: a pending earlier one holds back the later ones.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_webhook_event', ['webhookId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_lane_pending', ['webhookId', 'complaintId', 'sequence'], { where: "status = 'pending'" })
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('ix_webhook_deliveries_webhook_created', ['webhookId', 'createdAt', 'id'])
@Index('ix_webhook_deliveries_event', ['eventId'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'fk_webhook_deliveries_webhook' })
  webhook?: WebhookEntity;

  /** The outbox event: its id is the `webhook-id` header of every attempt. */
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => OutboxEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: OutboxEventEntity;

  @Column({ type: 'varchar', length: 48 })
  eventType: string;

  /** The ordering lane with `sequence`: the event's complaint. */
  @Column({ type: 'uuid' })
  complaintId: string;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3 })
  nextAttemptAt: Date;

  /** Set while a worker sends an attempt; another worker does not take the delivery before it passes. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  leasedUntil: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firstAttemptAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
