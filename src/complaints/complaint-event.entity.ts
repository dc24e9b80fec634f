import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintEventType } from '../domain/complaint.enums';

/** One entry of a complaint's append-only timeline: the audit trail and what the call center reads back. */
@Entity('complaint_events')
@Index('ix_complaint_events_complaint_seq', ['complaintId', 'seq'])
@Index('ix_complaint_events_escalated_reopened', ['complaintId', 'type'], { where: `type IN ('escalated', 'reopened')` })
// The last customer-visible note of each complaint in the list (one backward probe per row).
@Index('ix_complaint_events_customer_notes', ['complaintId', 'seq'], { where: "type = 'note_added' AND (data ->> 'visibility') = 'customer'" })
export class ComplaintEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order, to keep events of the same millisecond in order. */
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ type: 'uuid' })
  complaintId: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_events_complaint' })
  complaint?: ComplaintEntity;

  @Column({ type: 'varchar', length: 32 })
  type: ComplaintEventType;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
