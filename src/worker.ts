import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { startWorkerMetricsServer } from './metrics/worker-metrics.server';
import { WorkerModule } from './app/worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  const config = app.get(AppConfig);
  const server = startWorkerMetricsServer(config.get('WORKER_METRICS_PORT'), config.get('METRICS_TOKEN'));
  process.once('SIGTERM', () => server?.close());
}

bootstrap().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
