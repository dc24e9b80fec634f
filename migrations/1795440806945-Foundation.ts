import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795440806945 implements MigrationInterface {
    name = 'Foundation1795440806945'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE SEQUENCE IF NOT EXISTS "complaint_reference_seq" AS bigint START 1`);
        await queryRunner.query(`CREATE TABLE "sla_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "match_severity" character varying(16), "match_customer_tier" character varying(16), "match_channel" character varying(16), "rank" integer NOT NULL, "calendar_id" uuid, "acknowledge_within_seconds" integer NOT NULL, "resolve_within_seconds" integer NOT NULL, "update_every_seconds" integer, "revisit_within_seconds" integer, "final_response_within_days" integer, "regulator_preset" character varying(40), "warn_at_ratio" double precision NOT NULL DEFAULT '0.75', "escalation" jsonb NOT NULL DEFAULT '[]', "notify_at_intake_role" character varying(16), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_41b6803cef982534243a67b6302" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_policies_active_rank" ON "sla_policies" ("active", "rank") `);
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(300) NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_expires_at" ON "idempotency_keys" ("expires_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_idempotency_keys_scope_key" ON "idempotency_keys" ("scope", "key") `);
        await queryRunner.query(`CREATE TABLE "customers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_ref" character varying(64) NOT NULL, "name" character varying(200), "phone" character varying(32), "tier" character varying(16) NOT NULL DEFAULT 'standard', "value_segment" character varying(1), "lifecycle_stage" character varying(16), "tenure_months" integer, "credit_grade" smallint, "churn_signals" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_customers_external_ref" ON "customers" ("external_ref") `);
        await queryRunner.query(`CREATE INDEX "ix_customers_tier_created_at" ON "customers" ("tier", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_customers_created_at_id" ON "customers" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "complaints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(32) NOT NULL, "customer_id" uuid NOT NULL, "channel" character varying(16) NOT NULL, "category" character varying(24) NOT NULL, "summary" character varying(200) NOT NULL, "description" text NOT NULL, "desired_outcome" character varying(2000), "severity" character varying(16) NOT NULL DEFAULT 'ordinary', "priority" character varying(2) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'new', "assignee_id" uuid, "intake_actor_type" character varying(16) NOT NULL, "intake_actor_id" uuid, "escalation_level" smallint NOT NULL DEFAULT '0', "repeat_of" uuid, "is_repeat" boolean NOT NULL DEFAULT false, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP(3) WITH TIME ZONE, "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "closed_at" TIMESTAMP(3) WITH TIME ZONE, "sla_policy_id" uuid, "acknowledge_by" TIMESTAMP(3) WITH TIME ZONE, "resolve_by" TIMESTAMP(3) WITH TIME ZONE, "sla_breached" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_4b7566a2a489c2cc7c12ed076ad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_complaints_reference" ON "complaints" ("reference") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_repeat_of" ON "complaints" ("repeat_of") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_escalation_created_at" ON "complaints" ("escalation_level", "created_at", "id") WHERE escalation_level > 0`);
        await queryRunner.query(`CREATE INDEX "ix_complaints_breached_created_at" ON "complaints" ("created_at", "id") WHERE sla_breached`);
        await queryRunner.query(`CREATE INDEX "ix_complaints_customer_category_received" ON "complaints" ("customer_id", "category", "received_at") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_assignee_created_at" ON "complaints" ("assignee_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_priority_created_at" ON "complaints" ("priority", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_severity_created_at" ON "complaints" ("severity", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_status_created_at" ON "complaints" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_complaints_created_at_id" ON "complaints" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "complaint_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "complaint_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(200), "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_e9979b3ca11620b323d58446a38" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_complaint_events_complaint_seq" ON "complaint_events" ("complaint_id", "seq") `);
        await queryRunner.query(`ALTER TABLE "complaints" ADD CONSTRAINT "fk_complaints_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "complaint_events" ADD CONSTRAINT "fk_complaint_events_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "complaint_events" DROP CONSTRAINT "fk_complaint_events_complaint"`);
        await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "fk_complaints_customer"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaint_events_complaint_seq"`);
        await queryRunner.query(`DROP TABLE "complaint_events"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_status_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_severity_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_priority_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_assignee_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_customer_category_received"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_breached_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_escalation_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_complaints_repeat_of"`);
        await queryRunner.query(`DROP INDEX "public"."uq_complaints_reference"`);
        await queryRunner.query(`DROP TABLE "complaints"`);
        await queryRunner.query(`DROP INDEX "public"."ix_customers_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_customers_tier_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."uq_customers_external_ref"`);
        await queryRunner.query(`DROP TABLE "customers"`);
        await queryRunner.query(`DROP INDEX "public"."uq_idempotency_keys_scope_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_expires_at"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_policies_active_rank"`);
        await queryRunner.query(`DROP TABLE "sla_policies"`);
        await queryRunner.query(`DROP SEQUENCE IF EXISTS "complaint_reference_seq"`);
    }

}
