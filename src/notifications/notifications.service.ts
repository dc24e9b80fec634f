import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination/cursor';
import { NotificationResponse } from './dto/notification.dto';
import { NotificationEntity } from './notification.entity';

export interface NotificationDraft {
  type: string;
  complaintId: string | null;
  title: string;
  data?: Record<string, unknown>;
}

export type RecipientLookup = (role: string, assigneeId: string | null) => string[];

/** Receives every notification once its transaction has committed (webhooks, SMS, …). */
export type NotificationSubscriber = (notification: NotificationResponse) => Promise<void>;

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly subscribers: NotificationSubscriber[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  subscribe(subscriber: NotificationSubscriber): void {
    this.subscribers.push(subscriber);
  }

  /**
   * Who hears of something, for many complaints at once: `assignee` is the assignee; a role is
   * its active users, except `supervisor`, which is the assignee's own supervisor when there is one.
   */
  async recipientDirectory(manager: EntityManager, roles: string[], assigneeIds: (string | null)[]): Promise<RecipientLookup> {
    const staffRoles = [...new Set(roles.filter((r) => r !== 'assignee'))];
    const byRole = new Map<string, string[]>();
    if (staffRoles.length) {
      const rows: { id: string; role: string }[] = await manager.query(
        `SELECT id, role FROM users WHERE active AND role = ANY($1) ORDER BY created_at LIMIT 5000`,
        [staffRoles],
      );
      for (const r of rows) byRole.set(r.role, [...(byRole.get(r.role) ?? []), r.id]);
    }
    const supervisorOf = new Map<string, string>();
    const assignees = [...new Set(assigneeIds.filter((id): id is string => id !== null))];
    if (staffRoles.includes('supervisor') && assignees.length) {
      const rows: { id: string; supervisor: string }[] = await manager.query(
        `SELECT u.id, s.id AS supervisor FROM users u JOIN users s ON s.id = u.supervisor_id AND s.active WHERE u.id = ANY($1)`,
        [assignees],
      );
      for (const r of rows) supervisorOf.set(r.id, r.supervisor);
    }
    return (role, assigneeId) => {
      if (role === 'assignee') return assigneeId ? [assigneeId] : [];
      const own = role === 'supervisor' && assigneeId ? supervisorOf.get(assigneeId) : undefined;
      return own ? [own] : (byRole.get(role) ?? []);
    };
  }

  async recipientsFor(manager: EntityManager, role: string, assigneeId: string | null): Promise<string[]> {
    return (await this.recipientDirectory(manager, [role], [assigneeId]))(role, assigneeId);
  }

  /** Writes one notification per recipient inside the caller's transaction. */
  notify(manager: EntityManager, recipientIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    return this.notifyMany(manager, [...new Set(recipientIds)].map((recipientId) => ({ recipientId, ...draft })));
  }

  /** Writes many notifications in one statement inside the caller's transaction. */
  async notifyMany(manager: EntityManager, drafts: (NotificationDraft & { recipientId: string })[]): Promise<NotificationEntity[]> {
    if (drafts.length === 0) return [];
    const rows = drafts.map((d) => manager.create(NotificationEntity, { ...d, data: d.data ?? {} }));
    return manager.save(NotificationEntity, rows);
  }

  /** Hands committed notifications to the outbound subscribers. */
  async publish(notifications: NotificationEntity[]): Promise<void> {
    for (const n of notifications) {
      for (const subscriber of this.subscribers) {
        await subscriber(NotificationResponse.from(n)).catch((error: Error) => this.logger.warn(`notification subscriber failed: ${error.message}`));
      }
    }
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
