import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QUEUES } from '../queue/queue.constants';

const PING_TIMEOUT_MS = 1000;

@Injectable()
export class RedisHealthIndicator {
  private readonly logger = new Logger('Redis');
  private wasDown = false;

  constructor(
    @InjectQueue(QUEUES.SLA_DEADLINES) private readonly queue: Queue,
    private readonly health: HealthIndicatorService,
  ) {}

  /** PING within a second (obtaining the connection included); a change to down is logged once. */
  async isHealthy(key = 'redis') {
    const indicator = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const ping = (async () => ((await this.queue.client) as unknown as { ping(): Promise<string> }).ping())();
      const pong = await Promise.race([ping, new Promise<string>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)))]);
      if (pong !== 'PONG') return this.down(indicator, `unexpected reply ${pong}`);
      if (this.wasDown) this.logger.log('Redis answers again');
      this.wasDown = false;
      return indicator.up();
    } catch (error) {
      return this.down(indicator, (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private down(indicator: ReturnType<HealthIndicatorService['check']>, message: string) {
    if (!this.wasDown) this.logger.warn(`Redis is down (${message}): deadlines stay in PostgreSQL and are woken once it is back`);
    this.wasDown = true;
    return indicator.down({ message });
  }
}
