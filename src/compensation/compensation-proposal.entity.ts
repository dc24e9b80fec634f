import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { CompensationType, ProposalStatus } from './compensation.enums';

/**
 * A remedy proposed on a complaint and every move of it: who proposed, who decided and why,
 * when it was offered, what the customer said, how it was fulfilled. Money in bigint minor
 * units; `value` is what limits and budgets count, in the limits' currency. `version` is the
 * proposal's own optimistic lock (racing approvers: one decision wins).
 */
@Entity('compensation_proposals')
@Check('chk_compensation_proposals_status', `"status" IN ('pending_approval', 'approved', 'rejected', 'offered', 'accepted', 'declined', 'fulfilled', 'fulfilment_failed')`)
@Check('chk_compensation_proposals_type', `"type" IN ('bill_credit', 'refund', 'points', 'discount', 'value_added_service', 'gift')`)
@Check('chk_compensation_proposals_amounts', `("amount" IS NULL OR "amount" > 0) AND ("points" IS NULL OR "points" > 0) AND "value" >= 0`)
@Index('ix_compensation_proposals_complaint', ['complaintId', 'createdAt', 'id'])
@Index('ix_compensation_proposals_customer_approved', ['customerId', 'approvedAt'])
@Index('ix_compensation_proposals_team_approved', ['teamId', 'approvedAt'])
@Index('ix_compensation_proposals_status', ['status', 'createdAt', 'id'])
@Index('ix_compensation_proposals_created', ['createdAt'])
@Index('ix_compensation_proposals_approved', ['approvedAt'], { where: 'team_id IS NOT NULL' })
@Index('ix_compensation_proposals_tier_type_decided', ['customerTier', 'type'], { where: 'customer_decided_at IS NOT NULL' })
export class CompensationProposalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_compensation_proposals' })
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_compensation_proposals_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_compensation_proposals_customer' })
  customer?: CustomerEntity;

  /** The team whose budget it counts against: the supervisor of the complaint's assignee when proposed. */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_compensation_proposals_team' })
  team?: UserEntity;

  /** The customer's tier when proposed (reports and acceptance rates per tier). */
  @Column({ type: 'varchar', length: 16 })
  customerTier: string;

  @Column({ type: 'varchar', length: 24 })
  type: CompensationType;

  @Column({ type: 'bigint', nullable: true })
  amount: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'bigint', nullable: true })
  points: string | null;

  @Column({ type: 'bigint' })
  value: string;

  @Column({ type: 'varchar', length: 3 })
  valueCurrency: string;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ type: 'varchar', length: 2000 })
  rationale: string;

  /** The customer needs it answers (triage vocabulary). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs: string[];

  @Column({ type: 'varchar', length: 24 })
  status: ProposalStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  requiredApproverRole: string | null;

  /** Why the limit rule decided as it did (kept for the auditor). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  ruleReasons: string[];

  @Column({ type: 'varchar', length: 16 })
  proposedByType: string;

  @Column({ type: 'uuid', nullable: true })
  proposedById: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  proposedByName: string | null;

  @Column({ type: 'varchar', length: 16 })
  proposedByRole: string;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  decidedByName: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decidedByRole: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  decisionReason: string | null;

  /** When it became approved: from then on it counts against the customer's 30 days and the team's month. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  offeredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  customerDecidedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  customerDecisionReason: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  fulfilledAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  fulfilmentReference: string | null;

  @Column({ type: 'boolean', nullable: true })
  fulfilledManually: boolean | null;

  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
