import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppException } from '../errors/app.exception';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&cursor=` of every list (stated explicitly: this file is not one the Swagger plugin reads). */
export class PageQueryDto {
  /** Page size, 1..200 (default 50). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size, 1..${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when absent`, example: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional({ maxLength: 500, description: 'The `nextCursor` of the previous page; absent for the first page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position: rows are ordered by (createdAt desc, id desc). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), id: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: string; id: string };
    const createdAt = new Date(parsed.t);
    if (Number.isNaN(createdAt.getTime()) || typeof parsed.id !== 'string') throw new Error('bad cursor');
    return { createdAt, id: parsed.id };
  } catch {
    throw AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
  }
}

/** Fetch `limit + 1` rows, then call this to cut the page and compute the next cursor. */
export function toPage<T extends KeysetPosition, R>(rows: T[], limit: number, map: (row: T) => R): Page<R> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(last) : null };
}

export class PageMetaDto {
  @ApiPropertyOptional({ nullable: true, description: 'Pass as ?cursor= to get the next page; null on the last page' })
  nextCursor: string | null;
}
