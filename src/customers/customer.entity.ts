import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { CustomerTier, LifecycleStage, ValueSegment } from '../domain/customer.enums';

@Entity('customers')
@Index('ix_customers_created_at_id', ['createdAt', 'id'])
@Index('ix_customers_tier_created_at', ['tier', 'createdAt', 'id'])
@Index('ix_customers_phone', ['phone'])
export class CustomerEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Phone number or account number from the company's systems. */
  @Index('uq_customers_external_ref', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  externalRef: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 16, default: 'standard' })
  tier: CustomerTier;

  @Column({ type: 'varchar', length: 1, nullable: true })
  valueSegment: ValueSegment | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  lifecycleStage: LifecycleStage | null;

  @Column({ type: 'int', nullable: true })
  tenureMonths: number | null;

  /** Complaint credit grade, 1 (handled first) .. 5. */
  @Column({ type: 'smallint', nullable: true })
  creditGrade: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  churnSignals: string[];

  /** When the customer likes to be called back, free text (e.g. "工作日19:00以后", "weekday evenings"). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  preferredContactTime: string | null;

  /** Set when a callback found the phone number wrong; cleared when another number is given. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  phoneFlaggedAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  phoneFlagReason: string | null;
}

/** The columns of a customer as raw SQL reads them (hot paths skip the entity manager). */
export const CUSTOMER_COLUMNS =
  'id, external_ref, name, phone, tier, value_segment, lifecycle_stage, tenure_months, credit_grade, churn_signals, preferred_contact_time, phone_flagged_at, phone_flag_reason, created_at, updated_at, version';

export interface CustomerRow {
  id: string;
  external_ref: string;
  name: string | null;
  phone: string | null;
  tier: CustomerTier;
  value_segment: ValueSegment | null;
  lifecycle_stage: LifecycleStage | null;
  tenure_months: number | null;
  credit_grade: number | null;
  churn_signals: string[];
  preferred_contact_time: string | null;
  phone_flagged_at: Date | null;
  phone_flag_reason: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function customerFromRow(r: CustomerRow): CustomerEntity {
  return Object.assign(new CustomerEntity(), {
    id: r.id,
    externalRef: r.external_ref,
    name: r.name,
    phone: r.phone,
    tier: r.tier,
    valueSegment: r.value_segment,
    lifecycleStage: r.lifecycle_stage,
    tenureMonths: r.tenure_months,
    creditGrade: r.credit_grade,
    churnSignals: r.churn_signals,
    preferredContactTime: r.preferred_contact_time,
    phoneFlaggedAt: r.phone_flagged_at,
    phoneFlagReason: r.phone_flag_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  });
}
