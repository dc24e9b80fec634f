import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A stored response for an Idempotency-Key, replayed to retries of the same request. */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_scope_key', ['scope', 'key'], { unique: true })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Caller and route, so two callers may use the same key independently. */
  @Column({ type: 'varchar', length: 300 })
  scope: string;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Index('ix_idempotency_keys_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
