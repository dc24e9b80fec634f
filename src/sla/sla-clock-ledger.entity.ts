import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LedgerAction } from './clock/complaint-clock';
import { SlaClockEntity } from './sla-clock.entity';

/** Every start, pause, resume, stop and recalculation of a clock, with its reason: the clocks' audit trail. */
@Entity('sla_clock_ledger')
@Index('ix_sla_clock_ledger_complaint_seq', ['complaintId', 'seq'])
export class SlaClockLedgerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ type: 'uuid' })
  clockId: string;

  @ManyToOne(() => SlaClockEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'clock_id', foreignKeyConstraintName: 'fk_sla_clock_ledger_clock' })
  clock?: SlaClockEntity;

  @Column({ type: 'uuid' })
  complaintId: string;

  @Column({ type: 'varchar', length: 16 })
  action: LedgerAction;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 300 })
  reason: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: Record<string, unknown>;
}
