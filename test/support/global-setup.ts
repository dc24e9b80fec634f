import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/typeorm-options';
import { ADMIN_DB_URL, databaseUrl, templateDatabase } from './test-env';

/** Creates one migrated template database per test run; each jest worker clones it. */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_ID = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_DB_URL });
  await admin.connect();
  const template = templateDatabase();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const dataSource = await new DataSource(buildDataSourceOptions(databaseUrl(template))).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
