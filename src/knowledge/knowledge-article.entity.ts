import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A knowledge article published from a confirmed analysis: the symptom, the cause, the fix and
 * the one explanation the front desk gives ("complaint → improvement → prevention").
 */
@Entity('knowledge_articles')
@Index('ix_knowledge_articles_published_at_id', ['publishedAt', 'id'])
@Index('ix_knowledge_articles_search', { synchronize: false })
export class KnowledgeArticleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_knowledge_articles' })
  id: string;

  /** The analysis it was published from; publishing again revises the same article. */
  @Index('uq_knowledge_articles_analysis', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  analysisId: string | null;

  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  symptom: string;

  @Column({ type: 'text' })
  cause: string;

  @Column({ type: 'text' })
  fix: string;

  @Column({ type: 'text' })
  frontDeskExplanation: string;

  /** Root-cause category (GET /root-cause-categories). */
  @Column({ type: 'varchar', length: 48 })
  category: string;

  /** The complaint category of the complaint it came from; suggestions prefer the same. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  complaintCategory: string | null;

  /** Chinese bigrams and English words: title (A), symptom and explanation (B), cause and fix (C). GIN index ix_knowledge_articles_search. */
  @Column({ type: 'tsvector', select: false })
  search: string;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  publishedByName: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  publishedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
