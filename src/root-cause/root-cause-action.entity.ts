import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ActionKind, ActionStatus } from '../domain/root-cause';
import { RootCauseAnalysisEntity } from './core/root-cause-analysis.entity';
import { ProblemEntity } from './problem.entity';

/**
 * A corrective or preventive action of an analysis or a problem, with an owner and a due time.
 * The row is its own deadline: `dueAt` with `notifiedAt` (set once, under a row lock, when the
 * owner is told it fell due) is what the due sweep and its wake-up jobs act on.
 */
@Entity('root_cause_actions')
@Check('chk_root_cause_actions_target', `("analysis_id" IS NULL) <> ("problem_id" IS NULL)`)
@Check('chk_root_cause_actions_kind', `"kind" IN ('corrective', 'preventive')`)
@Check('chk_root_cause_actions_status', `"status" IN ('open', 'in_progress', 'done', 'verified')`)
@Index('ix_root_cause_actions_owner_due', ['ownerId', 'dueAt', 'id'])
@Index('ix_root_cause_actions_due_id', ['dueAt', 'id'])
@Index('ix_root_cause_actions_open_due', ['dueAt', 'id'], { where: `status IN ('open', 'in_progress')` })
@Index('ix_root_cause_actions_due_unnotified', ['dueAt'], { where: `notified_at IS NULL AND status IN ('open', 'in_progress')` })
export class RootCauseActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_root_cause_actions' })
  id: string;

  @Index('ix_root_cause_actions_analysis')
  @Column({ type: 'uuid', nullable: true })
  analysisId: string | null;

  @ManyToOne(() => RootCauseAnalysisEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'analysis_id', foreignKeyConstraintName: 'fk_root_cause_actions_analysis' })
  analysis?: RootCauseAnalysisEntity;

  @Index('ix_root_cause_actions_problem')
  @Column({ type: 'uuid', nullable: true })
  problemId: string | null;

  @ManyToOne(() => ProblemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_root_cause_actions_problem' })
  problem?: ProblemEntity;

  /** The analysis's complaint (whose timeline records the action), null for a problem's action. */
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: ActionKind;

  @Column({ type: 'text' })
  description: string;

  /** An active user when assigned (checked by the service; like assignees, users are deactivated, never deleted). */
  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ActionStatus;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  verifiedAt: Date | null;

  /** When the owner was told the action fell due (at most once per due time). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  notifiedAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
