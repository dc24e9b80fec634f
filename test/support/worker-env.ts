import { databaseUrl, specQueuePrefix, TEST_REDIS_URL, workerDatabase } from './test-env';

// Runs before each e2e spec file is loaded: the app reads these when its modules are imported.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = databaseUrl(workerDatabase());
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.QUEUE_PREFIX = specQueuePrefix();
process.env.MIGRATE_ON_START = 'false';
process.env.RUN_WORKERS = 'false'; // specs that need the deadline workers ask createTestApp({ workers: true })
process.env.LOG_LEVEL = 'silent';
process.env.ADMIN_EMAIL = 'admin@example.com';
process.env.ADMIN_PASSWORD = 'Test-Admin-Passw0rd!';
process.env.THROTTLE_LIMIT_PER_MINUTE = '100000';
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true'; // the specs' webhook receivers listen on 127.0.0.1
