import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QUEUES } from '../queue/queue.constants';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectQueue(QUEUES.SLA_DEADLINES) private readonly queue: Queue,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      const client = (await this.queue.client) as unknown as { ping(): Promise<string> };
      const pong = await Promise.race([client.ping(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
