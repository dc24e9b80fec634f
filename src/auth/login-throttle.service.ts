import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoginAttemptEntity } from './login-attempt.entity';
import { afterFailure, lockedForSeconds } from './login-throttle';

/** Keeps failed-login counts per email in PostgreSQL (shared by every instance). */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async lockedForSeconds(email: string, now = new Date()): Promise<number> {
    const state = await this.dataSource.getRepository(LoginAttemptEntity).findOneBy({ email });
    return lockedForSeconds(state, now);
  }

  /** Counts one failure under a row lock, so concurrent guesses are all counted. */
  async recordFailure(email: string, now = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_attempts (email, failures, window_started_at) VALUES ($1, 0, $2) ON CONFLICT (email) DO NOTHING`,
        [email, now],
      );
      const state = await manager.findOneOrFail(LoginAttemptEntity, { where: { email }, lock: { mode: 'pessimistic_write' } });
      const next = afterFailure(state, now);
      await manager.update(LoginAttemptEntity, { email }, next);
    });
  }

  async reset(email: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttemptEntity).delete({ email });
  }
}
