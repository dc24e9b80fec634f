import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { isConnectionError } from '../common/errors/connection-errors';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { WriteBatch } from '../database/write-batch';
import { hashRequestBody } from './stable-hash';

export interface ChangeResult<T> {
  status: number;
  body: T;
}

export interface StoredResponse<T> extends ChangeResult<T> {
  replayed: boolean;
}

export interface IdempotentRequest {
  /** The Idempotency-Key header, if the caller sent one. */
  key: string | undefined;
  /** Caller and route, e.g. "user:<id>:POST /complaints". */
  scope: string;
  body: unknown;
}

/** A failure inside the transaction, before COMMIT was sent: nothing of it was written. */
class BeforeCommit extends Error {
  constructor(readonly cause: unknown) {
    super('failed before commit');
  }
}

async function beforeCommit<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (error) {
    throw new BeforeCommit(error);
  }
}

/** What a change does inside its transaction: reads through `tx`, adds its writes to `batch`. */
export type ChangeWork<T> = (tx: EntityManager, batch: WriteBatch) => Promise<ChangeResult<T>>;

/**
 * One transaction per change. The work reads what it needs and adds its writes to a batch;
 * the unit of work sends the batch (with the stored response of an Idempotency-Key) as the
 * transaction's last statement before COMMIT. A retry with the same key and body replays the
 * first response; a concurrent retry waits on the key's unique index until the first commits.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * A transaction whose connection dropped before COMMIT was sent (PostgreSQL restarted, the
   * backend was terminated) rolled back: it is run once more on a fresh connection. A failure
   * at COMMIT is not retried (it may have committed); the caller gets 503 and may retry with
   * its Idempotency-Key.
   */
  async run<T>(work: ChangeWork<T>, idempotency?: IdempotentRequest): Promise<StoredResponse<T>> {
    try {
      return await this.attempt(work, idempotency);
    } catch (error) {
      if (!(error instanceof BeforeCommit) || !isConnectionError(error.cause)) throw error instanceof BeforeCommit ? error.cause : error;
      try {
        return await this.attempt(work, idempotency);
      } catch (again) {
        throw again instanceof BeforeCommit ? again.cause : again;
      }
    }
  }

  private async attempt<T>(work: ChangeWork<T>, idempotency?: IdempotentRequest): Promise<StoredResponse<T>> {
    if (idempotency?.key === undefined) {
      return this.dataSource.transaction((tx) =>
        beforeCommit(async () => {
          const batch = new WriteBatch();
          const result = await work(tx, batch);
          await batch.flush(tx);
          return { ...result, replayed: false };
        }),
      );
    }
    return this.runIdempotent(work, idempotency as IdempotentRequest & { key: string });
  }

  private async runIdempotent<T>(work: ChangeWork<T>, request: IdempotentRequest & { key: string }): Promise<StoredResponse<T>> {
    const key = request.key.trim();
    if (key.length === 0 || key.length > 255) {
      throw AppException.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1..255 characters' }]);
    }
    const requestHash = hashRequestBody(request.body);
    const ttlHours = this.config.get('IDEMPOTENCY_TTL_HOURS');
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await this.dataSource.transaction((tx) => beforeCommit(async (): Promise<StoredResponse<T> | null> => {
        // Claims the key, or takes over an expired claim, in one statement.
        const claimed: { id: string }[] = await tx.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at)
           VALUES ($1, $2, $3, now() + make_interval(hours => $4))
           ON CONFLICT (scope, key) DO UPDATE
              SET request_hash = EXCLUDED.request_hash, expires_at = EXCLUDED.expires_at, response_status = NULL, response_body = NULL, created_at = now()
            WHERE idempotency_keys.expires_at < now()
           RETURNING id`,
          [request.scope, key, requestHash, ttlHours],
        );
        if (claimed.length === 1) {
          const batch = new WriteBatch();
          const result = await work(tx, batch);
          batch.add((p) => `UPDATE idempotency_keys SET response_status = ${p(result.status)}, response_body = ${p(JSON.stringify(result.body))}::jsonb WHERE id = ${p(claimed[0].id)}`);
          await batch.flush(tx);
          return { ...result, replayed: false };
        }
        const [existing]: { request_hash: string; response_status: number | null; response_body: T }[] = await tx.query(
          `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
          [request.scope, key],
        );
        if (!existing) return null; // the first attempt rolled back: try to become the owner
        if (existing.request_hash !== requestHash) {
          throw new AppException(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used with a different request body');
        }
        if (existing.response_status === null) {
          throw new AppException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'The first request with this Idempotency-Key is still in progress');
        }
        return { status: existing.response_status, body: existing.response_body, replayed: true };
      }));
      if (outcome) return outcome;
    }
    throw new AppException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'The request with this Idempotency-Key could not be completed, retry');
  }

  /** Removes expired keys; called periodically by the worker. */
  async purgeExpiredKeys(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    return result[1] ?? 0;
  }
}
