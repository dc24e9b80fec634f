import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerException } from '@nestjs/throttler';
import type { Request, RequestHandler, Response } from 'express';
import { urlencoded } from 'express';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { problemFor, sendProblem } from '../common/errors/problem-details.filter';
import { loginPage, sendPage, signedInPage } from './admin-pages';
import { LOGIN_LIMIT_PER_MINUTE } from './auth.controller';
import { StaffSessionService, STAFF_SESSION_ROLES } from './staff-session.service';
import { clearSessionCookie, crossSiteWriteProblem, DEFAULT_AFTER_LOGIN, readSessionCookie, REPORTS_PAGE, safeNextPath, setSessionCookie, STAFF_LOGIN_PATH } from './staff-session.middleware';

const field = (body: unknown, name: string): string | undefined => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** Parses the login form (application/x-www-form-urlencoded); a bad body gets problem+json 400/413. */
export function loginFormParser(): RequestHandler {
  const parse = urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const err = error as { type?: string; message?: string };
      if (err.type === 'entity.too.large') return sendProblem(req, res, problemFor(ErrorCode.PAYLOAD_TOO_LARGE, 'The form exceeds 16kb'));
      sendProblem(req, res, problemFor(ErrorCode.VALIDATION_FAILED, err.message ?? 'Malformed form body'));
    });
}

/** The per-IP-and-email login limit, answered with the form rather than problem+json. */
@Catch(ThrottlerException)
export class LoginPageThrottleFilter implements ExceptionFilter {
  catch(_exception: ThrottlerException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    res.set('Retry-After', '60');
    sendPage(res, 429, loginPage({ message: 'Too many sign-in attempts. Wait a minute and try again.', email: field(req.body, 'email'), next: safeNextPath(field(req.body, 'next')) }));
  }
}

/**
 * The staff pages' sign-in, outside /api/v1: a server-rendered form whose POST checks the
 * credentials like POST /api/v1/auth/login (same failed-login lock and rate limit) and sets
 * the session cookie that requireStaffSession() accepts. Public in the permission table.
 */
@ApiExcludeController()
@Controller('admin')
export class AdminLoginController {
  constructor(private readonly sessions: StaffSessionService) {}

  /** The form; someone already signed in sees where to go and a sign-out button instead. */
  @Get('login')
  async form(@Req() req: Request, @Res() res: Response, @Query('next') next?: unknown): Promise<void> {
    const target = safeNextPath(next);
    const token = readSessionCookie(req);
    const actor = token ? await this.sessions.verify(token) : null;
    if (actor && (STAFF_SESSION_ROLES as readonly string[]).includes(actor.role)) {
      return sendPage(res, 200, signedInPage(actor.name ?? actor.role, target === DEFAULT_AFTER_LOGIN && actor.role !== 'admin' ? REPORTS_PAGE : target));
    }
    sendPage(res, 200, loginPage({ next: target }));
  }

  @Post('login')
  @Throttle({ default: { limit: LOGIN_LIMIT_PER_MINUTE, ttl: 60_000 } })
  @UseFilters(LoginPageThrottleFilter)
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const forgery = crossSiteWriteProblem(req);
    if (forgery) throw forgery;
    const email = field(req.body, 'email')?.trim() ?? '';
    const password = field(req.body, 'password') ?? '';
    const next = safeNextPath(field(req.body, 'next'));
    if (!email || !password) return sendPage(res, 400, loginPage({ message: 'Enter your email and password.', email, next }));
    try {
      const { token, actor } = await this.sessions.login(email, password);
      setSessionCookie(req, res, token, this.sessions.ttlSeconds);
      // The queue dashboard is for admins; supervisors and managers land on their reports page.
      res.redirect(303, next === DEFAULT_AFTER_LOGIN && actor.role !== 'admin' ? REPORTS_PAGE : next);
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      if (error.code === ErrorCode.TOO_MANY_REQUESTS) res.set('Retry-After', String(error.extras.retryAfterSeconds ?? 60));
      const known = [ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.TOO_MANY_REQUESTS].includes(error.code);
      if (!known) throw error;
      const status = error.code === ErrorCode.UNAUTHENTICATED ? 401 : error.code === ErrorCode.FORBIDDEN ? 403 : 429;
      sendPage(res, status, loginPage({ message: error.detail, email, next }));
    }
  }

  /** Forgets the session cookie and goes back to the form. */
  @Post('logout')
  logout(@Req() req: Request, @Res() res: Response): void {
    const forgery = crossSiteWriteProblem(req);
    if (forgery) throw forgery;
    clearSessionCookie(req, res);
    res.redirect(303, STAFF_LOGIN_PATH);
  }
}
