import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compensation: proposals with every move, their fulfilments (the state the fulfilment jobs
 * work from), approval limits per role and the settings row (currency, value of points),
 * team budgets per month. Money is bigint minor units. Seeds the limits of the brief: agent
 * 50, supervisor 500, manager 5,000 CNY a proposal (twice that per customer in 30 days),
 * admin unlimited; 1 point = 0.01 CNY.
 */
export class Compensation1795470000011 implements MigrationInterface {
    name = 'Compensation1795470000011'


    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "compensation_team_budgets" ("team_id" uuid NOT NULL, "month" date NOT NULL, "amount" bigint NOT NULL, "updated_by_id" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_compensation_team_budgets_month" CHECK (extract(day from "month") = 1), CONSTRAINT "chk_compensation_team_budgets_amount" CHECK ("amount" >= 0), CONSTRAINT "pk_compensation_team_budgets" PRIMARY KEY ("team_id", "month"))`);
        await queryRunner.query(`CREATE TABLE "compensation_settings" ("id" smallint NOT NULL, "currency" character varying(3) NOT NULL, "point_rate_points" integer NOT NULL, "point_rate_minor_units" bigint NOT NULL, "version" integer NOT NULL, "updated_by_id" uuid, "updated_by_name" character varying(200), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_compensation_settings_point_rate" CHECK ("point_rate_points" > 0 AND "point_rate_minor_units" >= 0), CONSTRAINT "chk_compensation_settings_single" CHECK ("id" = 1), CONSTRAINT "pk_compensation_settings" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "compensation_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "team_id" uuid, "customer_tier" character varying(16) NOT NULL, "type" character varying(24) NOT NULL, "amount" bigint, "currency" character varying(3), "points" bigint, "value" bigint NOT NULL, "value_currency" character varying(3) NOT NULL, "description" character varying(500) NOT NULL, "rationale" character varying(2000) NOT NULL, "needs" text array NOT NULL DEFAULT '{}', "status" character varying(24) NOT NULL, "required_approver_role" character varying(16), "rule_reasons" jsonb NOT NULL DEFAULT '[]', "proposed_by_type" character varying(16) NOT NULL, "proposed_by_id" uuid, "proposed_by_name" character varying(200), "proposed_by_role" character varying(16) NOT NULL, "decided_by_id" uuid, "decided_by_name" character varying(200), "decided_by_role" character varying(16), "decided_at" TIMESTAMP(3) WITH TIME ZONE, "decision_reason" character varying(2000), "approved_at" TIMESTAMP(3) WITH TIME ZONE, "offered_at" TIMESTAMP(3) WITH TIME ZONE, "customer_decided_at" TIMESTAMP(3) WITH TIME ZONE, "customer_decision_reason" character varying(2000), "fulfilled_at" TIMESTAMP(3) WITH TIME ZONE, "fulfilment_reference" character varying(200), "fulfilled_manually" boolean, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_compensation_proposals_amounts" CHECK (("amount" IS NULL OR "amount" > 0) AND ("points" IS NULL OR "points" > 0) AND "value" >= 0), CONSTRAINT "chk_compensation_proposals_type" CHECK ("type" IN ('bill_credit', 'refund', 'points', 'discount', 'value_added_service', 'gift')), CONSTRAINT "chk_compensation_proposals_status" CHECK ("status" IN ('pending_approval', 'approved', 'rejected', 'offered', 'accepted', 'declined', 'fulfilled', 'fulfilment_failed')), CONSTRAINT "pk_compensation_proposals" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_tier_type_decided" ON "compensation_proposals" ("customer_tier", "type") WHERE customer_decided_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_created" ON "compensation_proposals" ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_approved" ON "compensation_proposals" ("approved_at") WHERE team_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_status" ON "compensation_proposals" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_team_approved" ON "compensation_proposals" ("team_id", "approved_at") `);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_customer_approved" ON "compensation_proposals" ("customer_id", "approved_at") `);
        await queryRunner.query(`CREATE INDEX "ix_compensation_proposals_complaint" ON "compensation_proposals" ("complaint_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "compensation_fulfilments" ("proposal_id" uuid NOT NULL, "complaint_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "claimed_until" TIMESTAMP(3) WITH TIME ZONE, "last_error" character varying(500), "provider_reference" character varying(200), "completed_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_compensation_fulfilments_status" CHECK ("status" IN ('pending', 'succeeded', 'failed', 'manual')), CONSTRAINT "pk_compensation_fulfilments" PRIMARY KEY ("proposal_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_compensation_fulfilments_pending_due" ON "compensation_fulfilments" ("next_attempt_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE TABLE "approval_limits" ("role" character varying(16) NOT NULL, "max_per_proposal" bigint, "max_per_customer_30_days" bigint, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_approval_limits_non_negative" CHECK (("max_per_proposal" IS NULL OR "max_per_proposal" >= 0) AND ("max_per_customer_30_days" IS NULL OR "max_per_customer_30_days" >= 0)), CONSTRAINT "chk_approval_limits_role" CHECK ("role" IN ('agent', 'supervisor', 'manager', 'admin')), CONSTRAINT "pk_approval_limits" PRIMARY KEY ("role"))`);
        await queryRunner.query(`ALTER TABLE "compensation_team_budgets" ADD CONSTRAINT "fk_compensation_team_budgets_team" FOREIGN KEY ("team_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" ADD CONSTRAINT "fk_compensation_proposals_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" ADD CONSTRAINT "fk_compensation_proposals_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" ADD CONSTRAINT "fk_compensation_proposals_team" FOREIGN KEY ("team_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "compensation_fulfilments" ADD CONSTRAINT "fk_compensation_fulfilments_proposal" FOREIGN KEY ("proposal_id") REFERENCES "compensation_proposals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "compensation_settings" ("id", "currency", "point_rate_points", "point_rate_minor_units", "version") VALUES (1, 'CNY', 1, 1, 1)`);
        await queryRunner.query(`INSERT INTO "approval_limits" ("role", "max_per_proposal", "max_per_customer_30_days") VALUES ('agent', 5000, 10000), ('supervisor', 50000, 100000), ('manager', 500000, 1000000), ('admin', NULL, NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "compensation_fulfilments" DROP CONSTRAINT "fk_compensation_fulfilments_proposal"`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" DROP CONSTRAINT "fk_compensation_proposals_team"`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" DROP CONSTRAINT "fk_compensation_proposals_customer"`);
        await queryRunner.query(`ALTER TABLE "compensation_proposals" DROP CONSTRAINT "fk_compensation_proposals_complaint"`);
        await queryRunner.query(`ALTER TABLE "compensation_team_budgets" DROP CONSTRAINT "fk_compensation_team_budgets_team"`);
        await queryRunner.query(`DROP TABLE "approval_limits"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_fulfilments_pending_due"`);
        await queryRunner.query(`DROP TABLE "compensation_fulfilments"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_complaint"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_customer_approved"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_team_approved"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_approved"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_compensation_proposals_tier_type_decided"`);
        await queryRunner.query(`DROP TABLE "compensation_proposals"`);
        await queryRunner.query(`DROP TABLE "compensation_settings"`);
        await queryRunner.query(`DROP TABLE "compensation_team_budgets"`);
    }

}
