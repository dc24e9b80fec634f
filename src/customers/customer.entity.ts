import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { CustomerTier, LifecycleStage, ValueSegment } from '../domain/customer.enums';

@Entity('customers')
@Index('ix_customers_created_at_id', ['createdAt', 'id'])
@Index('ix_customers_tier_created_at', ['tier', 'createdAt', 'id'])
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
}
