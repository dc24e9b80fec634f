import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { CalendarDefinition } from './clock/business-calendar';

/** Business hours in an IANA time zone, with holidays and make-up working days. */
@Entity('calendars')
@Index('ix_calendars_created_at_id', ['createdAt', 'id'])
export class CalendarEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'jsonb' })
  weeklyHours: CalendarDefinition['weeklyHours'];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  holidays: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  extraWorkingDays: string[];

  /** The calendar version the running clocks follow; behind `version` while a recompute is pending. */
  @Column({ type: 'int', default: 1 })
  clocksVersion: number;

}

export function toCalendarDefinition(calendar: CalendarEntity | null): CalendarDefinition | null {
  if (!calendar) return null;
  return { timezone: calendar.timezone, weeklyHours: calendar.weeklyHours, holidays: calendar.holidays, extraWorkingDays: calendar.extraWorkingDays };
}
