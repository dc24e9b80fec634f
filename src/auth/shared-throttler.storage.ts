import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from '../queue/redis-connection';

/** One counter call to Redis may take this long before the request is counted in the process instead. */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 200;
/** After a call that failed on an open connection (a Redis that hangs), counters stay in the process this long. */
export const RATE_LIMIT_RETRY_MS = 1000;
const CONNECT_WAIT_MS = 1000;

/**
 * Where the rate-limit counters of a service prefixed `prefix` live in Redis. The braces of a
 * hash-tagged prefix are dropped: each counter carries a hash tag of its own, so the counters
 * spread over a cluster instead of sharing the queues' slot.
 */
export function rateLimitKeyPrefix(prefix: string): string {
  return `${prefix.replace(/[{}]/g, '')}:throttle:`;
}

type CounterRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type Counters = Pick<ThrottlerStorage, 'increment'>;

type CounterScript = (hitKey: string, blockKey: string, name: string, ttl: number, limit: number, blockDuration: number) => Promise<unknown>;

/**
 * The package's counter script with its keys and result (same keys as the package's own
 * `increment`), run by its SHA: ioredis sends EVALSHA and the script's text only when Redis
 * does not know it yet, where the package sends the whole script with every request.
 */
function scriptCounters(redis: Redis, script: string): Counters {
  redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: script });
  const run = (redis as unknown as { throttleIncrement: CounterScript }).throttleIncrement.bind(redis);
  return {
    async increment(key, ttl, limit, blockDuration, throttlerName) {
      const result = await run(`{${key}:${throttlerName}}:hits`, `{${key}:${throttlerName}}:blocked`, throttlerName, ttl, limit, blockDuration);
      if (!Array.isArray(result) || result.length !== 4 || result.some((n) => typeof n !== 'number')) throw new TypeError(`unexpected rate-limit counter: ${String(result)}`);
      const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = result as number[];
      return { totalHits, timeToExpire: Math.ceil(timeToExpire / 1000), isBlocked: isBlocked === 1, timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000) };
    },
  };
}

/** The part of the Redis connection the storage needs; ioredis in the service, a fake in unit specs. */
export interface CounterConnection {
  readonly status: string;
  connect(): Promise<void>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Rate-limit counters in Redis, so a limit holds across any number of API processes. While
 * Redis does not answer (down, unreachable, or slower than RATE_LIMIT_REDIS_TIMEOUT_MS) the
 * request is counted in this process instead: it is not refused, nor held up past that bound. The change
 * is logged once each way, and counting goes back to Redis as soon as it answers again.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new ThrottlerStorageService();
  private inProcess = false;
  private retryAt = 0;
  private closed = false;

  constructor(
    private readonly connection: CounterConnection,
    private readonly shared: Counters,
  ) {
    this.connection.on('error', (error) => this.countInProcess(error.message));
  }

  /** Counters on the service's Redis, under its key prefix. */
  static fromConfig(config: AppConfig): SharedThrottlerStorage {
    const redis = new Redis({
      ...redisOptionsFromUrl(config.get('REDIS_URL')),
      keyPrefix: rateLimitKeyPrefix(config.get('QUEUE_PREFIX')),
      lazyConnect: true,
      // Fail at once while disconnected instead of queueing the command until Redis is back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: RATE_LIMIT_REDIS_TIMEOUT_MS,
      connectTimeout: CONNECT_WAIT_MS,
    });
    return new SharedThrottlerStorage(redis, scriptCounters(redis, new ThrottlerStorageRedisService(redis).scriptSrc));
  }

  /** Waits (a bounded while) for the first connection, so the first requests are already shared. */
  async onModuleInit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.connection.connect().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)))]);
    clearTimeout(timer);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<CounterRecord> {
    if (this.connection.status === 'ready' && Date.now() >= this.retryAt) {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        if (this.inProcess) this.logger.log('Redis answers again: rate limits are shared by every instance again');
        this.inProcess = false;
        return record;
      } catch (error) {
        this.retryAt = Date.now() + RATE_LIMIT_RETRY_MS;
        this.countInProcess((error as Error).message);
      }
    } else {
      this.countInProcess(`connection ${this.connection.status}`);
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  /** Whether counters are in this process rather than in Redis (for the specs). */
  get countingInProcess(): boolean {
    return this.inProcess;
  }

  onModuleDestroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.disconnect();
    this.local.onApplicationShutdown();
  }

  private countInProcess(reason: string): void {
    if (this.inProcess || this.closed) return;
    this.inProcess = true;
    this.logger.warn(`Redis does not answer (${reason}): rate limits are counted in each instance until it does`);
  }
}
