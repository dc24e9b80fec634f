import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaClocks1795441557077 implements MigrationInterface {
    name = 'SlaClocks1795441557077'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "sla_clocks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(8) NOT NULL, "policy_id" uuid, "calendar_id" uuid, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "target_seconds" double precision NOT NULL, "paused_business_seconds" double precision NOT NULL DEFAULT '0', "paused_at" TIMESTAMP(3) WITH TIME ZONE, "stopped_at" TIMESTAMP(3) WITH TIME ZONE, "warn_at_ratio" double precision NOT NULL, "escalation" jsonb NOT NULL DEFAULT '[]', "due_at" TIMESTAMP(3) WITH TIME ZONE, "breached_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2dce3f4b73eb9cb02e3d81de5c9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_clocks_complaint" ON "sla_clocks" ("complaint_id", "started_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_clocks_open_kind" ON "sla_clocks" ("complaint_id", "kind") WHERE status <> 'stopped'`);
        await queryRunner.query(`CREATE TABLE "sla_firings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clock_id" uuid NOT NULL, "complaint_id" uuid NOT NULL, "firing" character varying(24) NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_e913f394398979132be15a78141" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_firings_complaint" ON "sla_firings" ("complaint_id") `);
        await queryRunner.query(`CREATE INDEX "ix_sla_firings_pending_due" ON "sla_firings" ("due_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_firings_clock_firing" ON "sla_firings" ("clock_id", "firing") `);
        await queryRunner.query(`CREATE TABLE "sla_clock_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "clock_id" uuid NOT NULL, "complaint_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "reason" character varying(300) NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_c7fec1a22b46f88a0fafa3ed70a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_clock_ledger_complaint_seq" ON "sla_clock_ledger" ("complaint_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "calendars" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "timezone" character varying(64) NOT NULL, "weekly_hours" jsonb NOT NULL, "holidays" text array NOT NULL DEFAULT '{}', "extra_working_days" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_90dc0330e8ec9028e23c290dee8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_calendars_created_at_id" ON "calendars" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "complaint_id" uuid, "title" character varying(300) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notifications_recipient_inbox" ON "notifications" ("recipient_id", "read_at", "created_at") `);
        await queryRunner.query(`ALTER TABLE "sla_clocks" ADD CONSTRAINT "fk_sla_clocks_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "sla_firings" ADD CONSTRAINT "fk_sla_firings_clock" FOREIGN KEY ("clock_id") REFERENCES "sla_clocks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "sla_clock_ledger" ADD CONSTRAINT "fk_sla_clock_ledger_clock" FOREIGN KEY ("clock_id") REFERENCES "sla_clocks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sla_clock_ledger" DROP CONSTRAINT "fk_sla_clock_ledger_clock"`);
        await queryRunner.query(`ALTER TABLE "sla_firings" DROP CONSTRAINT "fk_sla_firings_clock"`);
        await queryRunner.query(`ALTER TABLE "sla_clocks" DROP CONSTRAINT "fk_sla_clocks_complaint"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_recipient_inbox"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP INDEX "public"."ix_calendars_created_at_id"`);
        await queryRunner.query(`DROP TABLE "calendars"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_clock_ledger_complaint_seq"`);
        await queryRunner.query(`DROP TABLE "sla_clock_ledger"`);
        await queryRunner.query(`DROP INDEX "public"."uq_sla_firings_clock_firing"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_firings_pending_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_firings_complaint"`);
        await queryRunner.query(`DROP TABLE "sla_firings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_sla_clocks_open_kind"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_clocks_complaint"`);
        await queryRunner.query(`DROP TABLE "sla_clocks"`);
    }

}
