import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { ErrorCode } from '../errors/error-code';
import { problemFor, sendProblem } from '../errors/problem-details.filter';

/**
 * JSON body parsing whose failures (malformed JSON, too large, wrong charset) become
 * problem+json responses instead of the framework's default HTML error page.
 */
export function jsonBodyParser(limit = '1mb'): RequestHandler {
  const parse = json({ limit, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const err = error as { type?: string; status?: number; message?: string };
      if (err.type === 'entity.too.large') return sendProblem(req, res, problemFor(ErrorCode.PAYLOAD_TOO_LARGE, `The body exceeds ${limit}`));
      return sendProblem(
        req,
        res,
        problemFor(ErrorCode.MALFORMED_JSON, err.message ?? 'Malformed JSON', { errors: [{ field: 'body', message: err.message ?? 'malformed JSON' }] }),
      );
    });
}
