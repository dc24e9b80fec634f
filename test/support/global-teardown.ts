import { Client } from 'pg';
import { deleteRedisKeys } from './redis-keys';
import { ADMIN_DB_URL, runId, runKeyPatterns, TEST_REDIS_URL } from './test-env';

/** Drops every database and Redis key this run created. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cdt_${runId()}_%`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();

  for (const pattern of runKeyPatterns()) await deleteRedisKeys(TEST_REDIS_URL, pattern);
}
