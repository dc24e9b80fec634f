import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AdminLoginController, loginFormParser } from './admin-login.controller';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AppThrottlerGuard } from './app-throttler.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { RateLimitStorageModule } from './rate-limit-storage.module';
import { SharedThrottlerStorage } from './shared-throttler.storage';
import { StaffSessionService } from './staff-session.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Staff accounts, login (API tokens and the staff pages' session), integration API keys, and the global access and rate-limit guards. */

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A KeyObject: given a string, jsonwebtoken first tries to parse it as a public key on every verify.
        const key = createSecretKey(Buffer.from(config.get('JWT_SECRET'), 'utf8'));
        return { secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } };
      },
    }),
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [AppConfig, SharedThrottlerStorage],
      useFactory: (config: AppConfig, storage: SharedThrottlerStorage) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.get('THROTTLE_LIMIT_PER_MINUTE') }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController, UsersController, ApiKeysController, AdminLoginController],
  providers: [
    AuthService,
    UsersService,
    ApiKeysService,
    LoginThrottleService,
    StaffSessionService,
    AdminBootstrapService,
    // Order matters: AccessGuard authenticates first, so the throttler can count per user or key.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
  ],
  exports: [AuthService, UsersService, StaffSessionService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The sign-in form posts application/x-www-form-urlencoded; the app otherwise parses JSON only.
    consumer.apply(loginFormParser()).forRoutes({ path: 'admin/login', method: RequestMethod.POST });
  }
}
