import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { RecoveryPlanStatus } from './revisit-rules';

/**
 * A detractor's recovery plan (NPS 0-6 on a revisit): contacts at least monthly, each a
 * revisit of kind `recovery` on the worklist, until an NPS of 7 or more is recorded
 * (`recovered`) or a manager ends it with a reason (`ended`). One active plan per customer.
 */
@Entity('recovery_plans')
@Index('uq_recovery_plans_active_customer', ['customerId'], { unique: true, where: `status = 'active'` })
@Index('ix_recovery_plans_customer', ['customerId', 'createdAt', 'id'])
@Index('ix_recovery_plans_status', ['status', 'createdAt', 'id'])
@Index('ix_recovery_plans_origin_revisit', ['originRevisitId'])
export class RecoveryPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_recovery_plans_customer' })
  customer?: CustomerEntity;

  /** The complaint whose revisit found the detractor; its timeline records the plan. */
  @Column({ type: 'uuid' })
  originComplaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'origin_complaint_id', foreignKeyConstraintName: 'fk_recovery_plans_complaint' })
  originComplaint?: ComplaintEntity;

  @Column({ type: 'uuid' })
  originRevisitId: string;

  @Column({ type: 'varchar', length: 16 })
  status: RecoveryPlanStatus;

  @Column({ type: 'smallint' })
  startNps: number;

  @Column({ type: 'smallint' })
  lastNps: number;

  /** Days between contacts (at most 31: at least monthly). */
  @Column({ type: 'smallint' })
  contactEveryDays: number;

  /** Due time of the open contact; null once the plan is over. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextContactAt: Date | null;

  @Column({ type: 'smallint', default: 0 })
  contactCount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  endReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  endedById: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
