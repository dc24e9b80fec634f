import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './typeorm-options';

// The CLI reads the same .env as the service does (variables already set win).
if (existsSync('.env')) process.loadEnvFile('.env');

/** Used by the TypeORM CLI (npm run migration:run / migration:generate). */
export default new DataSource(buildDataSourceOptions());
