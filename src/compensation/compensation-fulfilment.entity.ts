import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CompensationProposalEntity } from './compensation-proposal.entity';

export const FULFILMENT_STATES = ['pending', 'succeeded', 'failed', 'manual'] as const;
export type FulfilmentState = (typeof FULFILMENT_STATES)[number];

/**
 * The delivery of an accepted remedy, the truth the fulfilment jobs work from: attempts so far,
 * when the next is due, a claim while one runs (so a second job does nothing), the provider's
 * reference once delivered. Redis only wakes the worker; the reconciler rebuilds lost jobs from here.
 */
@Entity('compensation_fulfilments')
@Check('chk_compensation_fulfilments_status', `"status" IN ('pending', 'succeeded', 'failed', 'manual')`)
@Index('ix_compensation_fulfilments_pending_due', ['nextAttemptAt'], { where: `status = 'pending'` })
export class CompensationFulfilmentEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_compensation_fulfilments' })
  proposalId: string;

  @OneToOne(() => CompensationProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_compensation_fulfilments_proposal' })
  proposal?: CompensationProposalEntity;

  @Column({ type: 'uuid' })
  complaintId: string;

  @Column({ type: 'varchar', length: 16 })
  status: FulfilmentState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', precision: 3 })
  nextAttemptAt: Date;

  /** Set while an attempt runs; an attempt whose worker died is retried once it has passed. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerReference: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
