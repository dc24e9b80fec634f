import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaJobRemovals1795444527002 implements MigrationInterface {
    name = 'SlaJobRemovals1795444527002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "sla_job_removals" ("job_id" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sla_job_removals" PRIMARY KEY ("job_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_job_removals_created_at" ON "sla_job_removals" ("created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_sla_job_removals_created_at"`);
        await queryRunner.query(`DROP TABLE "sla_job_removals"`);
    }

}
