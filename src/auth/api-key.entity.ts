import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An integration's API key (the call center). Only the SHA-256 of the key is stored. */
@Entity('api_keys')
@Index('ix_api_keys_created_at_id', ['createdAt', 'id'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** The 8 characters after `cdk_`: how a presented key finds its row. */
  @Index('uq_api_keys_prefix', { unique: true })
  @Column({ type: 'varchar', length: 8 })
  prefix: string;

  /** Hex SHA-256 of the whole key. */
  @Column({ type: 'char', length: 64 })
  secretHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
