import { EntityManager } from 'typeorm';
import { queryPrepared } from './prepared-query';

/** Adds a value to the statement's parameters and returns its placeholder (`$3`). */
export type Param = (value: unknown) => string;

/**
 * Writes of several tables sent to PostgreSQL as one statement. Each owner of a table adds
 * its own data-modifying statement (`INSERT …`, `UPDATE …`); they run as the parts of one
 * `WITH` and see the same snapshot, so parts must not touch the same rows. Constraints are
 * checked at the end of the statement, so a part may reference a row another part inserts.
 */
export class WriteBatch {
  private readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(build: (p: Param) => string): this {
    this.parts.push(
      build((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }

  get size(): number {
    return this.parts.length;
  }

  /** Sends what was added as one statement and empties the batch. */
  async flush(manager: EntityManager): Promise<void> {
    if (this.parts.length === 0) return;
    const sql = this.parts.length === 1 ? this.parts[0] : `WITH ${this.parts.map((part, i) => `w${i} AS (${part})`).join(',\n')} SELECT 1`;
    const params = [...this.params];
    this.parts.length = 0;
    this.params.length = 0;
    await queryPrepared(manager, sql, params);
  }
}
