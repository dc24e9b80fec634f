import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed logins per (lower-cased) email, for slowing down password guessing. Known and unknown emails alike. */
@Entity('login_attempts')
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 320, primaryKeyConstraintName: 'pk_login_attempts' })
  email: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz', precision: 3 })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil: Date | null;
}
