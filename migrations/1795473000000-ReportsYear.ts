import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA report over a year (src/reports):
 * - `report_seconds(float8)`: array_agg for float8 that parallel workers can combine (PostgreSQL
 *   15's array_agg has no combine function, so a query using it aggregates in one process); the
 *   SLA report collects the business seconds of each group with it and takes nearest-rank
 *   percentiles over the arrays;
 * - `ix_complaints_received_at` carries the columns the reports read of a complaint, so the
 *   complaints of a period are an index-only scan instead of a visit to every heap page that
 *   holds one.
 */
export class ReportsYear1795473000000 implements MigrationInterface {
  name = 'ReportsYear1795473000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE AGGREGATE report_seconds(double precision) (SFUNC = array_append, STYPE = double precision[], COMBINEFUNC = array_cat, PARALLEL = SAFE)`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_complaints_received_at"`);
    await queryRunner.query(
      `CREATE INDEX "ix_complaints_received_at" ON "complaints" ("received_at") INCLUDE ("id", "status", "acknowledged_at", "escalation_level", "assignee_id", "customer_id", "severity", "priority", "channel", "category", "is_repeat")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_complaints_received_at"`);
    await queryRunner.query(`CREATE INDEX "ix_complaints_received_at" ON "complaints" ("received_at") `);
    await queryRunner.query(`DROP AGGREGATE report_seconds(double precision)`);
  }
}
