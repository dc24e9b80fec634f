import { MigrationInterface, QueryRunner } from 'typeorm';
import { CalendarDefinition } from '../src/sla/clock/business-calendar';
import { ClockState, countedSecondsAtStop } from '../src/sla/clock/complaint-clock';

/**
 * Manager reports (issue 13):
 * - `sla_clocks.elapsed_business_seconds`: what a stopped clock counted (business seconds from
 *   its start to its stop in its calendar, pauses excluded), written by the SLA module with
 *   every clock change; backfilled here for the clocks already stopped, with the same pure
 *   clock function;
 * - indexes the reports read through: complaints by `received_at`, clocks by kind and start
 *   (covering the columns the reports read), and the `escalated` / `reopened` events of a complaint.
 */
export class Reports1795470000013 implements MigrationInterface {
  name = 'Reports1795470000013';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sla_clocks" ADD "elapsed_business_seconds" double precision`);
    await queryRunner.query(`CREATE INDEX "ix_complaints_received_at" ON "complaints" ("received_at") `);
    // Carries every column the reports read, so a period's clocks are an index-only scan.
    await queryRunner.query(
      `CREATE INDEX "ix_sla_clocks_kind_started" ON "sla_clocks" ("kind", "started_at") INCLUDE ("complaint_id", "status", "due_at", "stopped_at", "paused_at", "elapsed_business_seconds")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_complaint_events_escalated_reopened" ON "complaint_events" ("complaint_id", "type") WHERE type IN ('escalated', 'reopened')`,
    );

    const calendars = new Map<string, CalendarDefinition>();
    const calendarRows: { id: string; timezone: string; weekly_hours: CalendarDefinition['weeklyHours']; holidays: string[]; extra_working_days: string[] }[] =
      await queryRunner.query(`SELECT id, timezone, weekly_hours, holidays, extra_working_days FROM calendars`);
    for (const c of calendarRows) calendars.set(c.id, { timezone: c.timezone, weeklyHours: c.weekly_hours, holidays: c.holidays, extraWorkingDays: c.extra_working_days });

    // Stopped clocks, a page at a time (keyset on id).
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; kind: ClockState['kind']; calendar_id: string | null; started_at: Date; target_seconds: number; paused_at: Date | null; stopped_at: Date; pauses: { from: string; to: string | null }[] }[] =
        await queryRunner.query(
          `SELECT id, kind, calendar_id, started_at, target_seconds, paused_at, stopped_at, pauses FROM sla_clocks
            WHERE status = 'stopped' AND stopped_at IS NOT NULL AND id > $1 ORDER BY id LIMIT 5000`,
          [after],
        );
      if (rows.length === 0) break;
      const counted = rows.map((r) =>
        countedSecondsAtStop(
          {
            kind: r.kind,
            status: 'stopped',
            startedAt: new Date(r.started_at),
            targetSeconds: Number(r.target_seconds),
            pauses: (r.pauses ?? []).map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
            pausedBusinessSeconds: 0,
            pausedAt: r.paused_at === null ? null : new Date(r.paused_at),
            stoppedAt: new Date(r.stopped_at),
            warnAtRatio: 0,
            escalation: [],
          },
          r.calendar_id === null ? null : (calendars.get(r.calendar_id) ?? null),
        ),
      );
      await queryRunner.query(
        `UPDATE sla_clocks k SET elapsed_business_seconds = x.counted FROM unnest($1::uuid[], $2::float8[]) AS x(id, counted) WHERE k.id = x.id`,
        [rows.map((r) => r.id), counted],
      );
      after = rows[rows.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_complaint_events_escalated_reopened"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sla_clocks_kind_started"`);
    await queryRunner.query(`DROP INDEX "public"."ix_complaints_received_at"`);
    await queryRunner.query(`ALTER TABLE "sla_clocks" DROP COLUMN "elapsed_business_seconds"`);
  }
}
