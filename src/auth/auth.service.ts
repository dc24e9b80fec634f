import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, StaffRole } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { ApiKeysService } from './api-keys.service';
import { LoginResponse } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { hashPassword, verifyPassword } from './password';
import { UserEntity } from './user.entity';
import { normaliseEmail } from './users.service';
import { queryPrepared } from '../database/prepared-query';

export const BAD_CREDENTIALS = 'Email or password is wrong';

interface TokenClaims {
  sub: string;
  role: string;
}

export interface RequestCredentials {
  authorization?: string | string[];
  'x-api-key'?: string | string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The instance express mounts (bull-board) use; set when the module starts. */
let current: AuthService | undefined;
export const currentAuthService = (): AuthService | undefined => current;

@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private dummyHash: Promise<string> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly keys: ApiKeysService,
    private readonly throttle: LoginThrottleService,
  ) {}

  onModuleInit(): void {
    current = this;
  }

  onModuleDestroy(): void {
    if (current === this) current = undefined;
  }

  async login(rawEmail: string, password: string): Promise<LoginResponse> {
    const user = await this.verifyCredentials(rawEmail, password);
    const expiresIn = this.config.get('JWT_TTL_SECONDS');
    const accessToken = this.jwt.sign({ sub: user.id, role: user.role } satisfies TokenClaims, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  /**
   * The active user with this email and password, under the failed-login lock (429) and with
   * the same 401 for a wrong email, a wrong password and a deactivated account. Shared by the
   * API login and the admin pages' session login.
   */
  async verifyCredentials(rawEmail: string, password: string): Promise<UserEntity> {
    const email = normaliseEmail(rawEmail);
    const wait = await this.throttle.lockedForSeconds(email);
    if (wait > 0) {
      throw new AppException(ErrorCode.TOO_MANY_REQUESTS, `Too many failed logins for this email; retry in ${wait} s`, { retryAfterSeconds: wait });
    }
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    // Unknown emails cost an argon2 verification too, so timing does not tell which emails exist.
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await this.getDummyHash(), password).then(() => false);
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(email);
      throw new AppException(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    }
    await this.throttle.reset(email);
    return user;
  }

  /** The actor of an active user, read from the row (so deactivation and role changes apply at once); null otherwise. */
  async activeUserActor(id: unknown): Promise<Actor | null> {
    // One primary-key read per request.
    const [user]: { id: string; role: StaffRole; name: string; active: boolean }[] =
      typeof id === 'string' && UUID.test(id) ? await queryPrepared(this.dataSource.manager, `SELECT id, role, name, active FROM users WHERE id = $1`, [id]) : [];
    if (!user || !user.active) return null;
    return { type: 'user', id: user.id, role: user.role, name: user.name };
  }

  /** A staff member changes their own password, proving the current one. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    if (actor.type !== 'user' || !actor.id) throw new AppException(ErrorCode.FORBIDDEN, 'Only staff accounts have a password');
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: actor.id })
      .getOne();
    if (!user) throw new AppException(ErrorCode.UNAUTHENTICATED, 'The account no longer exists');
    const wait = await this.throttle.lockedForSeconds(user.email);
    if (wait > 0) {
      throw new AppException(ErrorCode.TOO_MANY_REQUESTS, `Too many wrong passwords for this account; retry in ${wait} s`, { retryAfterSeconds: wait });
    }
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(user.email);
      throw AppException.validation([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    }
    if (newPassword === currentPassword) throw AppException.validation([{ field: 'newPassword', message: 'newPassword must differ from the current one' }]);
    await this.dataSource.getRepository(UserEntity).update({ id: user.id }, { passwordHash: await hashPassword(newPassword), version: user.version + 1 });
    await this.throttle.reset(user.email);
  }

  /**
   * The actor behind a request's credentials; null when it carries none; 401 when they are bad.
   * Reads the user or key row every time, so deactivation and revocation apply at once.
   */
  async authenticate(headers: RequestCredentials): Promise<Actor | null> {
    const authorization = one(headers.authorization);
    const apiKey = one(headers['x-api-key']);
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!m) throw new AppException(ErrorCode.UNAUTHENTICATED, 'The Authorization header must be "Bearer <token>"');
      return this.userFromToken(m[1]);
    }
    if (apiKey !== undefined) {
      const key = await this.keys.verify(apiKey.trim());
      if (!key) throw new AppException(ErrorCode.UNAUTHENTICATED, 'The API key is invalid or revoked');
      return { type: 'api_key', id: key.id, role: 'integration', name: key.name };
    }
    return null;
  }

  private async userFromToken(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token);
    } catch {
      throw new AppException(ErrorCode.UNAUTHENTICATED, 'The access token is invalid or expired');
    }
    // The role comes from the row, not the token: a role change applies at once.
    const actor = await this.activeUserActor(claims.sub);
    if (!actor) throw new AppException(ErrorCode.UNAUTHENTICATED, 'The account is deactivated or no longer exists');
    return actor;
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
    return this.dummyHash;
  }
}
