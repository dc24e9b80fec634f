import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { hashRequestBody } from './stable-hash';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface IdempotentRequest {
  /** The Idempotency-Key header, if the caller sent one. */
  key: string | undefined;
  /** Caller and route, e.g. "user:<id>:POST /complaints". */
  scope: string;
  body: unknown;
}

/**
 * Runs a create inside one transaction together with its idempotency record. A concurrent
 * retry with the same key blocks on the unique index until the first transaction commits,
 * then reads and replays its stored response: exactly one resource is ever created.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run<T>(request: IdempotentRequest, work: (manager: EntityManager) => Promise<{ status: number; body: T }>): Promise<StoredResponse<T>> {
    if (request.key === undefined) {
      const result = await this.dataSource.transaction((manager) => work(manager));
      return { ...result, replayed: false };
    }
    const key = request.key.trim();
    if (key.length === 0 || key.length > 255) {
      throw AppException.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1..255 characters' }]);
    }
    const requestHash = hashRequestBody(request.body);
    const ttlHours = this.config.get('IDEMPOTENCY_TTL_HOURS');
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await this.dataSource.transaction(async (manager): Promise<StoredResponse<T> | null> => {
        await manager.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at < now()`, [request.scope, key]);
        const inserted: { id: string }[] = await manager.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at)
           VALUES ($1, $2, $3, now() + make_interval(hours => $4))
           ON CONFLICT (scope, key) DO NOTHING RETURNING id`,
          [request.scope, key, requestHash, ttlHours],
        );
        if (inserted.length === 1) {
          const result = await work(manager);
          await manager.query(`UPDATE idempotency_keys SET response_status = $2, response_body = $3 WHERE id = $1`, [
            inserted[0].id,
            result.status,
            JSON.stringify(result.body),
          ]);
          return { ...result, replayed: false };
        }
        const [existing]: { request_hash: string; response_status: number | null; response_body: T }[] = await manager.query(
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
      });
      if (outcome) return outcome;
    }
    throw new AppException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'The request with this Idempotency-Key could not be completed, retry');
  }

  /** Removes expired keys; called periodically by the worker. */
  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    return result[1] ?? 0;
  }
}
