import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnvironment } from './env.schema';

/**
 * `.env` in the working directory is read when present (copy `.env.example`); a variable set in
 * the environment wins over the file. Tests (NODE_ENV=test) never read it. The values land in
 * process.env when this module is imported, before AppModule reads RUN_WORKERS.
 */
export function envFileOptions(env: NodeJS.ProcessEnv = process.env): { ignoreEnvFile: true } | { envFilePath: string } {
  return env.NODE_ENV === 'test' ? { ignoreEnvFile: true } : { envFilePath: '.env' };
}

@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, cache: true, ...envFileOptions() })],
  providers: [AppConfig],
  exports: [AppConfig],
})
export class AppConfigModule {}
