import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppException } from '../errors/app.exception';

/** Parses an If-Match header holding a resource version ("3", W/"3" or 3); undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw AppException.validation([{ field: 'If-Match', message: 'If-Match must be the resource version, e.g. "3"' }]);
  return Number(match[1]);
}

export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined =>
  parseIfMatch(ctx.switchToHttp().getRequest<Request>().header('if-match')),
);

export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined =>
  ctx.switchToHttp().getRequest<Request>().header('idempotency-key'),
);
