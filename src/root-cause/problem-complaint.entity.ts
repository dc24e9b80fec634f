import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { ProblemEntity } from './problem.entity';

/** A complaint linked to a problem. */
@Entity('problem_complaints')
@Index('ix_problem_complaints_complaint', ['complaintId'])
@Index('ix_problem_complaints_linked_at', ['linkedAt'])
export class ProblemComplaintEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_problem_complaints' })
  problemId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_problem_complaints' })
  complaintId: string;

  @ManyToOne(() => ProblemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_problem_complaints_problem' })
  problem?: ProblemEntity;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_problem_complaints_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'uuid', nullable: true })
  linkedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  linkedAt: Date;
}
