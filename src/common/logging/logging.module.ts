import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Structured JSON logs with a request id; phone numbers, names and secrets are redacted. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'phone',
  'name',
  '*.password',
  '*.phone',
  '*.name',
  '*.customer.phone',
  '*.customer.name',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.get('NODE_ENV') === 'test' ? 'silent' : config.get('LOG_LEVEL'),
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const incoming = req.headers['x-request-id'];
            const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customProps: () => ({ service: 'complaint-desk' }),
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
