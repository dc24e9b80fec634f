import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { isConnectionError } from './connection-errors';
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
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: ErrorCode.UNPROCESSABLE,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

export function problemFor(code: ErrorCode, detail: string, extras: Record<string, unknown> = {}): ProblemDetails {
  // Extras never overwrite the problem's own fields (an extra named `status` would change the HTTP status).
  return {
    ...extras,
    type: `https://errors.complaint-desk.dev/${code}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    detail,
    code,
  };
}

export function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  const requestId = (req as Request & { id?: string }).id;
  if (typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
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
      // Readiness (terminus): which dependency is down.
      if (status === 503 && typeof body === 'object' && body !== null && 'details' in body) {
        const checks = (body as { details: Record<string, { status: string }> }).details;
        const down = Object.entries(checks).filter(([, c]) => c.status !== 'up').map(([name]) => name);
        return problemFor(ErrorCode.SERVICE_UNAVAILABLE, `Not ready: ${down.join(', ')} down`, { checks, retryAfterSeconds: 5 });
      }
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      if (code) return problemFor(code, message);
      return { type: 'about:blank', title: exception.message, status, detail: message, code: `http_${status}` };
    }
    if (isConnectionError(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return problemFor(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; retry shortly', { retryAfterSeconds: 2 });
    }
    if (exception instanceof QueryFailedError) {
      const problem = databaseProblem(exception);
      // A 400 from the database means validation let a value through: worth a look.
      if (problem?.status === 400) this.logger.warn(`The database refused a value: ${exception.message}`);
      if (problem) return problem;
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return problemFor(ErrorCode.INTERNAL, 'An unexpected error occurred');
  }
}


/** What PostgreSQL reports beside its error code (node-postgres DatabaseError fields). */
interface PgErrorFields {
  code?: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

const camel = (column: string): string => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The API fields behind a constraint: from the detail `Key (external_ref)=(…) already exists`
 * (columns, snake_case to camelCase), else from the constraint name `uq_<table>_<column>`.
 */
export function constraintFields(error: PgErrorFields): string[] {
  const key = /^Key \((.+?)\)=\(/.exec(error.detail ?? '');
  if (key) {
    const columns = key[1].split(',').map((part) => /([a-z_][a-z0-9_]*)(?:::\w+)?\)*\s*$/i.exec(part.trim())?.[1]);
    if (columns.every(Boolean)) return columns.map((c) => camel(c!));
  }
  if (error.column) return [camel(error.column)];
  const name = error.constraint ?? '';
  const table = error.table ?? '';
  const prefix = [`uq_${table}_`, `fk_${table}_`, `chk_${table}_`].find((p) => name.startsWith(p));
  return prefix ? [camel(name.slice(prefix.length))] : [];
}

/**
 * Database refusals that are the caller's fault, as 4xx without SQL or values: a unique key
 * taken (23505) is 409 naming the field; a missing referenced row (23503) is 400; a value
 * PostgreSQL cannot store or compare (class 22: too long, malformed, out of range, NUL) or a
 * check / not-null refusal is 400; a serialization failure or deadlock is 409 "retry".
 */
export function databaseProblem(exception: QueryFailedError): ProblemDetails | null {
  const error = (exception.driverError ?? exception) as PgErrorFields;
  const code = error.code ?? (exception as QueryFailedError & { code?: string }).code;
  if (!code) return null;
  if (code === '40001' || code === '40P01') return problemFor(ErrorCode.CONFLICT, 'Concurrent change, retry the request');
  const fields = constraintFields(error);
  const named = (message: (field: string) => string) => fields.map((field) => ({ field, message: message(field) }));
  if (code === '23505') {
    const what = fields.length > 0 ? fields.join(', ') : 'key';
    return problemFor(ErrorCode.CONFLICT, `A record with this ${what} already exists`, { errors: named((f) => `${f} is already taken`) });
  }
  if (code === '23503') {
    if (/still referenced/.test(error.detail ?? '')) return problemFor(ErrorCode.CONFLICT, 'The record is still referenced by others');
    return invalidValue(named((f) => `${f} refers to a record that does not exist`), 'A referenced record does not exist');
  }
  if (code === '23502' || code === '23514') return invalidValue(named((f) => `${f} is not an allowed value`), 'A value is not allowed');
  if (code.startsWith('22')) return invalidValue(named((f) => `${f} cannot be stored`), 'A value is malformed, too long or out of range');
  return null;
}

function invalidValue(errors: { field: string; message: string }[], detail: string): ProblemDetails {
  return problemFor(ErrorCode.VALIDATION_FAILED, errors.length > 0 ? errors.map((e) => e.message).join('; ') : detail, { errors });
}
