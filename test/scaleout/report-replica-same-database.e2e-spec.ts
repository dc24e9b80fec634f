import type { AuthHeaders, TestApp } from '../support/test-app';
import { databaseUrl, workerDatabase } from '../support/test-env';

// The replica URL names the primary's own database, under an application name of its own so
// that its connections can be told apart in pg_stat_activity.
const REPLICA_APPLICATION = 'cdt-report-replica';
process.env.DATABASE_REPLICA_URL = `${databaseUrl(workerDatabase())}?application_name=${REPLICA_APPLICATION}`;

describe('Reports with DATABASE_REPLICA_URL on the same database (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    // Imported after DATABASE_REPLICA_URL is set: the app reads its environment when its modules load.
    const { createTestApp } = require('../support/test-app') as typeof import('../support/test-app');
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('answers with what the primary just took in, through the replica connection', async () => {
    const { complaintBody } = require('../support/test-app') as typeof import('../support/test-app');
    const total = async () => {
      const res = await t.http().get('/api/v1/reports/backlog').set(admin).expect(200);
      return (res.body.rows as { count: number }[]).reduce((sum, row) => sum + row.count, 0);
    };
    const before = await total();
    await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    expect(await total()).toBe(before + 1);

    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [REPLICA_APPLICATION]);
    expect(n).toBeGreaterThan(0);
  });
});
