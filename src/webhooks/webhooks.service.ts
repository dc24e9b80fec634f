import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, encodeCursor, Page } from '../common/pagination/cursor';
import { AppConfig } from '../config/app-config';
import { CreatedWebhookResponse, CreateWebhookDto, DeliveryResponse, WebhookResponse } from './dto/webhook.dto';
import { resolveTarget, TargetRefused } from './target-guard';
import { WebhookEntity } from './webhook.entity';
import { generateSecret, sealSecret, secretEncryptionKey } from './webhook-secret';
import { WebhookWakeups } from './webhook-wakeups';

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  complaint_id: string;
  sequence: number;
  status: DeliveryResponse['status'];
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
  attempt_list: { attempt: number; at: string; statusCode: number | null; latencyMs: number; error: string | null }[];
}

/** A delivery with its attempts (json), one query for a page. */
const DELIVERY_SELECT = `SELECT d.id, d.event_id, d.event_type, d.complaint_id, d.sequence, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at,
              COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code, 'latencyMs', a.latency_ms, 'error', a.error) ORDER BY a.attempt)
                          FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempt_list
         FROM webhook_deliveries d`;

/** Owns webhooks, webhook_deliveries and webhook_delivery_attempts: registration and what admins read. */
@Injectable()
export class WebhooksService {
  private readonly sealKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly wakeups: WebhookWakeups,
  ) {
    this.sealKey = secretEncryptionKey(config.get('WEBHOOK_SECRET_KEY') || config.get('JWT_SECRET'));
  }

  get encryptionKey(): Buffer {
    return this.sealKey;
  }

  async register(dto: CreateWebhookDto, actor: Actor): Promise<CreatedWebhookResponse> {
    try {
      await resolveTarget(dto.url, this.config.get('WEBHOOK_ALLOW_PRIVATE_TARGETS'));
    } catch (error) {
      if (error instanceof TargetRefused) throw AppException.validation([{ field: 'url', message: error.message }]);
      throw error;
    }
    const secret = dto.secret ?? generateSecret();
    const row = await this.dataSource.getRepository(WebhookEntity).save({
      url: dto.url,
      events: dto.events,
      secretSealed: sealSecret(secret, this.sealKey),
      active: true,
      createdBy: actor.type === 'user' ? actor.id : null,
    });
    return { ...WebhooksService.toResponse(row), secret };
  }

  async list(limit: number, cursor?: string): Promise<Page<WebhookResponse>> {
    const after = decodeCursor(cursor);
    const rows = await this.dataSource
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .where(after ? '(w.createdAt, w.id) < (:t, :id)' : 'TRUE', after ? { t: after.createdAt, id: after.id } : {})
      .orderBy('w.createdAt', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(WebhooksService.toResponse), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Removes the webhook with its deliveries; nothing more is sent to it. */
  async remove(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(WebhookEntity).delete({ id });
    if (!result.affected) throw AppException.notFound('Webhook', id);
  }

  /** The webhook's deliveries, newest first, each with its attempts. */
  async deliveries(webhookId: string, limit: number, cursor?: string): Promise<Page<DeliveryResponse>> {
    await this.require(webhookId);
    const after = decodeCursor(cursor);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `${DELIVERY_SELECT}
        WHERE d.webhook_id = $1 ${after ? 'AND (d.created_at, d.id) < ($3, $4)' : ''}
        ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      after ? [webhookId, limit + 1, after.createdAt, after.id] : [webhookId, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(WebhooksService.deliveryResponse),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
    };
  }

  /**
   * Sends a delivery again, now (a pending one at once; a succeeded or given-up one as a new
   * round of attempts under the same event id). It keeps its place in its complaint's order.
   */
  async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryResponse> {
    const webhook = await this.require(webhookId);
    if (!webhook.active) throw new AppException(ErrorCode.CONFLICT, `Webhook ${webhookId} is disabled: ${webhook.disabledReason ?? 'disabled'}; register it again to resume deliveries`);
    const now = new Date();
    const [rows]: [{ attempts: number }[], number] = await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, first_attempt_at = NULL, leased_until = NULL, delivered_at = NULL
        WHERE id = $1 AND webhook_id = $2 AND (leased_until IS NULL OR leased_until < $3)
        RETURNING attempts`,
      [deliveryId, webhookId, now],
    );
    if (rows.length === 0) {
      const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2`, [deliveryId, webhookId]);
      if (exists.length === 0) throw AppException.notFound('Delivery', deliveryId);
      throw new AppException(ErrorCode.CONFLICT, 'This delivery is being sent right now; try again in a few seconds');
    }
    await this.wakeups.wake([{ deliveryId, attempts: rows[0].attempts, at: now, tag: `r${randomUUID().slice(0, 8)}` }]);
    const page = await this.dataSource.query(
      `${DELIVERY_SELECT} WHERE d.id = $1`,
      [deliveryId],
    );
    return WebhooksService.deliveryResponse(page[0]);
  }

  private async require(id: string): Promise<WebhookEntity> {
    const row = await this.dataSource.getRepository(WebhookEntity).findOneBy({ id });
    if (!row) throw AppException.notFound('Webhook', id);
    return row;
  }

  static toResponse(w: WebhookEntity): WebhookResponse {
    return {
      id: w.id,
      url: w.url,
      events: w.events,
      active: w.active,
      disabledAt: w.disabledAt ? w.disabledAt.toISOString() : null,
      disabledReason: w.disabledReason,
      createdAt: w.createdAt.toISOString(),
    };
  }

  private static deliveryResponse(r: DeliveryRow): DeliveryResponse {
    return {
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      complaintId: r.complaint_id,
      sequence: r.sequence,
      status: r.status,
      attemptCount: r.attempts,
      nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
      createdAt: new Date(r.created_at).toISOString(),
      attempts: r.attempt_list.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    };
  }
}
