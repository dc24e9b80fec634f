import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { WebhookSender } from '../webhook-sender';
import { WebhooksModule } from '../webhooks.module';
import { WebhookDeliveriesProcessor } from './webhook-deliveries.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookRelayService } from './webhook-relay.service';

/** The webhook workers: the outbox relay (with its reconciler) and the delivery processor. */
@Module({
  imports: [WebhooksModule, OutboxModule, NotificationsModule],
  providers: [WebhookSender, WebhookRelayService, WebhookDeliveryService, WebhookDeliveriesProcessor],
  exports: [WebhookRelayService],
})
export class WebhookWorkersModule {}
