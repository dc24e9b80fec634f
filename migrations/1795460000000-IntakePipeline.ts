import { MigrationInterface, QueryRunner } from 'typeorm';
import { LedgerAction, pausesFromLedger } from '../src/sla/clock/complaint-clock';

/**
 * The intake pipeline and deadline truth:
 * - complaints keep the name of who took them in (`takenInBy.name`);
 * - each clock keeps its list of pauses (only pauses before a point shift it), backfilled
 *   from the clock ledger;
 * - calendars record the version their running clocks follow (a recompute after an edit);
 * - deadline wake-ups are per due bucket and a stale one is harmless, so the job-removal
 *   outbox goes.
 */
export class IntakePipeline1795460000000 implements MigrationInterface {
  name = 'IntakePipeline1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "complaints" ADD "intake_actor_name" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "sla_clocks" ADD "pauses" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "calendars" ADD "clocks_version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`UPDATE "calendars" SET "clocks_version" = "version"`);
    await queryRunner.query(`DROP TABLE "sla_job_removals"`);

    const rows: { clock_id: string; entries: { action: LedgerAction; at: string }[] }[] = await queryRunner.query(
      `SELECT l.clock_id, json_agg(json_build_object('action', l.action, 'at', l.at) ORDER BY l.seq) AS entries
         FROM sla_clock_ledger l
        WHERE l.clock_id IN (SELECT clock_id FROM sla_clock_ledger WHERE action = 'pause' OR (action = 'resume' AND reason = 'reopened'))
        GROUP BY l.clock_id`,
    );
    for (const row of rows) {
      const pauses = pausesFromLedger(row.entries.map((e) => ({ action: e.action, at: new Date(e.at) })));
      await queryRunner.query(`UPDATE sla_clocks SET pauses = $2::jsonb WHERE id = $1`, [
        row.clock_id,
        JSON.stringify(pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null }))),
      ]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_job_removals" ("job_id" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sla_job_removals" PRIMARY KEY ("job_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sla_job_removals_created_at" ON "sla_job_removals" ("created_at") `);
    await queryRunner.query(`ALTER TABLE "calendars" DROP COLUMN "clocks_version"`);
    await queryRunner.query(`ALTER TABLE "sla_clocks" DROP COLUMN "pauses"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "intake_actor_name"`);
  }
}
