import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomerTier } from '../domain/customer.enums';
import { SlaClockEntity } from '../sla/sla-clock.entity';
import { RecoveryPlanEntity } from './recovery-plan.entity';
import { RevisitKind, RevisitOutcome, StoredRevisitStatus } from './revisit-rules';

/**
 * A callback to a complaint's customer: the revisit after resolution (round 1, and round 2 for
 * the tiers that get a second), or a contact of a detractor's recovery plan. Each is one item of
 * the call center's worklist; `due` is derived (scheduled and dueAt passed). Every write of a
 * revisit happens inside a change of its complaint, under the complaint's row lock: that is what
 * keeps one open revisit per complaint (and one open contact per plan), not a unique index, since
 * a change ends one and schedules the next in the same statement.
 */
@Entity('revisits')
@Index('ix_revisits_complaint', ['complaintId', 'createdAt'])
@Index('ix_revisits_worklist', ['status', 'dueAt', 'tierRank', 'id'])
@Index('ix_revisits_assignee_worklist', ['assigneeId', 'status', 'dueAt', 'tierRank', 'id'])
@Index('ix_revisits_plan', ['recoveryPlanId', 'createdAt'])
@Index('ix_revisits_created_at', ['createdAt'])
export class RevisitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_revisits_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_revisits_customer' })
  customer?: CustomerEntity;

  /** `revisit` after a resolution, `recovery` a contact of a recovery plan. */
  @Column({ type: 'varchar', length: 16 })
  kind: RevisitKind;

  /** Revisit: 1 after the resolution, 2 the follow-up of high tiers. Recovery: the contact's number. */
  @Column({ type: 'smallint' })
  round: number;

  @Column({ type: 'uuid', nullable: true })
  recoveryPlanId: string | null;

  @ManyToOne(() => RecoveryPlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recovery_plan_id', foreignKeyConstraintName: 'fk_revisits_recovery_plan' })
  recoveryPlan?: RecoveryPlanEntity;

  /** `scheduled` (shown as `due` once dueAt passed), `completed`, `unreachable` or `cancelled`. */
  @Column({ type: 'varchar', length: 16 })
  status: StoredRevisitStatus;

  /** When the next call is due (moved by a reschedule after no answer). */
  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  /** The revisit's SLA clock (none for recovery contacts). */
  @Column({ type: 'uuid', nullable: true })
  clockId: string | null;

  @ManyToOne(() => SlaClockEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'clock_id', foreignKeyConstraintName: 'fk_revisits_clock' })
  clock?: SlaClockEntity;

  /** Null: the call-center pool. */
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_revisits_assignee' })
  assignee?: UserEntity;

  /** The customer's tier when scheduled, and its rank (0 diamond … 4 standard) for the worklist order. */
  @Column({ type: 'varchar', length: 16 })
  customerTier: CustomerTier;

  @Column({ type: 'smallint' })
  tierRank: number;

  /** What staff said when resolving (the transition's reason). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  resolutionNote: string | null;

  /** The remedy the customer was given, as staff recorded it when resolving. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  remedy: string | null;

  @Column({ type: 'smallint', default: 0 })
  attemptCount: number;

  /** Outcome of the last attempt. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  lastOutcome: RevisitOutcome | null;

  @Column({ type: 'boolean', nullable: true })
  satisfied: boolean | null;

  @Column({ type: 'smallint', nullable: true })
  csat: number | null;

  @Column({ type: 'smallint', nullable: true })
  nps: number | null;

  /** Completed, unreachable or cancelled at. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  endedReason: string | null;

  /** The customer was not satisfied and the complaint was reopened. */
  @Column({ type: 'boolean', default: false })
  reopened: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
