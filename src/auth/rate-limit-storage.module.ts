import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SharedThrottlerStorage } from './shared-throttler.storage';

/** The rate-limit counters in Redis, a module of their own so the throttler's options can take them. */
@Module({
  providers: [{ provide: SharedThrottlerStorage, inject: [AppConfig], useFactory: (config: AppConfig) => SharedThrottlerStorage.fromConfig(config) }],
  exports: [SharedThrottlerStorage],
})
export class RateLimitStorageModule {}
