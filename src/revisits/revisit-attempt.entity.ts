import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RevisitEntity } from './revisit.entity';
import { RevisitOutcome } from './revisit-rules';

/** One call of a revisit, append-only; `seq` is its number within the revisit (1, 2, …). */
@Entity('revisit_attempts')
@Index('uq_revisit_attempts_revisit_seq', ['revisitId', 'seq'], { unique: true })
@Index('ix_revisit_attempts_at', ['at'])
export class RevisitAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  revisitId: string;

  @ManyToOne(() => RevisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'revisit_id', foreignKeyConstraintName: 'fk_revisit_attempts_revisit' })
  revisit?: RevisitEntity;

  @Column({ type: 'smallint' })
  seq: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: RevisitOutcome;

  @Column({ type: 'boolean', nullable: true })
  satisfied: boolean | null;

  @Column({ type: 'smallint', nullable: true })
  csat: number | null;

  @Column({ type: 'smallint', nullable: true })
  nps: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment: string | null;

  /** When the next call is due after this one (a reschedule), else null. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextDueAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;
}
