import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { WebhookWakeups } from './webhook-wakeups';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Owns webhooks, webhook_deliveries and webhook_delivery_attempts: registration and reads (API),
 * the relay from the outbox and the deliveries (workers, relay/).
 */
@Module({
  imports: [QueueModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookWakeups],
  exports: [WebhooksService, WebhookWakeups],
})
export class WebhooksModule {}
