import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revisit's call is a moment of its clock: `sla_clocks.revisit_call` holds what the call is
 * (revisit, round, attempt, assignee, when), and its due time is a `due` row of `sla_firings`,
 * fired by the deadline sweep as `revisit_due` (webhook `revisit.due`). Open revisits get theirs
 * here; those already due fire on the first sweep after the upgrade.
 */
export class RevisitDue1795472400020 implements MigrationInterface {
  name = 'RevisitDue1795472400020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sla_clocks" ADD "revisit_call" jsonb`);
    await queryRunner.query(
      `UPDATE sla_clocks k
          SET revisit_call = jsonb_build_object('at', r.due_at, 'revisitId', r.id, 'round', r.round, 'attempt', r.attempt_count + 1, 'assigneeId', r.assignee_id)
         FROM revisits r
        WHERE r.clock_id = k.id AND r.status = 'scheduled' AND k.status <> 'stopped'`,
    );
    await queryRunner.query(
      `INSERT INTO sla_firings (clock_id, complaint_id, firing, due_at)
       SELECT k.id, k.complaint_id, 'due', r.due_at
         FROM sla_clocks k JOIN revisits r ON r.clock_id = k.id
        WHERE r.status = 'scheduled' AND k.status <> 'stopped'
       ON CONFLICT (clock_id, firing) DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sla_firings WHERE firing = 'due'`);
    await queryRunner.query(`ALTER TABLE "sla_clocks" DROP COLUMN "revisit_call"`);
  }
}
