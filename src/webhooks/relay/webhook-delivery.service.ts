import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { WriteBatch } from '../../database/write-batch';
import { NotificationsService } from '../../notifications/notifications.service';
import { afterFailure } from '../delivery-schedule';
import { messageBody, signedHeaders } from '../webhook-message';
import { openSecret } from '../webhook-secret';
import { WebhookSender } from '../webhook-sender';
import { WebhookWakeups } from '../webhook-wakeups';
import { WebhooksService } from '../webhooks.service';

/** A worker holds a claimed attempt this long (the 10 s send plus margin); after it another may take the delivery. */
const LEASE_SECONDS = 30;

interface ClaimedRow {
  id: string;
  webhook_id: string;
  complaint_id: string;
  sequence: number;
  attempts: number;
  first_attempt_at: Date;
  url: string;
  secret_sealed: string;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  reference: string | null;
  customer_id: string | null;
}

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'gave_up';

/**
 * One attempt of one delivery. The claim is one conditional UPDATE: the delivery is pending and
 * due, nobody holds it, its webhook is active, and no earlier event of the same complaint is
 * still pending for that webhook (order per complaint: a failing earlier event holds back the
 * later ones of that complaint only). The claim counts the attempt and leases the delivery, so
 * two workers woken for the same attempt send it once. No transaction is held while sending.
 * The outcome is one statement: the attempt row, the delivery's new state and, after 24 h of
 * failures, the webhook disabled and the admins notified.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly sender: WebhookSender,
    private readonly wakeups: WebhookWakeups,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  async attempt(deliveryId: string): Promise<AttemptOutcome> {
    const [row]: ClaimedRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, leased_until = now() + make_interval(secs => $2), first_attempt_at = COALESCE(d.first_attempt_at, now())
          WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now() + interval '1 second'
            AND (d.leased_until IS NULL OR d.leased_until < now())
            AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.active)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                             WHERE e.webhook_id = d.webhook_id AND e.complaint_id = d.complaint_id AND e.status = 'pending' AND e.sequence < d.sequence)
          RETURNING d.id, d.webhook_id, d.complaint_id, d.sequence, d.attempts, d.first_attempt_at, d.event_id)
       SELECT c.*, w.url, w.secret_sealed, o.type, o.payload, o.occurred_at, cm.reference, cm.customer_id
         FROM claimed c
         JOIN webhooks w ON w.id = c.webhook_id
         JOIN outbox_events o ON o.id = c.event_id
         LEFT JOIN complaints cm ON cm.id = c.complaint_id`,
      [deliveryId, LEASE_SECONDS],
    );
    if (!row) return 'skipped';

    const body = messageBody({
      eventId: row.event_id,
      type: row.type,
      occurredAt: new Date(row.occurred_at),
      complaintId: row.complaint_id,
      reference: row.reference,
      customerId: row.customer_id,
      sequence: row.sequence,
      payload: row.payload,
    });
    const result = await this.sender.post(row.url, signedHeaders(openSecret(row.secret_sealed, this.webhooks.encryptionKey), row.event_id, body, new Date()), body, this.config.get('WEBHOOK_ALLOW_PRIVATE_TARGETS'));
    const now = new Date();
    const outcome = result.ok ? null : afterFailure(row.attempts, new Date(row.first_attempt_at), now);

    const batch = new WriteBatch();
    batch.add(
      (p) =>
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, at, status_code, latency_ms, error)
         VALUES (${p(row.id)}, ${p(row.attempts)}, ${p(now)}, ${p(result.statusCode)}, ${p(result.latencyMs)}, ${p(result.error)})`,
    );
    if (result.ok) {
      batch.add((p) => `UPDATE webhook_deliveries SET status = 'succeeded', delivered_at = ${p(now)}, leased_until = NULL WHERE id = ${p(row.id)} AND attempts = ${p(row.attempts)}`);
    } else if (outcome && !outcome.giveUp) {
      batch.add((p) => `UPDATE webhook_deliveries SET next_attempt_at = ${p(outcome.nextAttemptAt)}, leased_until = NULL WHERE id = ${p(row.id)} AND attempts = ${p(row.attempts)}`);
    } else {
      const reason = `delivery of ${row.type} (event ${row.event_id}) failed for 24 h: ${result.error ?? 'no answer'}`.slice(0, 500);
      batch.add((p) => `UPDATE webhook_deliveries SET status = 'failed', leased_until = NULL WHERE id = ${p(row.id)} AND attempts = ${p(row.attempts)}`);
      batch.add((p) => `UPDATE webhooks SET active = false, disabled_at = ${p(now)}, disabled_reason = ${p(reason)} WHERE id = ${p(row.webhook_id)} AND active`);
      this.notifications.notifyRole(batch, 'admin', { type: 'webhook_disabled', complaintId: null, title: `Webhook ${row.url} disabled`, data: { webhookId: row.webhook_id, reason } }, now);
    }
    await batch.flush(this.dataSource.manager);

    if (result.ok) {
      // The next event of this complaint for this webhook may go now.
      const [next]: { id: string; attempts: number; next_attempt_at: Date }[] = await this.dataSource.query(
        `SELECT id, attempts, next_attempt_at FROM webhook_deliveries
          WHERE webhook_id = $1 AND complaint_id = $2 AND status = 'pending' ORDER BY sequence LIMIT 1`,
        [row.webhook_id, row.complaint_id],
      );
      if (next) await this.wakeups.wake([{ deliveryId: next.id, attempts: next.attempts, at: new Date(next.next_attempt_at), tag: `after-${row.id.slice(0, 8)}-${row.attempts}` }]);
      return 'succeeded';
    }
    if (outcome && !outcome.giveUp) {
      await this.wakeups.wake([{ deliveryId: row.id, attempts: row.attempts, at: outcome.nextAttemptAt }]);
      return 'retrying';
    }
    return 'gave_up';
  }
}
