import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Owns outbox_events (below complaints: it imports nothing above database, common and domain). */
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
