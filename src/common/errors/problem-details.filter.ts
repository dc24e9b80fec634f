import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { ERROR_STATUS, ERROR_TITLE, ErrorCode } from './error-code';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  422: ErrorCode.UNPROCESSABLE,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

export function problemFor(code: ErrorCode, detail: string, extras: Record<string, unknown> = {}): ProblemDetails {
  return {
    type: `https://errors.complaint-desk.dev/${code}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...extras,
  };
}

export function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  const requestId = (req as Request & { id?: string }).id;
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...problem, instance: req.originalUrl, requestId: requestId ? String(requestId) : undefined }));
}

/** Writes every error as application/problem+json; unknown errors become a 500 without internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    sendProblem(req, res, this.toProblem(exception));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof AppException) return problemFor(exception.code, exception.detail, exception.extras);
    if (exception instanceof ThrottlerException) return problemFor(ErrorCode.TOO_MANY_REQUESTS, 'Rate limit exceeded, retry later');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status];
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      if (code) return problemFor(code, message);
      return { type: 'about:blank', title: exception.message, status, detail: message, code: `http_${status}` };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { code?: string }).code;
      if (pgCode === '40001' || pgCode === '40P01') return problemFor(ErrorCode.CONFLICT, 'Concurrent change, retry the request');
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return problemFor(ErrorCode.INTERNAL, 'An unexpected error occurred');
  }
}

