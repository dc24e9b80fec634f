import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter';
import { AuthService } from './auth.service';
import { decide, matchConcretePath } from './permissions';

/**
 * Requests no Nest route matched get the same treatment as mapped ones before any 404:
 * no credentials → 401, a role the table does not allow on that path → 403. So nothing
 * answers without credentials except the ops routes, and route existence is not revealed.
 */
/** Nest's not-found handler runs without a route, or (Express 5) on a catch-all `/{*path}` layer. */
function isRouterNotFound(req: Request): boolean {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return path === undefined || String(path).includes('*');
}

@Catch(NotFoundException)
export class UnmatchedRouteFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly auth: AuthService) {}

  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    if (host.getType() !== 'http' || !isRouterNotFound(req)) return this.problems.catch(exception, host);
    void this.answer(exception, host, req);
  }

  private async answer(exception: NotFoundException, host: ArgumentsHost, req: Request): Promise<void> {
    let outcome: unknown = exception;
    try {
      const key = matchConcretePath(req.method, req.originalUrl ?? req.url);
      const decision = key ? decide(key, null) : 'unlisted';
      if (decision !== 'public') {
        const actor = await this.auth.authenticate(req.headers);
        if (!actor) outcome = new AppException(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token> or X-API-Key: <key>');
        else if (key && decide(key, actor.role) === 'forbidden') outcome = new AppException(ErrorCode.FORBIDDEN, `The ${actor.role} role may not call ${key}`);
      }
    } catch (error) {
      outcome = error;
    }
    if (!host.switchToHttp().getResponse<Response>().headersSent) this.problems.catch(outcome, host);
  }
}
