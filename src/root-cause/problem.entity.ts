import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProblemStatus } from '../domain/root-cause';

/** A problem shared by many complaints (one symptom, many complaints; one problem, many symptoms). */
@Entity('problems')
@Check('chk_problems_status', `"status" IN ('open', 'resolved', 'closed')`)
@Index('ix_problems_created_at_id', ['createdAt', 'id'])
@Index('ix_problems_status_category_created_at', ['status', 'category', 'createdAt', 'id'])
@Index('ix_problems_category_created_at', ['category', 'createdAt', 'id'])
@Index('ix_problems_search', { synchronize: false })
export class ProblemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_problems' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 48 })
  category: string;

  @Column({ type: 'text', nullable: true })
  rootCause: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ProblemStatus;

  /** Chinese bigrams and English words of title, root cause and description (GIN index ix_problems_search). */
  @Column({ type: 'tsvector', select: false })
  search: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
