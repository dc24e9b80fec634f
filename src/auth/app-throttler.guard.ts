import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { RequestWithActor } from '../common/actor/actor';
import { isPublicRoute } from './permissions';
import { routeKeyOf } from './route-key';

export const LOGIN_ROUTE = 'POST /api/v1/auth/login';
/** The API login and the staff pages' sign-in form share the strict per-IP-and-email limit. */
export const LOGIN_ROUTES: readonly string[] = [LOGIN_ROUTE, 'POST /admin/login'];
const LOGIN_PATHS = LOGIN_ROUTES.map((key) => key.split(' ')[1]);

/** Whether the route `key` is rate limited: every route but the public ops routes; login strictly. */
export function isThrottledRoute(key: string): boolean {
  return LOGIN_ROUTES.includes(key) || !isPublicRoute(key);
}

/** Rate limits per user or key when authenticated (AccessGuard runs first), per IP otherwise, per IP+email on login. */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const key = routeKeyOf(context.getClass(), context.getHandler());
    // Probes and scrapes of ops routes are not throttled; login is (strictly).
    return key !== null && !isThrottledRoute(key);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const actor = (req as RequestWithActor).actor;
    if (actor?.id) return `${actor.type}:${actor.id}`;
    const ip = String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
    return req.method === 'POST' && email && LOGIN_PATHS.includes(String(req.originalUrl ?? req.url).split('?')[0].replace(/\/+$/, '')) ? `ip:${ip}|email:${email}` : `ip:${ip}`;
  }
}
