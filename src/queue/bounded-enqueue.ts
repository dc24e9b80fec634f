import { Logger } from '@nestjs/common';

/** Enqueueing after commit never holds a response longer than this. */
export const ENQUEUE_TIMEOUT_MS = 500;
/** After an enqueue failed, the next ones are skipped at once for this long, then tried again. */
export const SKIP_AFTER_FAILURE_MS = 5_000;
/** A failure is logged at most this often per queue. */
const WARN_EVERY_MS = 30_000;

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Wake-ups added after commit. PostgreSQL already holds what they stand for, and the
 * reconcilers add what Redis missed, so an enqueue never throws and never waits long: each is
 * bounded by ENQUEUE_TIMEOUT_MS, and once one failed (Redis down) the next ones within
 * SKIP_AFTER_FAILURE_MS are skipped at once, instead of each request waiting out the timeout
 * and its command piling up in the Redis client until Redis is back.
 */
export class BoundedEnqueue {
  private skipUntil = 0;
  private warnedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Whether `add` ran and succeeded within the bound; `what` names it in the warning. */
  async run(add: () => Promise<unknown>, what = this.what): Promise<boolean> {
    const now = Date.now();
    if (now < this.skipUntil) return false;
    try {
      await withTimeout(add(), ENQUEUE_TIMEOUT_MS, 'Redis');
      return true;
    } catch (error) {
      this.skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
      if (now - this.warnedAt > WARN_EVERY_MS) {
        this.warnedAt = now;
        this.logger.warn(`${what} not enqueued, the reconciler will add them: ${(error as Error).message}`);
      }
      return false;
    }
  }
}
