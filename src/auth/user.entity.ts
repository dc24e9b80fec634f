import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import type { StaffRole } from '../common/actor/actor';

/** A staff account. The email is stored lower-cased, so its unique index is case-insensitive. */
@Entity('users')
@Check('chk_users_email_lower', `"email" = lower("email")`)
@Check('chk_users_role', `"role" IN ('front_desk', 'agent', 'supervisor', 'manager', 'admin')`)
@Index('ix_users_created_at_id', ['createdAt', 'id'])
@Index('ix_users_role_created_at', ['role', 'createdAt', 'id'])
export class UserEntity extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ type: 'uuid', nullable: true })
  supervisorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'supervisor_id', foreignKeyConstraintName: 'fk_users_supervisor' })
  supervisor?: UserEntity;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** argon2id; never leaves the service. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;
}
