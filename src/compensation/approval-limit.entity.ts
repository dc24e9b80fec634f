import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One role's approval limits (minor units of compensation_settings.currency; NULL is unlimited). */
@Entity('approval_limits')
@Check('chk_approval_limits_role', `"role" IN ('agent', 'supervisor', 'manager', 'admin')`)
@Check('chk_approval_limits_non_negative', `("max_per_proposal" IS NULL OR "max_per_proposal" >= 0) AND ("max_per_customer_30_days" IS NULL OR "max_per_customer_30_days" >= 0)`)
export class ApprovalLimitEntity {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pk_approval_limits' })
  role: string;

  @Column({ type: 'bigint', nullable: true })
  maxPerProposal: string | null;

  @Column({ type: 'bigint', nullable: true, name: 'max_per_customer_30_days' })
  maxPerCustomer30Days: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
