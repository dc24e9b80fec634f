import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { hashPassword } from './password';
import { normaliseEmail } from './users.service';

export const DEFAULT_ADMIN_PASSWORD = 'change-me-admin';
const BOOTSTRAP_LOCK_KEY = 4_204_712; // arbitrary, constant across instances

/** Why the bootstrap admin password must not be used, or null when it may. */
export function adminPasswordProblem(nodeEnv: string, password: string): string | null {
  if (nodeEnv !== 'production') return null;
  if (password === DEFAULT_ADMIN_PASSWORD) return 'ADMIN_PASSWORD is the default; set a strong one before the first production start';
  if (password.length < 12) return 'ADMIN_PASSWORD must be at least 12 characters in production';
  return null;
}

/** On start, when no user exists yet, creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): Promise<boolean> {
    return this.ensureAdmin();
  }

  /** True when it created the admin. Several instances may start at once: an advisory lock serialises them. */
  async ensureAdmin(): Promise<boolean> {
    const [{ any }]: { any: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM users) AS any`);
    if (any) return false;
    const email = normaliseEmail(this.config.get('ADMIN_EMAIL'));
    const password = this.config.get('ADMIN_PASSWORD');
    const problem = adminPasswordProblem(this.config.get('NODE_ENV'), password);
    if (problem) throw new Error(`Refusing to start: ${problem}`);
    const passwordHash = await hashPassword(password);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const rows: unknown[] = await manager.query(
        `INSERT INTO users (email, name, role, active, password_hash, version)
         SELECT $1, 'Administrator', 'admin', true, $2, 1
          WHERE NOT EXISTS (SELECT 1 FROM users)
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [email, passwordHash],
      );
      return rows.length > 0;
    });
    if (created) this.logger.log(`created the first admin user ${email}`);
    return created;
  }
}
