import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import type { Dominant, Intensity, RiskFlag, Severity, TriageAnalysis } from './engine';
import type { TriageLabels } from './triage-labels';

/** What staff confirmed, stored beside the engine's suggestion. */
export interface ConfirmedTriage extends TriageLabels {
  dominant: Dominant;
  severity: Severity;
  note: string | null;
}

/**
 * The triage of one complaint: the engine's suggestion at intake and, once staff have
 * looked at it, their confirmation. `dominant`, `emotionalIntensity` and `riskFlags` hold
 * the effective values (the confirmation when there is one, else the suggestion).
 */
@Entity('complaint_triage')
export class ComplaintTriageEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_complaint_triage' })
  complaintId: string;

  @OneToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_triage_complaint' })
  complaint?: ComplaintEntity;

  /** The engine's analysis of the complaint text, completed with the complaint's context flags. */
  @Column({ type: 'jsonb' })
  suggestion: TriageAnalysis;

  @Column({ type: 'varchar', length: 32 })
  lexiconVersion: string;

  @Column({ type: 'jsonb', nullable: true })
  confirmed: ConfirmedTriage | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  confirmedByType: string | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  confirmedByName: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  dominant: Dominant;

  @Column({ type: 'smallint' })
  emotionalIntensity: Intensity;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  riskFlags: RiskFlag[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
