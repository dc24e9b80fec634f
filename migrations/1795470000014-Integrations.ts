import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrations (issue 14): the transactional outbox of domain events (stable id, per-complaint
 * sequence, relayed_at), webhooks with sealed signing secrets, their deliveries (the truth of
 * what is still to be sent, ordered per complaint) and each delivery attempt; and the indexes of
 * the complaint list's look-ups and filters (issue 15 item 8): phone, takenInBy, category,
 * channel, the last customer-visible note, and open complaints by their next deadline.
 */

export class Integrations1795470000014 implements MigrationInterface {
    name = 'Integrations1795470000014'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" character varying(2000) NOT NULL, "events" text array NOT NULL, "secret_sealed" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "disabled_reason" character varying(500), "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhooks" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_webhooks_created_at_id" ON "webhooks" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "complaint_id" uuid NOT NULL, "sequence" integer NOT NULL, "type" character varying(48) NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "pk_outbox_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_events_unrelayed" ON "outbox_events" ("position") WHERE relayed_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_events_complaint_sequence" ON "outbox_events" ("complaint_id", "sequence") `);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" character varying(48) NOT NULL, "complaint_id" uuid NOT NULL, "sequence" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "leased_until" TIMESTAMP(3) WITH TIME ZONE, "first_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_event" ON "webhook_deliveries" ("event_id") `);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_webhook_created" ON "webhook_deliveries" ("webhook_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_lane_pending" ON "webhook_deliveries" ("webhook_id", "complaint_id", "sequence") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_webhook_event" ON "webhook_deliveries" ("webhook_id", "event_id") `);
        await queryRunner.query(`CREATE TABLE "webhook_delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status_code" integer, "latency_ms" integer NOT NULL, "error" character varying(500), CONSTRAINT "pk_webhook_delivery_attempts" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_delivery_attempts_delivery_attempt" ON "webhook_delivery_attempts" ("delivery_id", "attempt") `);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "fk_webhook_delivery_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "ix_customers_phone" ON "customers" ("phone") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_channel_created_at" ON "complaints" ("channel", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_category_created_at" ON "complaints" ("category", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_intake_actor_created_at" ON "complaints" ("intake_actor_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaint_events_customer_notes" ON "complaint_events" ("complaint_id", "seq") WHERE type = 'note_added' AND (data ->> 'visibility') = 'customer'`);
        // NEXT_DUE_SQL of src/complaints/complaint-list-order.ts, over the open statuses (declared on the entity with synchronize: false).
        await queryRunner.query(
            `CREATE INDEX "ix_complaints_open_next_due" ON "complaints" ((COALESCE(CASE WHEN status = 'new' THEN acknowledge_by ELSE resolve_by END, 'infinity'::timestamptz)), "id")
              WHERE status IN ('new', 'acknowledged', 'in_progress', 'pending_customer')`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_open_next_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaint_events_customer_notes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_intake_actor_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_category_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_channel_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_customers_phone"`);
        await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "fk_webhook_delivery_attempts_delivery"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook"`);
        await queryRunner.query(`DROP INDEX "public"."uq_webhook_delivery_attempts_delivery_attempt"`);
        await queryRunner.query(`DROP TABLE "webhook_delivery_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_webhook_event"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_lane_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_webhook_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_event"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbox_events_complaint_sequence"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_unrelayed"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhooks_created_at_id"`);
        await queryRunner.query(`DROP TABLE "webhooks"`);
    }

}
