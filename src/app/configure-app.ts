import { INestApplication, ValidationPipe } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AuthService } from '../auth/auth.service';
import { UnmatchedRouteFilter } from '../auth/unmatched-route.filter';
import { AppConfig } from '../config/app-config';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter';
import { validationExceptionFactory } from '../common/errors/validation-errors';
import { setupSwagger } from './swagger';
import { jsonBodyParser } from '../common/http/json-body.middleware';

/** Everything main.ts and the e2e tests apply to the HTTP application, in one place. */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.use(jsonBodyParser('1mb'));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  // The last filter is tried first: requests no route matched get 401/403 before any 404.
  app.useGlobalFilters(new ProblemDetailsFilter(), new UnmatchedRouteFilter(app.get(AuthService)));
  const origins = config
    .get('CORS_ORIGINS')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) {
    app.enableCors({ origin: origins, exposedHeaders: ['ETag', 'X-Request-Id', 'Idempotent-Replayed'], allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'] });
  }
  setupSwagger(app);
  app.enableShutdownHooks();
  return app;
}
