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

  /** Active users of a role; for `supervisor`, the assignee's own supervisor when there is one. */
  async recipientsFor(manager: EntityManager, role: string, assigneeId: string | null): Promise<string[]> {
    if (role === 'assignee') return assigneeId ? [assigneeId] : [];
    if (role === 'supervisor' && assigneeId) {
      const [own]: { id: string }[] = await manager.query(
        `SELECT s.id FROM users u JOIN users s ON s.id = u.supervisor_id WHERE u.id = $1 AND s.active`,
        [assigneeId],
      );
      if (own) return [own.id];
    }
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE role = $1 AND active ORDER BY created_at LIMIT 500`, [role]);
    return rows.map((r) => r.id);
  }

  /** Writes one notification per recipient inside the caller's transaction. */
  async notify(manager: EntityManager, recipientIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    const unique = [...new Set(recipientIds)];
    if (unique.length === 0) return [];
    const rows = unique.map((recipientId) => manager.create(NotificationEntity, { recipientId, ...draft, data: draft.data ?? {} }));
    return manager.save(rows);
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
