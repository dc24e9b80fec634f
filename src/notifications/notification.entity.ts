import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message to one staff member. Rows are the inbox; an outbound channel (webhooks, SMS)
 * subscribes through NotificationsService.subscribe and receives each one after commit.
 */
@Entity('notifications')
@Index('ix_notifications_recipient_inbox', ['recipientId', 'readAt', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  /** `sla_warning`, `sla_breached`, `escalated`, `major_complaint`… */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;
}
