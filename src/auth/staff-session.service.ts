import { createSecretKey, hkdfSync, KeyObject, randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, StaffRole } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';

/** Name of the browser session cookie of the staff pages (/admin/*, later /reports). */
export const STAFF_SESSION_COOKIE = 'cd_staff_session';

/**
 * Roles that may sign in to the staff pages at /admin/login: admins (the queue dashboard at
 * /admin/queues, admins only) and supervisors and managers (the reports page at /reports).
 * Each page still checks its own roles.
 */
export const STAFF_SESSION_ROLES: readonly StaffRole[] = ['supervisor', 'manager', 'admin'];

const AUDIENCE = 'complaint-desk/staff-session';
const ALGORITHM = 'HS256';

/**
 * The signing key of session cookies, derived from JWT_SECRET with HKDF-SHA256 under its own
 * label: one secret to configure, yet a session cookie is no valid Bearer token and a Bearer
 * token no valid session cookie.
 */
export function deriveSessionKey(jwtSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'complaint-desk', 'staff-session-cookie/v1', 32));
}

/** Signs and verifies with the session key only, whatever the app's JwtModule is configured with. */
function sessionJwt(key: KeyObject): JwtService {
  return new JwtService({ secret: key, signOptions: { algorithm: ALGORITHM, audience: AUDIENCE }, verifyOptions: { algorithms: [ALGORITHM], audience: AUDIENCE } });
}

interface SessionClaims {
  sub: string;
}

/** The instance express mounts use (like currentAuthService); set when the module starts. */
let current: StaffSessionService | undefined;
export const currentStaffSessions = (): StaffSessionService | undefined => current;

/**
 * Browser sessions of the staff pages: a short-lived HS256 JWT (subject = user id, own
 * audience, random jti) in an HttpOnly, SameSite=Strict cookie. The user row is re-read on
 * every request, so deactivation or a role change applies at once.
 */
@Injectable()
export class StaffSessionService implements OnModuleInit, OnModuleDestroy {
  private readonly jwt: JwtService;

  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {
    this.jwt = sessionJwt(createSecretKey(deriveSessionKey(config.get('JWT_SECRET'))));
  }

  onModuleInit(): void {
    current = this;
  }

  onModuleDestroy(): void {
    if (current === this) current = undefined;
  }

  get ttlSeconds(): number {
    return this.config.get('ADMIN_SESSION_TTL_SECONDS');
  }

  /**
   * Checks email and password like the API login (same lock and 401), then the role:
   * 403 when the user may not use the staff pages. Returns the signed session value.
   */
  async login(email: string, password: string, roles: readonly StaffRole[] = STAFF_SESSION_ROLES): Promise<{ token: string; actor: Actor }> {
    const user = await this.auth.verifyCredentials(email, password);
    if (!roles.includes(user.role)) throw new AppException(ErrorCode.FORBIDDEN, `The ${user.role} role may not sign in to these pages`);
    const token = await this.issue(user.id);
    return { token, actor: { type: 'user', id: user.id, role: user.role, name: user.name } };
  }

  /** A signed session value for this user, valid for ADMIN_SESSION_TTL_SECONDS. */
  issue(userId: string, ttlSeconds = this.ttlSeconds): Promise<string> {
    return this.jwt.signAsync({ sub: userId } satisfies SessionClaims, { jwtid: randomUUID(), expiresIn: ttlSeconds });
  }

  /** The active user behind a session value; null when it is forged, tampered, expired, or the user is gone or deactivated. */
  async verify(token: string): Promise<Actor | null> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims & object>(token);
    } catch {
      return null;
    }
    return this.auth.activeUserActor(claims.sub);
  }
}
