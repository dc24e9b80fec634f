import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Outbox of delayed jobs to take out of Redis: written in the transaction that moved or
 * stopped a deadline, drained after commit (and by the reconciler). A job left behind would
 * find nothing to do anyway; removing it keeps Redis tidy.
 */
@Entity('sla_job_removals')
@Index('ix_sla_job_removals_created_at', ['createdAt'])
export class SlaJobRemovalEntity {
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_sla_job_removals' })
  jobId: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
