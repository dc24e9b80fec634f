import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import type { TriageAnalysis } from './engine';
import type { ConfirmedTriage } from './complaint-triage.entity';
import type { TriageDiff } from './correction-diff';

/**
 * One staff confirmation of a triage, kept with the suggestion it answered and the diff per
 * label: append-only material for improving the lexicon.
 */
@Entity('triage_corrections')
@Index('ix_triage_corrections_created_at_id', ['createdAt', 'id'])
@Index('ix_triage_corrections_complaint', ['complaintId', 'createdAt'])
export class TriageCorrectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_triage_corrections' })
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_triage_corrections_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'jsonb' })
  suggestion: TriageAnalysis;

  @Column({ type: 'jsonb' })
  confirmation: ConfirmedTriage;

  @Column({ type: 'jsonb' })
  diff: TriageDiff;

  /**
   * The labels the diff touches (added/removed needs and flags, `intensity`, `severity`), for
   * `?label=`. GIN index created by the migration (TypeORM cannot declare `USING gin`).
   */
  @Index('ix_triage_corrections_labels', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels: string[];

  @Column({ type: 'boolean' })
  changed: boolean;

  @Column({ type: 'varchar', length: 500 })
  textExcerpt: string;

  @Column({ type: 'varchar', length: 32 })
  lexiconVersion: string;

  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
