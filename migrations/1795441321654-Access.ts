import { MigrationInterface, QueryRunner } from "typeorm";

export class Access1795441321654 implements MigrationInterface {
    name = 'Access1795441321654'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "supervisor_id" uuid, "active" boolean NOT NULL DEFAULT true, "password_hash" character varying(255) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "chk_users_role" CHECK ("role" IN ('front_desk', 'agent', 'supervisor', 'manager', 'admin')), CONSTRAINT "chk_users_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "pk_users" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email") `);
        await queryRunner.query(`CREATE INDEX "ix_users_role_created_at" ON "users" ("role", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_users_created_at_id" ON "users" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "login_attempts" ("email" character varying(320) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "pk_login_attempts" PRIMARY KEY ("email"))`);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "prefix" character varying(8) NOT NULL, "secret_hash" character(64) NOT NULL, "created_by_id" uuid, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_prefix" ON "api_keys" ("prefix") `);
        await queryRunner.query(`CREATE INDEX "ix_api_keys_created_at_id" ON "api_keys" ("created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_supervisor" FOREIGN KEY ("supervisor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_supervisor"`);
        await queryRunner.query(`DROP INDEX "public"."ix_api_keys_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_api_keys_prefix"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP TABLE "login_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_role_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
