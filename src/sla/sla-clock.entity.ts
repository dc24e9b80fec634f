import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ClockKind, ClockState, ClockStatus, EscalationStep } from './clock/complaint-clock';
import { revisitCallFromJson, StoredRevisitCall } from './clock-record';

/** One SLA clock of a complaint. A complaint has at most one unstopped clock per kind. */
@Entity('sla_clocks')
@Index('uq_sla_clocks_open_kind', ['complaintId', 'kind'], { unique: true, where: `status <> 'stopped'` })
@Index('ix_sla_clocks_complaint', ['complaintId', 'startedAt'])
/**
 * The reports read clocks by kind and start: (kind, started_at) INCLUDE (complaint_id, status,
 * due_at, stopped_at, paused_at, elapsed_business_seconds), for index-only scans. TypeORM cannot
 * express INCLUDE, so the migration (1795470000013-Reports) owns its definition.
 */
@Index('ix_sla_clocks_kind_started', { synchronize: false })
export class SlaClockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_sla_clocks_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: ClockKind;

  @Column({ type: 'varchar', length: 8 })
  status: ClockStatus;

  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  /** Calendar the clock counts business time in; null is 24x7. */
  @Column({ type: 'uuid', nullable: true })
  calendarId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ type: 'double precision' })
  targetSeconds: number;

  @Column({ type: 'double precision', default: 0 })
  pausedBusinessSeconds: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  stoppedAt: Date | null;

  /** Every pause of the clock in order (`to` null for the one in progress); only pauses before a point shift it. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  pauses: { from: string; to: string | null }[];

  @Column({ type: 'double precision' })
  warnAtRatio: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  escalation: EscalationStep[];

  /** A revisit clock's call: when it is due (its `due` firing) and which revisit, round and attempt. */
  @Column({ type: 'jsonb', nullable: true })
  revisitCall: StoredRevisitCall | null;

  /** The fixed deadline while running; null while paused. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  breachedAt: Date | null;

  /**
   * Business seconds the clock counted from its start to its stop, in its calendar, paused
   * time excluded (what its target is measured against); null until it stops, and again while
   * a reopened clock runs. Written with every clock change (SlaClocksService.write), read by
   * the reports.
   */
  @Column({ type: 'double precision', nullable: true })
  elapsedBusinessSeconds: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export function toClockState(clock: SlaClockEntity): ClockState {
  return {
    kind: clock.kind,
    status: clock.status,
    startedAt: clock.startedAt,
    targetSeconds: clock.targetSeconds,
    pausedBusinessSeconds: clock.pausedBusinessSeconds,
    pausedAt: clock.pausedAt,
    stoppedAt: clock.stoppedAt,
    pauses: (clock.pauses ?? []).map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
    warnAtRatio: clock.warnAtRatio,
    escalation: clock.escalation,
    call: revisitCallFromJson(clock.revisitCall),
  };
}
