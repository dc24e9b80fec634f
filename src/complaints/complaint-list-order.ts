/**
 * Orders of the complaint list and their keyset cursors (pure). Each order is served by an
 * index: `-createdAt` / `createdAt` by ix_complaints_created_at_id (or the filter's own
 * `(filter, created_at, id)` index), `priority` by ix_complaints_priority_created_at, `dueAt` by
 * the partial expression index ix_complaints_open_next_due (open complaints only).
 */
import { AppException } from '../common/errors/app.exception';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { OPEN_STATUSES } from './status-machine';

export const COMPLAINT_SORTS = ['-createdAt', 'createdAt', 'priority', 'dueAt'] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

/**
 * A complaint's next deadline: its acknowledgement while new, else its resolution; none is
 * infinitely far. The expression of ix_complaints_open_next_due, spelled the same way.
 */
export const NEXT_DUE_SQL = `COALESCE(CASE WHEN c.status = 'new' THEN c.acknowledge_by ELSE c.resolve_by END, 'infinity'::timestamptz)`;
/** Literal, so that the planner can use the partial index whose predicate it is. */
export const OPEN_STATUS_SQL = `c.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export interface SortRow {
  id: string;
  createdAt: Date;
  priority: string;
  nextDue: Date | null;
}

interface Position {
  /** created_at (ISO), priority, or next due (ISO or 'infinity'), by order. */
  v: string;
  /** created_at (ISO) for `priority`. */
  t?: string;
  id: string;
}

export function orderBy(sort: ComplaintSort): string {
  switch (sort) {
    case '-createdAt':
      return 'c.created_at DESC, c.id DESC';
    case 'createdAt':
      return 'c.created_at ASC, c.id ASC';
    case 'priority':
      return 'c.priority ASC, c.created_at ASC, c.id ASC';
    case 'dueAt':
      return `${NEXT_DUE_SQL} ASC, c.id ASC`;
  }
}

export function encodeListCursor(sort: ComplaintSort, row: SortRow): string {
  if (sort === '-createdAt') return encodeCursor(row);
  const position: Position =
    sort === 'createdAt'
      ? { v: row.createdAt.toISOString(), id: row.id }
      : sort === 'priority'
        ? { v: row.priority, t: row.createdAt.toISOString(), id: row.id }
        : { v: row.nextDue && Number.isFinite(row.nextDue.getTime()) ? row.nextDue.toISOString() : 'infinity', id: row.id };
  return Buffer.from(JSON.stringify({ s: sort, ...position })).toString('base64url');
}

/** The keyset condition after the cursor's row, with its parameters added through `p`. */
export function afterCursor(sort: ComplaintSort, cursor: string | undefined, p: (value: unknown) => string): string | null {
  if (!cursor) return null;
  if (sort === '-createdAt') {
    const after = decodeCursor(cursor)!;
    return `(c.created_at, c.id) < (${p(after.createdAt)}, ${p(after.id)})`;
  }
  const position = parse(cursor, sort);
  switch (sort) {
    case 'createdAt':
      return `(c.created_at, c.id) > (${p(new Date(position.v))}, ${p(position.id)})`;
    case 'priority':
      return `(c.priority, c.created_at, c.id) > (${p(position.v)}, ${p(new Date(position.t!))}, ${p(position.id)})`;
    case 'dueAt':
      return `(${NEXT_DUE_SQL}, c.id) > (${p(position.v)}::timestamptz, ${p(position.id)})`;
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parse(cursor: string, sort: ComplaintSort): Position {
  const bad = () => AppException.validation([{ field: 'cursor', message: `cursor is not a cursor this API issued for sort=${sort}` }]);
  let parsed: Position & { s?: string };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!parsed || parsed.s !== sort || typeof parsed.v !== 'string' || typeof parsed.id !== 'string' || !UUID.test(parsed.id)) throw bad();
  const isTime = (v: string | undefined) => typeof v === 'string' && !Number.isNaN(new Date(v).getTime());
  if (sort === 'createdAt' && !isTime(parsed.v)) throw bad();
  if (sort === 'priority' && (!/^P[1-4]$/.test(parsed.v) || !isTime(parsed.t))) throw bad();
  if (sort === 'dueAt' && parsed.v !== 'infinity' && !isTime(parsed.v)) throw bad();
  return parsed;
}
