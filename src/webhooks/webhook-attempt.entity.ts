import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One attempt of a delivery: when, the receiver's status code, how long it took, what went wrong. */
@Entity('webhook_delivery_attempts')
@Index('uq_webhook_delivery_attempts_delivery_attempt', ['deliveryId', 'attempt'], { unique: true })
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_delivery_attempts' })
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_webhook_delivery_attempts_delivery' })
  delivery?: WebhookDeliveryEntity;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'int' })
  latencyMs: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;
}
