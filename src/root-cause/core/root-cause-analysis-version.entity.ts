import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AnalysisStatus } from '../../domain/root-cause';
import type { AnalysisContent, WhyChange } from '../rules/why-chain';
import { RootCauseAnalysisEntity } from './root-cause-analysis.entity';

/** One version of an analysis: what it held, which whys and fields changed, who did it and when. Append-only. */
@Entity('root_cause_analysis_versions')
@Index('uq_root_cause_analysis_versions_version', ['analysisId', 'version'], { unique: true })
export class RootCauseAnalysisVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_root_cause_analysis_versions' })
  id: string;

  @Column({ type: 'uuid' })
  analysisId: string;

  @ManyToOne(() => RootCauseAnalysisEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'analysis_id', foreignKeyConstraintName: 'fk_root_cause_analysis_versions_analysis' })
  analysis?: RootCauseAnalysisEntity;

  @Column({ type: 'integer' })
  version: number;

  /** `drafted`, `edited`, `submitted`, `confirmed`, `reopened`, `solution_chosen`. */
  @Column({ type: 'varchar', length: 24 })
  step: string;

  @Column({ type: 'varchar', length: 16 })
  status: AnalysisStatus;

  @Column({ type: 'jsonb' })
  content: AnalysisContent;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  whyChanges: WhyChange[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  changedFields: string[];

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;
}
