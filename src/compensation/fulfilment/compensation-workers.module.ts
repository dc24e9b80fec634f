import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CompensationModule } from '../compensation.module';
import { FulfilmentProcessor } from './fulfilment.processor';
import { FULFILMENT_PORT, FulfilmentPort } from './fulfilment.port';
import { FulfilmentReconcilerService } from './fulfilment-reconciler.service';
import { FulfilmentRunner } from './fulfilment-runner.service';
import { HttpFulfilmentPort } from './http-fulfilment.port';
import { LoggingFulfilmentPort } from './logging-fulfilment.port';

/** The fulfilment worker: the queue processor, the attempt runner, the port (HTTP when FULFILMENT_URL is set, else logging) and the reconciler. */
@Module({
  imports: [CompensationModule],
  providers: [
    {
      provide: FULFILMENT_PORT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): FulfilmentPort =>
        config.get('FULFILMENT_URL') ? new HttpFulfilmentPort(config.get('FULFILMENT_URL'), config.get('FULFILMENT_TIMEOUT_MS')) : new LoggingFulfilmentPort(),
    },
    FulfilmentRunner,
    FulfilmentProcessor,
    FulfilmentReconcilerService,
  ],
  exports: [FulfilmentRunner, FulfilmentReconcilerService],
})
export class CompensationWorkersModule {}
