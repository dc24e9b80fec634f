import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RequestWithActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AuthService } from './auth.service';
import { decide, isPublicRoute } from './permissions';
import { IS_PUBLIC } from './public.decorator';
import { routeKeyOf } from './route-key';

/**
 * The one global guard: authenticates (Bearer JWT or X-API-Key), sets req.actor, and
 * authorises from the PERMISSIONS table. A route missing from the table is denied to all; a
 * role that is `own` on a route may call it only for a complaint assigned to it, which the
 * change checks under the complaint's row lock (canWorkComplaint).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithActor>();
    const key = routeKeyOf(context.getClass(), context.getHandler());
    const markedPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (markedPublic || (key !== null && isPublicRoute(key))) return true;

    const actor = await this.auth.authenticate(req.headers);
    if (!actor) throw new AppException(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token> or X-API-Key: <key>');
    req.actor = actor;

    const decision = key === null ? 'unlisted' : decide(key, actor.role);
    // `own` (a role that may work only its own complaints) is checked by the change itself, under the complaint's row lock.
    if (decision === 'allow') return true;
    if (decision === 'unlisted') throw new AppException(ErrorCode.FORBIDDEN, `${key ?? 'This route'} is not in the permission table`);
    throw new AppException(ErrorCode.FORBIDDEN, `The ${actor.role} role may not call ${key}`);
  }
}
