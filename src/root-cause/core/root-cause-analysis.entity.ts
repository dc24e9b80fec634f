import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ComplaintEntity } from '../../complaints/complaint.entity';
import type { AnalysisStatus } from '../../domain/root-cause';
import type { Why } from '../rules/why-chain';

/**
 * The 5-Whys analysis of one complaint: the gap (expected vs actual), the chain of whys with
 * their evidence, the concluded cause and its category, and its sign-off. Every version is kept
 * in root_cause_analysis_versions.
 */
@Entity('root_cause_analyses')
@Check('chk_root_cause_analyses_status', `"status" IN ('draft', 'submitted', 'confirmed')`)
@Index('ix_root_cause_analyses_confirmed_at', ['confirmedAt', 'category'], { where: `status = 'confirmed'` })
export class RootCauseAnalysisEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_root_cause_analyses' })
  id: string;

  @Index('uq_root_cause_analyses_complaint', { unique: true })
  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_root_cause_analyses_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: AnalysisStatus;

  @Column({ type: 'text' })
  problemStatement: string;

  @Column({ type: 'text', nullable: true })
  expected: string | null;

  @Column({ type: 'text', nullable: true })
  actual: string | null;

  @Column({ type: 'jsonb' })
  whys: Why[];

  @Column({ type: 'text' })
  rootCause: string;

  @Column({ type: 'varchar', length: 48 })
  category: string;

  /** Who first wrote it. */
  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  /** Everyone who wrote the chain since it was created or last reopened: none of them may confirm it. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  authors: string[];

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reopenReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  chosenSolutionId: string | null;

  @Column({ type: 'text', nullable: true })
  choiceReason: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
