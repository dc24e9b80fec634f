import 'reflect-metadata';
import { writeFileSync } from 'fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';
import { createOpenApiDocument } from './app/swagger';

/**
 * Writes the OpenAPI document (what GET /docs-json serves) to the file given, or to stdout,
 * without starting the server: the application is built in preview mode, so nothing connects
 * to PostgreSQL or Redis. Run from the build (`node dist/src/openapi.js out.json`), where the
 * Swagger compiler plugin has added what the DTOs' types and comments say.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: ['error'], abortOnError: false });
  const json = JSON.stringify(createOpenApiDocument(app), null, 2) + '\n';
  await app.close();
  const out = process.argv[2];
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
