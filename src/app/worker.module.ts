import { Module } from '@nestjs/common';
import { LoggingModule } from '../common/logging/logging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { QueueModule } from '../queue/queue.module';
import { SlaModule } from '../sla/sla.module';
import { WorkersModule } from './workers.module';

/** Root module of the worker process: no HTTP, just the queues and what their jobs need. */
@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, QueueModule, IdempotencyModule, NotificationsModule, ComplaintsModule, SlaModule, WorkersModule],
})
export class WorkerModule {}
