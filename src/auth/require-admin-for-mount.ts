import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { problemFor, sendProblem } from '../common/errors/problem-details.filter';
import { currentAuthService } from './auth.service';

/**
 * Express middleware for mounts outside Nest's router (bull-board at /admin/queues):
 * lets through only a Bearer token of an active admin. Uses the running app's AuthService.
 */
export function requireAdminForMount(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = currentAuthService();
    if (!auth) return sendProblem(req, res, problemFor(ErrorCode.UNAUTHENTICATED, 'The service is starting'));
    auth
      .authenticate({ authorization: req.headers.authorization })
      .then((actor) => {
        if (!actor) return sendProblem(req, res, problemFor(ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <token> of an admin'));
        if (actor.role !== 'admin') return sendProblem(req, res, problemFor(ErrorCode.FORBIDDEN, 'Only admins may open this'));
        next();
      })
      .catch((error: unknown) => {
        const problem = error instanceof AppException ? problemFor(error.code, error.detail) : problemFor(ErrorCode.INTERNAL, 'An unexpected error occurred');
        sendProblem(req, res, problem);
      });
  };
}
