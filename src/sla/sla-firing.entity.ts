import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SlaClockEntity } from './sla-clock.entity';

/**
 * A moment a deadline job must act for a clock (warning, breach, escalation-N). Each fires at
 * most once; `firedAt` set under a row lock is what makes duplicate jobs and several workers harmless.
 */
@Entity('sla_firings')
@Index('uq_sla_firings_clock_firing', ['clockId', 'firing'], { unique: true })
@Index('ix_sla_firings_pending_due', ['dueAt'], { where: 'fired_at IS NULL' })
@Index('ix_sla_firings_complaint', ['complaintId'])
export class SlaFiringEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  clockId: string;

  @ManyToOne(() => SlaClockEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'clock_id', foreignKeyConstraintName: 'fk_sla_firings_clock' })
  clock?: SlaClockEntity;

  @Column({ type: 'uuid' })
  complaintId: string;

  /** `warning`, `breach` or `escalation-<level>`. */
  @Column({ type: 'varchar', length: 24 })
  firing: string;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firedAt: Date | null;
}
