import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { WriteBatch } from '../../database/write-batch';
import { OutboxService, UnrelayedEvent } from '../../outbox/outbox.service';
import { DeliveryWakeup, WebhookWakeups } from '../webhook-wakeups';

/** One relay at a time over all processes: it keeps the deliveries of a complaint in the order of its events. */
const RELAY_LOCK = 72_140_001;
const RELAY_BATCH = 500;
const RECONCILE_LIMIT = 5000;

export interface PlannedDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  complaintId: string;
  sequence: number;
}

/** Which webhooks get which events (pure): every active webhook subscribed to the event's type. */
export function planDeliveries(events: UnrelayedEvent[], webhooks: { id: string; events: string[] }[], newId: () => string = randomUUID): PlannedDelivery[] {
  return events.flatMap((e) =>
    webhooks.filter((w) => w.events.includes(e.type)).map((w) => ({ id: newId(), webhookId: w.id, eventId: e.id, eventType: e.type, complaintId: e.complaintId, sequence: e.sequence })),
  );
}

/** The first planned delivery of each lane (webhook × complaint): the one to wake now; the others follow it. */
export function laneHeads(planned: PlannedDelivery[]): PlannedDelivery[] {
  const heads = new Map<string, PlannedDelivery>();
  for (const d of planned) {
    const lane = `${d.webhookId}|${d.complaintId}`;
    const head = heads.get(lane);
    if (!head || d.sequence < head.sequence) heads.set(lane, d);
  }
  return [...heads.values()];
}

/**
 * The relay, in the workers: turns outbox events into deliveries, in order. Each worker polls
 * every WEBHOOK_RELAY_POLL_MS with one probe of the outbox's partial index (nothing in the
 * request path waits on Redis or on the relay); when events wait, it takes the relay lock (a
 * transaction-scoped advisory lock, so two relays never interleave), reads up to 500 unrelayed
 * events in insertion order, writes one delivery per subscribed active webhook and marks the
 * events relayed in one statement, commits, then wakes the head of each lane. A crash before
 * the commit leaves the events unrelayed; after it, the deliveries are in PostgreSQL and the
 * reconciler (every WEBHOOK_RECONCILE_SECONDS) wakes whatever Redis lost.
 */
@Injectable()
export class WebhookRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRelayService.name);
  private pollTimer?: NodeJS.Timeout;
  private reconcileTimer?: NodeJS.Timeout;
  private relaying: Promise<number> | null = null;
  private reconciling: Promise<number> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly wakeups: WebhookWakeups,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(() => void this.relay(), this.config.get('WEBHOOK_RELAY_POLL_MS'));
    this.pollTimer.unref();
    void this.reconcile();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.get('WEBHOOK_RECONCILE_SECONDS') * 1000);
    this.reconcileTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.reconcileTimer);
    await Promise.all([this.relaying?.catch(() => 0), this.reconciling?.catch(() => 0)]);
  }

  /** Relays everything waiting; overlapping calls in one process share the pass. Returns the events relayed. */
  relay(): Promise<number> {
    if (!this.relaying) {
      this.relaying = this.relayAll()
        .catch((error: Error) => {
          this.logger.warn(`relay failed, retried at the next poll: ${error.message}`);
          return 0;
        })
        .finally(() => (this.relaying = null));
    }
    return this.relaying;
  }

  private async relayAll(): Promise<number> {
    if (this.stopped || !(await this.outbox.hasUnrelayed())) return 0;
    let total = 0;
    for (;;) {
      const { relayed, heads } = await this.relayBatch();
      total += relayed;
      await this.wakeups.wake(heads.map((d) => ({ deliveryId: d.id, attempts: 0, at: new Date() })));
      if (relayed < RELAY_BATCH || this.stopped) return total;
    }
  }

  private relayBatch(): Promise<{ relayed: number; heads: PlannedDelivery[] }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [RELAY_LOCK]);
      const events = await this.outbox.unrelayed(tx, RELAY_BATCH);
      if (events.length === 0) return { relayed: 0, heads: [] };
      const webhooks: { id: string; events: string[] }[] = await tx.query(`SELECT id, events FROM webhooks WHERE active`);
      const planned = planDeliveries(events, webhooks);
      const now = new Date();
      const batch = new WriteBatch();
      if (planned.length > 0) {
        batch.add(
          (p) =>
            `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, complaint_id, sequence, status, attempts, next_attempt_at, created_at)
             SELECT x.id, x.webhook_id, x.event_id, x.event_type, x.complaint_id, x.sequence, 'pending', 0, ${p(now)}, ${p(now)}
               FROM unnest(${p(planned.map((d) => d.id))}::uuid[], ${p(planned.map((d) => d.webhookId))}::uuid[], ${p(planned.map((d) => d.eventId))}::uuid[],
                           ${p(planned.map((d) => d.eventType))}::varchar[], ${p(planned.map((d) => d.complaintId))}::uuid[], ${p(planned.map((d) => d.sequence))}::int[])
                    AS x(id, webhook_id, event_id, event_type, complaint_id, sequence)
             ON CONFLICT (webhook_id, event_id) DO NOTHING`,
        );
      }
      this.outbox.markRelayed(batch, events.map((e) => e.id), now);
      await batch.flush(tx);
      return { relayed: events.length, heads: laneHeads(planned) };
    });
  }

  /**
   * Puts back the wake-ups Redis lost (a flush, a restart without persistence) or a crashed
   * worker left (an expired lease): the head of every lane with a pending delivery is woken at
   * its next attempt; job ids are deterministic, so a wake-up Redis still holds is not doubled.
   */
  reconcile(): Promise<number> {
    if (!this.reconciling) {
      this.reconciling = this.reconcilePass()
        .catch((error: Error) => {
          this.logger.warn(`webhook reconcile failed: ${error.message}`);
          return 0;
        })
        .finally(() => (this.reconciling = null));
    }
    return this.reconciling;
  }

  private async reconcilePass(): Promise<number> {
    await this.relay();
    const heads: { id: string; attempts: number; next_attempt_at: Date; leased_until: Date | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (d.webhook_id, d.complaint_id) d.id, d.attempts, d.next_attempt_at, d.leased_until
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active
        WHERE d.status = 'pending'
        ORDER BY d.webhook_id, d.complaint_id, d.sequence
        LIMIT $1`,
      [RECONCILE_LIMIT],
    );
    const now = Date.now();
    const wake: DeliveryWakeup[] = heads
      .filter((h) => !h.leased_until || new Date(h.leased_until).getTime() < now)
      .map((h) => ({ deliveryId: h.id, attempts: h.attempts, at: new Date(h.next_attempt_at) }));
    await this.wakeups.wake(wake);
    return wake.length;
  }
}
