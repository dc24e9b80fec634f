import { MigrationInterface, QueryRunner } from 'typeorm';

const HOUR = 3600;
const ladder = (managerAfter: number) =>
  JSON.stringify([
    { level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' },
    { level: 2, afterBreachSeconds: managerAfter, notifyRole: 'manager' },
  ]);

/**
 * Default response standards from the domain brief: ordinary complaints acknowledged within
 * 4 h, serious within 1 h, major within 30 min (senior management notified at intake); all
 * resolved within 24 h. Diamond and platinum customers get half the acknowledge time.
 */
const DEFAULTS: [string, string | null, string | null, number, number, number, string | null, string][] = [
  // name, severity, tier, rank, acknowledge s, resolve s, notify at intake, ladder
  ['Default (any complaint)', null, null, 1000, 4 * HOUR, 24 * HOUR, null, ladder(4 * HOUR)],
  ['Ordinary', 'ordinary', null, 100, 4 * HOUR, 24 * HOUR, null, ladder(4 * HOUR)],
  ['Serious', 'serious', null, 100, 1 * HOUR, 24 * HOUR, null, ladder(2 * HOUR)],
  ['Major', 'major', null, 100, 30 * 60, 24 * HOUR, 'manager', ladder(1 * HOUR)],
  ['Ordinary, diamond customer', 'ordinary', 'diamond', 50, 2 * HOUR, 24 * HOUR, null, ladder(2 * HOUR)],
  ['Ordinary, platinum customer', 'ordinary', 'platinum', 50, 2 * HOUR, 24 * HOUR, null, ladder(2 * HOUR)],
  ['Serious, diamond customer', 'serious', 'diamond', 50, 30 * 60, 24 * HOUR, null, ladder(1 * HOUR)],
  ['Serious, platinum customer', 'serious', 'platinum', 50, 30 * 60, 24 * HOUR, null, ladder(1 * HOUR)],
  ['Major, diamond customer', 'major', 'diamond', 50, 15 * 60, 24 * HOUR, 'manager', ladder(HOUR / 2)],
  ['Major, platinum customer', 'major', 'platinum', 50, 15 * 60, 24 * HOUR, 'manager', ladder(HOUR / 2)],
];

export class SeedSlaPolicies1795440806946 implements MigrationInterface {
  name = 'SeedSlaPolicies1795440806946';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, severity, tier, rank, ack, resolve, notify, escalation] of DEFAULTS) {
      await queryRunner.query(
        `INSERT INTO sla_policies (name, match_severity, match_customer_tier, rank, acknowledge_within_seconds, resolve_within_seconds,
                                   revisit_within_seconds, warn_at_ratio, escalation, notify_at_intake_role, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0.75, $8::jsonb, $9, 1)`,
        [name, severity, tier, rank, ack, resolve, 72 * HOUR, escalation, notify],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sla_policies WHERE name = ANY($1)`, [DEFAULTS.map((d) => d[0])]);
  }
}
