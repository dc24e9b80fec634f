import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './typeorm-options';

/** Used by the TypeORM CLI (npm run migration:run / migration:generate). */
export default new DataSource(buildDataSourceOptions());
