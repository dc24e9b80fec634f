import { Module } from '@nestjs/common';
import { LoggingModule } from '../common/logging/logging.module';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { WorkersModule } from './workers.module';

/** Root module of the worker process: no HTTP, just the queues and what their jobs need. */
@Module({ imports: [AppConfigModule, LoggingModule, DatabaseModule, WorkersModule] })
export class WorkerModule {}
