import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Actor, RequestWithActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AuthService } from './auth.service';
import { decide, isPublicRoute, permissionFor } from './permissions';
import { readSessionCookie, requestOrigin } from './staff-session.middleware';
import { StaffSessionService } from './staff-session.service';
import { IS_PUBLIC } from './public.decorator';
import { routeKeyOf } from './route-key';

/**
 * The one global guard: authenticates (Bearer JWT or X-API-Key; the staff session cookie only
 * on the GET routes the table marks `sessionCookie`), sets req.actor, and
 * authorises from the PERMISSIONS table. A route missing from the table is denied to all; a
 * role that is `own` on a route may call it only for a complaint assigned to it, which the
 * change checks under the complaint's row lock (canWorkComplaint).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly sessions: StaffSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithActor>();
    const key = routeKeyOf(context.getClass(), context.getHandler());
    const markedPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (markedPublic || (key !== null && isPublicRoute(key))) return true;

    const actor = (await this.auth.authenticate(req.headers)) ?? (key !== null ? await this.sessionActor(req, key) : null);
    if (!actor) throw new AppException(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token> or X-API-Key: <key>');
    req.actor = actor;

    const decision = key === null ? 'unlisted' : decide(key, actor.role);
    // `own` (a role that may work only its own complaints) is checked by the change itself, under the complaint's row lock.
    if (decision === 'allow') return true;
    if (decision === 'unlisted') throw new AppException(ErrorCode.FORBIDDEN, `${key ?? 'This route'} is not in the permission table`);
    throw new AppException(ErrorCode.FORBIDDEN, `The ${actor.role} role may not call ${key}`);
  }

  /**
   * The staff session cookie, for the GET routes the table marks `sessionCookie` (the reports
   * page's reads) and only when the request has no Authorization or X-API-Key header and names
   * no foreign origin. Every other route ignores cookies.
   */
  private async sessionActor(req: Request, key: string): Promise<Actor | null> {
    if (req.method !== 'GET' || !permissionFor(key)?.sessionCookie) return null;
    if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) return null;
    if (requestOrigin(req) === 'cross') return null;
    const token = readSessionCookie(req);
    return token === undefined ? null : this.sessions.verify(token);
  }
}
