import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../queue/queue.module';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

@Module({ imports: [QueueModule, TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false })], controllers: [HealthController], providers: [RedisHealthIndicator] })
export class HealthModule {}
