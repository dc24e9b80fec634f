import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnvironment } from './env.schema';

@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, cache: true, ignoreEnvFile: true })],
  providers: [AppConfig],
  exports: [AppConfig],
})
export class AppConfigModule {}
