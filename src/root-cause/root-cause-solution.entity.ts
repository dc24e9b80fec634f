import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RootCauseAnalysisEntity } from './core/root-cause-analysis.entity';

/** A candidate solution of an analysis, rated on risk, timing, resources and cost of effort (1..5 each). */
@Entity('root_cause_solutions')
@Index('ix_root_cause_solutions_analysis', ['analysisId', 'createdAt'])
@Check('chk_root_cause_solutions_ratings', `"risk" BETWEEN 1 AND 5 AND "timing" BETWEEN 1 AND 5 AND "resources" BETWEEN 1 AND 5 AND "effort" BETWEEN 1 AND 5`)
export class RootCauseSolutionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_root_cause_solutions' })
  id: string;

  @Column({ type: 'uuid' })
  analysisId: string;

  @ManyToOne(() => RootCauseAnalysisEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'analysis_id', foreignKeyConstraintName: 'fk_root_cause_solutions_analysis' })
  analysis?: RootCauseAnalysisEntity;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'smallint' })
  risk: number;

  @Column({ type: 'smallint' })
  timing: number;

  @Column({ type: 'smallint' })
  resources: number;

  @Column({ type: 'smallint' })
  effort: number;

  /** scoreSolution of the ratings, 0..100. */
  @Column({ type: 'numeric', precision: 4, scale: 1 })
  score: string;

  @Column({ type: 'uuid', nullable: true })
  proposedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
