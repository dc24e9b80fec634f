import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination/cursor';
import { WriteBatch } from '../database/write-batch';
import { NotificationResponse } from './dto/notification.dto';
import { NotificationEntity } from './notification.entity';

export interface NotificationDraft {
  type: string;
  complaintId: string | null;
  title: string;
  data?: Record<string, unknown>;
}

/** Whom a complaint's notices go to: its assignee, and who took it in (the intake team). */
export interface NoticeTarget {
  assigneeId: string | null;
  intakeActorId: string | null;
}

export type RecipientLookup = (role: string, target: NoticeTarget) => string[];

interface DirectoryRow {
  id: string;
  role: string;
  active: boolean;
  supervisor_id: string | null;
}

/**
 * Owns notifications: the staff inbox. Written inside the change's transaction as part of its
 * write batch; read by each recipient.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Who hears of something, for many complaints at once, in one read:
   * - `assignee`: the assignee while active; otherwise the supervisors of the intake team;
   * - `supervisor`: the assignee's own active supervisor; otherwise the intake team's;
   * - any other role: its active users.
   * The intake team's supervisor is the active supervisor of the staff member who took the
   * complaint in (themselves when they are a supervisor); when there is none (an integration
   * took it in, or nobody is set), every active supervisor, or every manager if there are none.
   */
  async directory(tx: EntityManager, targets: NoticeTarget[], roles: string[]): Promise<RecipientLookup> {
    const people = [...new Set(targets.flatMap((t) => [t.assigneeId, t.intakeActorId]).filter((id): id is string => id !== null))];
    const staffRoles = [...new Set([...roles.filter((r) => r !== 'assignee'), 'supervisor', 'manager'])];
    const rows: DirectoryRow[] = await tx.query(
      `SELECT u.id, u.role, u.active, s.id AS supervisor_id
         FROM users u LEFT JOIN users s ON s.id = u.supervisor_id AND s.active
        WHERE u.id = ANY($1) OR (u.active AND u.role = ANY($2))
        ORDER BY u.created_at LIMIT 5000`,
      [people, staffRoles],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byRole = new Map<string, string[]>();
    for (const r of rows) if (r.active) byRole.set(r.role, [...(byRole.get(r.role) ?? []), r.id]);
    const everySupervisor = () => byRole.get('supervisor') ?? byRole.get('manager') ?? [];
    const intakeTeam = (t: NoticeTarget): string[] => {
      const actor = t.intakeActorId ? byId.get(t.intakeActorId) : undefined;
      if (actor?.supervisor_id) return [actor.supervisor_id];
      if (actor?.active && (actor.role === 'supervisor' || actor.role === 'manager')) return [actor.id];
      return everySupervisor();
    };
    return (role, t) => {
      const assignee = t.assigneeId ? byId.get(t.assigneeId) : undefined;
      if (role === 'assignee') return assignee?.active ? [assignee.id] : intakeTeam(t);
      if (role === 'supervisor') return assignee?.supervisor_id ? [assignee.supervisor_id] : intakeTeam(t);
      return byRole.get(role) ?? [];
    };
  }

  /** Notifications as a part of the change's write batch, one row per recipient. */
  insert(batch: WriteBatch, drafts: (NotificationDraft & { recipientId: string })[], at: Date): void {
    const unique = [...new Map(drafts.map((d) => [`${d.recipientId}|${d.type}|${d.complaintId}|${d.title}`, d])).values()];
    if (unique.length === 0) return;
    batch.add(
      (p) =>
        `INSERT INTO notifications (recipient_id, type, complaint_id, title, data, created_at)
         SELECT * FROM unnest(${p(unique.map((d) => d.recipientId))}::uuid[], ${p(unique.map((d) => d.type))}::varchar[], ${p(unique.map((d) => d.complaintId))}::uuid[],
                              ${p(unique.map((d) => d.title))}::varchar[], ${p(unique.map((d) => JSON.stringify(d.data ?? {})))}::jsonb[], ${p(unique.map(() => at))}::timestamptz[])`,
    );
  }

  /** One notification to every active user of a role, set-based (no read needed). */
  notifyRole(batch: WriteBatch, role: string, draft: NotificationDraft, at: Date): void {
    batch.add(
      (p) =>
        `INSERT INTO notifications (recipient_id, type, complaint_id, title, data, created_at)
         SELECT id, ${p(draft.type)}, ${p(draft.complaintId)}::uuid, ${p(draft.title)}, ${p(JSON.stringify(draft.data ?? {}))}::jsonb, ${p(at)}
           FROM users WHERE active AND role = ${p(role)}`,
    );
  }

  /** The caller's inbox: unread first, newest first within each group. */
  async inbox(recipientId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string, unreadOnly = false): Promise<Page<NotificationResponse>> {
    const offset = cursor ? Number(cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw AppException.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
    const qb = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.recipientId = :recipientId', { recipientId });
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    const rows = await qb
      .orderBy('n.readAt', 'DESC', 'NULLS FIRST')
      .addOrderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .offset(offset)
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return { items: page.map(NotificationResponse.from), nextCursor: rows.length > limit ? String(offset + limit) : null };
  }

  async markRead(recipientId: string, id: string): Promise<NotificationResponse> {
    const row = await this.dataSource.getRepository(NotificationEntity).findOneBy({ id, recipientId });
    if (!row) throw AppException.notFound('Notification', id);
    if (!row.readAt) {
      row.readAt = new Date();
      await this.dataSource.getRepository(NotificationEntity).update({ id }, { readAt: row.readAt });
    }
    return NotificationResponse.from(row);
  }
}
