import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { Actor, RequestWithActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { canWorkComplaint, notOwnComplaint } from '../complaints/complaint-access.policy';
import { ComplaintEntity } from '../complaints/complaint.entity';
import { AuthService } from './auth.service';
import { decide, isOwnComplaintsOnly, isPublicRoute } from './permissions';
import { IS_PUBLIC } from './public.decorator';
import { routeKeyOf } from './route-key';

/**
 * The one global guard: authenticates (Bearer JWT or X-API-Key), sets req.actor, and
 * authorises from the PERMISSIONS table. A route missing from the table is denied to all; a
 * role that is `own` on a route may call it only for a complaint (`:id`) assigned to it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    if (decision === 'allow') {
      if (isOwnComplaintsOnly(key!, actor.role)) await this.requireOwnComplaint(req.params?.id, actor, key!);
      return true;
    }
    if (decision === 'unlisted') throw new AppException(ErrorCode.FORBIDDEN, `${key ?? 'This route'} is not in the permission table`);
    throw new AppException(ErrorCode.FORBIDDEN, `The ${actor.role} role may not call ${key}`);
  }

  /**
   * 403 unless the complaint is assigned to the actor. A malformed id is left to the route's
   * pipe (400) and a missing complaint to the route (404).
   */
  private async requireOwnComplaint(id: unknown, actor: Actor, key: string): Promise<void> {
    if (typeof id !== 'string' || !isUUID(id)) return;
    const complaint = await this.dataSource.getRepository(ComplaintEntity).findOne({ where: { id }, select: { id: true, assigneeId: true } });
    if (complaint && !canWorkComplaint(actor, complaint, key)) throw new AppException(ErrorCode.FORBIDDEN, notOwnComplaint(actor));
  }
}
