import Redis from 'ioredis';
import { Client } from 'pg';
import { redisOptionsFromUrl } from '../../src/queue/redis-connection';
import { ADMIN_DB_URL, runId, runKeyPatterns, TEST_REDIS_URL } from './test-env';

/** Drops every database and Redis key this run created. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cdt_${runId()}_%`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();

  const redis = new Redis(redisOptionsFromUrl(TEST_REDIS_URL));
  for (const pattern of runKeyPatterns()) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  redis.disconnect();
}
