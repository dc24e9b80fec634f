import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { enableGracefulShutdown } from './app/graceful-shutdown';
import { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, bufferLogs: true });
  configureApp(app);
  enableGracefulShutdown(app, app.get(AppConfig).get('SHUTDOWN_GRACE_SECONDS') * 1000);
  const port = app.get(AppConfig).get('PORT');
  await app.listen(port);
  const url = `http://localhost:${port}`;
  new Logger('Bootstrap').log(`API on ${url}/api/v1 · Swagger UI ${url}/docs · queue dashboard ${url}/admin/queues`);
}

bootstrap().catch((error: Error) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(error.message);
  process.exit(1);
});
