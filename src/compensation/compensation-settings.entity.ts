import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The one row of compensation settings: the currency limits and budgets are kept in, the value of points, who changed them last. */
@Entity('compensation_settings')
@Check('chk_compensation_settings_single', `"id" = 1`)
@Check('chk_compensation_settings_point_rate', `"point_rate_points" > 0 AND "point_rate_minor_units" >= 0`)
export class CompensationSettingsEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_compensation_settings' })
  id: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** `pointRatePoints` points are worth `pointRateMinorUnits` minor units. */
  @Column({ type: 'integer' })
  pointRatePoints: number;

  @Column({ type: 'bigint' })
  pointRateMinorUnits: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  updatedByName: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
