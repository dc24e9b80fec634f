import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { LogFn, Logger } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const CENSOR = '[redacted]';

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
  'secret',
  '*.secret',
];

/** Query parameters whose values are personal data (`?externalRef=` is usually a phone number). */
export const REDACTED_QUERY_KEYS: ReadonlySet<string> = new Set(['phone', 'externalRef', 'name', 'email', 'q']);
/** A run of 7+ digits in any other query value looks like a phone or account number. */
const DIGIT_RUN = /\d{7,}/g;

function redactValue(key: string, value: string): string {
  if (REDACTED_QUERY_KEYS.has(key)) return CENSOR;
  return isUUID(value) ? value : value.replace(DIGIT_RUN, CENSOR);
}

/** The URL with personal data in its query string replaced by `[redacted]`. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part.replace(DIGIT_RUN, CENSOR);
      const rawKey = part.slice(0, eq);
      let key = rawKey;
      let value = part.slice(eq + 1);
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' ')).replace(/\[.*$/, '');
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        // undecodable: judge the raw text
      }
      const redacted = redactValue(key, value);
      return redacted === value ? part : `${rawKey}=${encodeURIComponent(redacted)}`;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** The parsed query with the same redaction (values may be strings, lists or objects). */
export function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') out[key] = redactValue(key, value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? redactValue(key, v) : CENSOR));
    else out[key] = REDACTED_QUERY_KEYS.has(key) ? CENSOR : redactQuery(value);
  }
  return out;
}

/** Nest's start-up chatter (modules initialised, every route mapped): debug, not info. */
export const STARTUP_DEBUG_CONTEXTS: ReadonlySet<string> = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const INFO = 30;

function logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number): void {
  const first = args[0] as { context?: unknown } | undefined;
  if (level === INFO && typeof first === 'object' && first !== null && STARTUP_DEBUG_CONTEXTS.has(String(first.context))) {
    return (this.debug as (...a: unknown[]) => void)(...args);
  }
  return (method as (...a: unknown[]) => void).apply(this, args);
}

/** The pino-http options of the service (exported so a test can log through them). */
export function httpLoggerOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACTED_LOG_PATHS, censor: CENSOR },
    hooks: { logMethod },
    serializers: {
      // pino-http wraps this around its standard request serializer: it gets the serialized request.
      req: (req: { url?: string; query?: unknown }) => Object.assign(req, { url: redactUrl(req.url), query: redactQuery(req.query) }),
    },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: () => ({ service: 'complaint-desk' }),
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
  };
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: httpLoggerOptions(config.get('NODE_ENV') === 'test' ? 'silent' : config.get('LOG_LEVEL')),
      }),
    }),
  ],
})
export class LoggingModule {}
