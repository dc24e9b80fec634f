import { Client } from 'pg';
import { ADMIN_DB_URL, templateDatabase, workerDatabase } from './test-env';

/** Clones the migrated template into this worker's database, once per worker. */
beforeAll(async () => {
  const admin = new Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [workerDatabase()]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${workerDatabase()}" TEMPLATE "${templateDatabase()}"`);
  } finally {
    await admin.end();
  }
});
