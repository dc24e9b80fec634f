import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { Channel, Severity } from '../domain/complaint.enums';
import { CustomerTier } from '../domain/customer.enums';

export interface EscalationStep {
  level: number;
  /** Business seconds after the breach at which this level is notified. */
  afterBreachSeconds: number;
  notifyRole: string;
}

/** Response-time promise for the complaints it matches; among several matches the lowest rank wins. */
@Entity('sla_policies')
@Index('ix_sla_policies_active_rank', ['active', 'rank'])
export class SlaPolicyEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  matchSeverity: Severity | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  matchCustomerTier: CustomerTier | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  matchChannel: Channel | null;

  @Column({ type: 'int' })
  rank: number;

  @Column({ type: 'uuid', nullable: true })
  calendarId: string | null;

  @Column({ type: 'int' })
  acknowledgeWithinSeconds: number;

  @Column({ type: 'int' })
  resolveWithinSeconds: number;

  @Column({ type: 'int', nullable: true })
  updateEverySeconds: number | null;

  @Column({ type: 'int', nullable: true })
  revisitWithinSeconds: number | null;

  /** A calendar-day regulator clock that never pauses, e.g. 15 days. */
  @Column({ type: 'int', nullable: true })
  finalResponseWithinDays: number | null;

  /** Code of a regulator preset (see sla/regulator-presets) used for the final-response clock. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  regulatorPreset: string | null;

  @Column({ type: 'double precision', default: 0.75 })
  warnAtRatio: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  escalation: EscalationStep[];

  /** Role notified as soon as a matching complaint is taken in (major complaints bring in senior management). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  notifyAtIntakeRole: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
