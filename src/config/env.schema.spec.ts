import { DEVELOPMENT_JWT_SECRET, validateEnvironment } from './env.schema';

describe('environment validation', () => {
  it('fills every default from an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/complaints',
      REDIS_URL: 'redis://127.0.0.1:6379',
      RUN_WORKERS: true,
      SLA_RECONCILE_SECONDS: 30,
      REPEAT_WINDOW_DAYS: 30,
    });
  });

  it('converts numbers and booleans from their text form', () => {
    const env = validateEnvironment({ PORT: '8080', RUN_WORKERS: 'false', SLA_RECONCILE_SECONDS: '5' });
    expect(env).toMatchObject({ PORT: 8080, RUN_WORKERS: false, SLA_RECONCILE_SECONDS: 5 });
  });

  it('stops with a message naming each malformed variable', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SLA_RECONCILE_SECONDS: '0' })).toThrow(
      /PORT:[\s\S]*DATABASE_URL:[\s\S]*SLA_RECONCILE_SECONDS:/,
    );
    expect(() => validateEnvironment({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('reads the admin session lifetime, 30 minutes by default, between a minute and a day', () => {
    expect(validateEnvironment({}).ADMIN_SESSION_TTL_SECONDS).toBe(1800);
    expect(validateEnvironment({ ADMIN_SESSION_TTL_SECONDS: '600' }).ADMIN_SESSION_TTL_SECONDS).toBe(600);
    expect(() => validateEnvironment({ ADMIN_SESSION_TTL_SECONDS: '10' })).toThrow(/ADMIN_SESSION_TTL_SECONDS/);
    expect(() => validateEnvironment({ ADMIN_SESSION_TTL_SECONDS: 'half an hour' })).toThrow(/ADMIN_SESSION_TTL_SECONDS/);
  });

  it('takes a queue prefix bare or hash-tagged in braces, hash-tagged by default', () => {
    expect(validateEnvironment({}).QUEUE_PREFIX).toBe('{complaints}');
    expect(validateEnvironment({ QUEUE_PREFIX: 'desk-2' }).QUEUE_PREFIX).toBe('desk-2');
    expect(validateEnvironment({ QUEUE_PREFIX: '{desk_2}' }).QUEUE_PREFIX).toBe('{desk_2}');
    for (const bad of ['{desk', 'desk}', '{de}sk', 'a:b', '{}']) expect(() => validateEnvironment({ QUEUE_PREFIX: bad })).toThrow(/QUEUE_PREFIX/);
  });

  it('reads an optional report replica URL', () => {
    expect(validateEnvironment({}).DATABASE_REPLICA_URL).toBe('');
    expect(validateEnvironment({ DATABASE_REPLICA_URL: 'postgres://ro@replica:5432/complaints' }).DATABASE_REPLICA_URL).toBe('postgres://ro@replica:5432/complaints');
    expect(() => validateEnvironment({ DATABASE_REPLICA_URL: 'replica:5432' })).toThrow(/DATABASE_REPLICA_URL/);
  });

  it('refuses the development JWT secret in production only', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'a-real-production-secret-value' })).not.toThrow();
    expect(validateEnvironment({ NODE_ENV: 'development' }).JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
  });
});
