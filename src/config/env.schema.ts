import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, Validate, ValidatorConstraint, ValidatorConstraintInterface, validateSync } from 'class-validator';
import { IANAZone } from 'luxon';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === true || String(value).toLowerCase() === 'true' || value === '1';
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

@ValidatorConstraint({ name: 'ianaZone' })
class IsIanaZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && IANAZone.isValidZone(value);
  }
  defaultMessage(): string {
    return 'TIMEZONE must be an IANA time zone such as Asia/Shanghai or Europe/London';
  }
}

export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-change-me';

/** Every environment variable the service reads, validated once at boot. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/complaints';

  /** A read replica of DATABASE_URL for the manager reports; empty: they read the primary. */
  @IsOptional() @Matches(/^(postgres(ql)?:\/\/.+)?$/, { message: 'DATABASE_REPLICA_URL must be a postgres:// URL or empty' })
  DATABASE_REPLICA_URL = '';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Prefix of every BullMQ key (and, without its braces, of the rate-limit counters); lets
   * several services or test workers share one Redis. In braces it is a hash tag: all of a
   * queue's keys land in one Redis Cluster slot, as BullMQ's Lua scripts need.
   */
  @IsString() @Matches(/^(\{[a-zA-Z0-9_-]+\}|[a-zA-Z0-9_-]+)$/, { message: 'QUEUE_PREFIX must be letters, digits, - and _, optionally in braces: {complaints}' })
  QUEUE_PREFIX = '{complaints}';

  @Transform(toBool) @IsBoolean()
  RUN_WORKERS = true;

  @Transform(toBool) @IsBoolean()
  MIGRATE_ON_START = true;

  @Transform(toInt) @IsInt() @Min(1)
  SLA_RECONCILE_SECONDS = 30;

  @Transform(toInt) @IsInt() @Min(0)
  REPEAT_WINDOW_DAYS = 30;

  @Transform(toInt) @IsInt() @Min(1)
  IDEMPOTENCY_TTL_HOURS = 24;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** On SIGTERM, how long requests in flight may take before their connections are closed. */
  @Transform(toInt) @IsInt() @Min(0) @Max(120)
  SHUTDOWN_GRACE_SECONDS = 10;

  /** The service's IANA time zone: business days of a regulator clock on a policy without a calendar, report periods by default. */
  @IsString() @Validate(IsIanaZone)
  TIMEZONE = 'UTC';

  @IsString() @IsOptional()
  ADMIN_EMAIL = 'admin@example.com';

  @IsString() @IsOptional()
  ADMIN_PASSWORD = 'change-me-admin';

  @IsString() @MinLength(16)
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @Transform(toInt) @IsInt() @Min(60)
  JWT_TTL_SECONDS = 3600;

  /** Lifetime of the browser session cookie of the admin pages (/admin/login, /admin/queues). */
  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ADMIN_SESSION_TTL_SECONDS = 1800;

  /** Comma-separated origins allowed by CORS; empty disables CORS. */
  @IsString() @IsOptional()
  CORS_ORIGINS = '';

  @Transform(toInt) @IsInt() @Min(1)
  THROTTLE_LIMIT_PER_MINUTE = 600;

  @IsString() @IsOptional()
  METRICS_TOKEN = '';

  /** Where accepted remedies are delivered (HTTP POST, Idempotency-Key = proposal id); empty logs them instead. */
  @IsOptional() @Matches(/^(https?:\/\/.+)?$/, { message: 'FULFILMENT_URL must be an http(s):// URL or empty' })
  FULFILMENT_URL = '';

  /** How long one fulfilment call may take before it counts as failed. */
  @Transform(toInt) @IsInt() @Min(100) @Max(120000)
  FULFILMENT_TIMEOUT_MS = 5000;

  /** Attempts of a fulfilment before the proposal becomes fulfilment_failed and supervisors are told. */
  @Transform(toInt) @IsInt() @Min(1) @Max(30)
  FULFILMENT_MAX_ATTEMPTS = 6;

  /** Delay before the second attempt; it doubles for each further one (exponential backoff). */
  @Transform(toInt) @IsInt() @Min(10)
  FULFILMENT_RETRY_BASE_MS = 2000;

  /** How often the fulfilment reconciler re-enqueues what PostgreSQL says is pending and Redis lost. */
  @Transform(toInt) @IsInt() @Min(1)
  FULFILMENT_RECONCILE_SECONDS = 30;
  /** Webhook targets on loopback or private addresses are refused unless this is true (local development and tests). */
  @Transform(toBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** Key material for sealing webhook signing secrets at rest (AES-256-GCM, HKDF); empty: derived from JWT_SECRET. */
  @IsString() @IsOptional()
  WEBHOOK_SECRET_KEY = '';

  /** How often each worker looks for outbox events to relay (one index probe when there are none). */
  @Transform(toInt) @IsInt() @Min(50) @Max(60_000)
  WEBHOOK_RELAY_POLL_MS = 500;

  /** How often the workers put back the delivery jobs Redis lost (from webhook_deliveries). */
  @Transform(toInt) @IsInt() @Min(1)
  WEBHOOK_RECONCILE_SECONDS = 10;

  /** Port on which a separate worker process serves /metrics; 0 turns it off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WORKER_METRICS_PORT = 9464;
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvironmentVariables, present);
  const errors = validateSync(config, { skipMissingProperties: false });
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(raw[e.property] ?? e.value)})`);
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    lines.push('  JWT_SECRET: the development default cannot sign production tokens; set a secret of 16+ characters');
  }
  if (lines.length > 0) {
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return config;
}
