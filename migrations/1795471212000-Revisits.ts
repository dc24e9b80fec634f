import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revisit callbacks after resolution (module src/revisits):
 * - revisits (the callback after a resolution, a second one for high tiers, and the contacts of
 *   recovery plans), their attempts, and detractors' recovery plans;
 * - per-policy revisit settings on sla_policies (window to reach the customer, assignment,
 *   retry delays and count, second revisit tiers and delay, recovery contact interval);
 * - on customers: preferred contact time, and the flag a wrong-number callback sets on the phone.
 */
export class Revisits1795471212000 implements MigrationInterface {
  name = 'Revisits1795471212000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "revisit_reach_within_seconds" integer`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "revisit_assign_to" character varying(16) NOT NULL DEFAULT 'first_contact'`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "revisit_retry_delays" jsonb NOT NULL DEFAULT '["2h", "next_working_day", "2d"]'`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "revisit_max_attempts" smallint NOT NULL DEFAULT '4'`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "second_revisit_tiers" text array NOT NULL DEFAULT '{diamond,platinum}'`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "second_revisit_after_seconds" integer`);
    await queryRunner.query(`ALTER TABLE "sla_policies" ADD "recovery_contact_every_days" smallint NOT NULL DEFAULT '30'`);

    await queryRunner.query(`ALTER TABLE "customers" ADD "preferred_contact_time" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "customers" ADD "phone_flagged_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "customers" ADD "phone_flag_reason" character varying(300)`);

    await queryRunner.query(
      `CREATE TABLE "recovery_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "origin_complaint_id" uuid NOT NULL, "origin_revisit_id" uuid NOT NULL,
        "status" character varying(16) NOT NULL, "start_nps" smallint NOT NULL, "last_nps" smallint NOT NULL, "contact_every_days" smallint NOT NULL,
        "next_contact_at" TIMESTAMP(3) WITH TIME ZONE, "contact_count" smallint NOT NULL DEFAULT '0', "ended_at" TIMESTAMP(3) WITH TIME ZONE, "end_reason" character varying(1000),
        "ended_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL,
        CONSTRAINT "pk_recovery_plans" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_recovery_plans_active_customer" ON "recovery_plans" ("customer_id") WHERE status = 'active'`);
    await queryRunner.query(`CREATE INDEX "ix_recovery_plans_customer" ON "recovery_plans" ("customer_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_recovery_plans_status" ON "recovery_plans" ("status", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_recovery_plans_origin_revisit" ON "recovery_plans" ("origin_revisit_id") `);

    await queryRunner.query(
      `CREATE TABLE "revisits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "kind" character varying(16) NOT NULL,
        "round" smallint NOT NULL, "recovery_plan_id" uuid, "status" character varying(16) NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "clock_id" uuid, "assignee_id" uuid,
        "customer_tier" character varying(16) NOT NULL, "tier_rank" smallint NOT NULL, "resolution_note" character varying(2000), "remedy" character varying(500),
        "attempt_count" smallint NOT NULL DEFAULT '0', "last_outcome" character varying(16), "satisfied" boolean, "csat" smallint, "nps" smallint,
        "ended_at" TIMESTAMP(3) WITH TIME ZONE, "ended_reason" character varying(300), "reopened" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL,
        CONSTRAINT "pk_revisits" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_revisits_complaint" ON "revisits" ("complaint_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_revisits_worklist" ON "revisits" ("status", "due_at", "tier_rank", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_revisits_assignee_worklist" ON "revisits" ("assignee_id", "status", "due_at", "tier_rank", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_revisits_plan" ON "revisits" ("recovery_plan_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_revisits_created_at" ON "revisits" ("created_at") `);

    await queryRunner.query(
      `CREATE TABLE "revisit_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "revisit_id" uuid NOT NULL, "seq" smallint NOT NULL, "outcome" character varying(16) NOT NULL,
        "satisfied" boolean, "csat" smallint, "nps" smallint, "comment" character varying(2000), "next_due_at" TIMESTAMP(3) WITH TIME ZONE,
        "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(200), "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_revisit_attempts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_revisit_attempts_revisit_seq" ON "revisit_attempts" ("revisit_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_revisit_attempts_at" ON "revisit_attempts" ("at") `);

    await queryRunner.query(`ALTER TABLE "recovery_plans" ADD CONSTRAINT "fk_recovery_plans_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recovery_plans" ADD CONSTRAINT "fk_recovery_plans_complaint" FOREIGN KEY ("origin_complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisits" ADD CONSTRAINT "fk_revisits_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisits" ADD CONSTRAINT "fk_revisits_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisits" ADD CONSTRAINT "fk_revisits_recovery_plan" FOREIGN KEY ("recovery_plan_id") REFERENCES "recovery_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisits" ADD CONSTRAINT "fk_revisits_clock" FOREIGN KEY ("clock_id") REFERENCES "sla_clocks"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisits" ADD CONSTRAINT "fk_revisits_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revisit_attempts" ADD CONSTRAINT "fk_revisit_attempts_revisit" FOREIGN KEY ("revisit_id") REFERENCES "revisits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "revisit_attempts"`);
    await queryRunner.query(`DROP TABLE "revisits"`);
    await queryRunner.query(`DROP TABLE "recovery_plans"`);
    await queryRunner.query(`ALTER TABLE "customers" DROP COLUMN "phone_flag_reason"`);
    await queryRunner.query(`ALTER TABLE "customers" DROP COLUMN "phone_flagged_at"`);
    await queryRunner.query(`ALTER TABLE "customers" DROP COLUMN "preferred_contact_time"`);
    for (const column of ['recovery_contact_every_days', 'second_revisit_after_seconds', 'second_revisit_tiers', 'revisit_max_attempts', 'revisit_retry_delays', 'revisit_assign_to', 'revisit_reach_within_seconds']) {
      await queryRunner.query(`ALTER TABLE "sla_policies" DROP COLUMN "${column}"`);
    }
  }
}
