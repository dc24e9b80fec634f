import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ensureDatabaseExists, runMigrationsLocked } from './database-bootstrap';
import { buildDataSourceOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config.get('DATABASE_URL'), config.get('DATABASE_REPLICA_URL')),
      dataSourceFactory: async (options) => {
        const url = (options as { url: string }).url;
        await ensureDatabaseExists(url);
        const dataSource = await new DataSource(options!).initialize();
        if (process.env.MIGRATE_ON_START !== 'false') await runMigrationsLocked(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
