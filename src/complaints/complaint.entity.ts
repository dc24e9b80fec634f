import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { Category, Channel, ComplaintStatus, Priority, Severity } from '../domain/complaint.enums';

@Entity('complaints')
@Index('ix_complaints_created_at_id', ['createdAt', 'id'])
@Index('ix_complaints_status_created_at', ['status', 'createdAt', 'id'])
@Index('ix_complaints_severity_created_at', ['severity', 'createdAt', 'id'])
@Index('ix_complaints_priority_created_at', ['priority', 'createdAt', 'id'])
@Index('ix_complaints_assignee_created_at', ['assigneeId', 'createdAt', 'id'])
@Index('ix_complaints_customer_category_received', ['customerId', 'category', 'receivedAt'])
@Index('ix_complaints_breached_created_at', ['createdAt', 'id'], { where: 'sla_breached' })
@Index('ix_complaints_received_at', ['receivedAt'])
@Index('ix_complaints_escalation_created_at', ['escalationLevel', 'createdAt', 'id'], { where: 'escalation_level > 0' })
@Index('ix_complaints_intake_actor_created_at', ['intakeActorId', 'createdAt', 'id'])
@Index('ix_complaints_category_created_at', ['category', 'createdAt', 'id'])
@Index('ix_complaints_channel_created_at', ['channel', 'createdAt', 'id'])
// ?dueBefore= and ?sort=dueAt: open complaints by their next deadline (an expression index, created by
// migration 1795470000014; TypeORM cannot declare its expression, so it leaves it alone).
@Index('ix_complaints_open_next_due', { synchronize: false })
export class ComplaintEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_complaints_reference', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_complaints_customer' })
  customer?: CustomerEntity;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ type: 'varchar', length: 24 })
  category: Category;

  @Column({ type: 'varchar', length: 200 })
  summary: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  desiredOutcome: string | null;

  @Column({ type: 'varchar', length: 16, default: 'ordinary' })
  severity: Severity;

  @Column({ type: 'varchar', length: 2 })
  priority: Priority;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status: ComplaintStatus;

  /** Who works the complaint now; at intake, the staff member who took it in (first-contact responsibility). */
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** Who took the complaint in: a user or an API key. */
  @Column({ type: 'varchar', length: 16 })
  intakeActorType: string;

  @Column({ type: 'uuid', nullable: true })
  intakeActorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  intakeActorName: string | null;

  @Column({ type: 'smallint', default: 0 })
  escalationLevel: number;

  @Index('ix_complaints_repeat_of')
  @Column({ type: 'uuid', nullable: true })
  repeatOf: string | null;

  @Column({ type: 'boolean', default: false })
  isRepeat: boolean;

  /** When the complaint first reached the company; every SLA clock starts here. */
  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  slaPolicyId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acknowledgeBy: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolveBy: Date | null;

  @Column({ type: 'boolean', default: false })
  slaBreached: boolean;
}
