import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { QueueModule } from '../../queue/queue.module';
import { ActionDueProcessor } from './action-due.processor';
import { ActionDueReconciler } from './action-due.reconciler';
import { ActionDueScheduler } from './action-due.scheduler';
import { ActionDueService } from './action-due.service';

/** The root-cause workers: the action due processor, its sweep and its reconciler. */
@Module({
  imports: [QueueModule, NotificationsModule],
  providers: [ActionDueScheduler, ActionDueService, ActionDueProcessor, ActionDueReconciler],
  exports: [ActionDueService, ActionDueReconciler],
})
export class RootCauseWorkersModule {}
