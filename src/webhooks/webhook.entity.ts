import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookEventType } from '../domain/webhook-events';

/** A subscriber: where to POST which event types, and the secret the messages are signed with. */
@Entity('webhooks')
@Index('ix_webhooks_created_at_id', ['createdAt', 'id'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhooks' })
  id: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'text', array: true })
  events: WebhookEventType[];

  /** The `whsec_` secret sealed with AES-256-GCM (see webhook-secret.ts); never shown again. */
  @Column({ type: 'text' })
  secretSealed: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
