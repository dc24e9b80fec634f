import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { Channel, Severity } from '../domain/complaint.enums';
import { CustomerTier } from '../domain/customer.enums';

export const REVISIT_ASSIGNMENTS = ['first_contact', 'pool'] as const;
export type RevisitAssignment = (typeof REVISIT_ASSIGNMENTS)[number];

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

  /**
   * Once a revisit falls due, the business seconds the call center has to reach the customer;
   * the revisit clock's target is the time to the call plus this window. Null: 24 h.
   */
  @Column({ type: 'int', nullable: true })
  revisitReachWithinSeconds: number | null;

  /** Who calls the customer back: the complaint's first-contact owner, or the call-center pool (unassigned). */
  @Column({ type: 'varchar', length: 16, default: 'first_contact' })
  revisitAssignTo: RevisitAssignment;

  /** Delays after an unanswered call (`no_answer`, `busy`), in order: `30m`, `2h`, `2d`, `next_working_day`; the last repeats. */
  @Column({ type: 'jsonb', default: () => `'["2h", "next_working_day", "2d"]'` })
  revisitRetryDelays: string[];

  /** Calls tried before a revisit ends `unreachable` (and the supervisor hears of it). */
  @Column({ type: 'smallint', default: 4 })
  revisitMaxAttempts: number;

  /** Tiers that get a second revisit after a satisfied first one. */
  @Column({ type: 'text', array: true, default: () => `'{diamond,platinum}'` })
  secondRevisitTiers: CustomerTier[];

  /** When the second revisit falls due after the satisfied first one (wall-clock seconds, then the next business instant). Null: 7 days. */
  @Column({ type: 'int', nullable: true })
  secondRevisitAfterSeconds: number | null;

  /** Days between contacts of a detractor's recovery plan (at most monthly). */
  @Column({ type: 'smallint', default: 30 })
  recoveryContactEveryDays: number;

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
