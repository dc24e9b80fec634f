import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Triage: one row per complaint with the suggestion made at intake and staff's confirmation;
 * the corrections log (newest-first index for the admin list, GIN index on the touched labels
 * for ?label=, which TypeORM cannot declare on the entity).
 */
export class Triage1795441517079 implements MigrationInterface {
    name = 'Triage1795441517079'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "triage_corrections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "suggestion" jsonb NOT NULL, "confirmation" jsonb NOT NULL, "diff" jsonb NOT NULL, "labels" text array NOT NULL DEFAULT '{}', "changed" boolean NOT NULL, "text_excerpt" character varying(500) NOT NULL, "lexicon_version" character varying(32) NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(200), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_triage_corrections" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_triage_corrections_complaint" ON "triage_corrections" ("complaint_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_triage_corrections_created_at_id" ON "triage_corrections" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_triage_corrections_labels" ON "triage_corrections" USING gin ("labels")`);
        await queryRunner.query(`CREATE TABLE "complaint_triage" ("complaint_id" uuid NOT NULL, "suggestion" jsonb NOT NULL, "lexicon_version" character varying(32) NOT NULL, "confirmed" jsonb, "confirmed_by_type" character varying(16), "confirmed_by_id" uuid, "confirmed_by_name" character varying(200), "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "dominant" character varying(16) NOT NULL, "emotional_intensity" smallint NOT NULL, "risk_flags" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_complaint_triage" PRIMARY KEY ("complaint_id"))`);
        await queryRunner.query(`ALTER TABLE "triage_corrections" ADD CONSTRAINT "fk_triage_corrections_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "complaint_triage" ADD CONSTRAINT "fk_complaint_triage_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "complaint_triage" DROP CONSTRAINT "fk_complaint_triage_complaint"`);
        await queryRunner.query(`ALTER TABLE "triage_corrections" DROP CONSTRAINT "fk_triage_corrections_complaint"`);
        await queryRunner.query(`DROP TABLE "complaint_triage"`);
        await queryRunner.query(`DROP INDEX "public"."ix_triage_corrections_labels"`);
        await queryRunner.query(`DROP INDEX "public"."ix_triage_corrections_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_triage_corrections_complaint"`);
        await queryRunner.query(`DROP TABLE "triage_corrections"`);
    }

}
