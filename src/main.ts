import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(app.get(AppConfig).get('PORT'));
}

bootstrap().catch((error: Error) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(error.message);
  process.exit(1);
});
